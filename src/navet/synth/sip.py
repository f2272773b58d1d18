"""SIPs (samordnade individuella planer) for the target groups, in every stage, with meetings.

Three groups (config.SIP_*): older people with home care, children 6–17 with school involvement,
adults 18–64 with mental ill-health (after a psychiatric stay, or long-term). A person gets at
most one plan in the history. Each plan walks the stages upptäck → förbered → kalla → möte →
följ upp → avsluta with drawn delays; whatever would happen after the end date has not happened
yet, so the plans on the end date are spread over all stages, and some follow-ups are overdue.
The coordinator's unit is the listing health centre (region) or a municipal unit of the kind
that meets the group (municipality). Documented agreements are not generated here.
"""

from __future__ import annotations

import numpy as np

from navet.synth import config
from navet.synth.hospital import OPEN
from navet.synth.listing import lookup
from navet.synth.living import _unit_in
from navet.synth.population import Window, age_on, municipality_on
from navet.synth.timeutil import DAY, NEVER

STAGES = ("discover", "prepare", "invite", "meeting", "follow_up", "closed")
MODES = ("on_site", "video", "phone")
GROUPS = ("older", "child", "adult")
MUNICIPAL_KIND = {"older": "home_health_care", "child": "school_health", "adult": "social_services"}


def _first_in(rng, start: np.ndarray, end: np.ndarray, rate: np.ndarray):
    """For exposures [start, end] at `rate` a year: whether a plan starts, and the day."""
    years = np.maximum(end - start, 0) / 365.25
    starts = rng.random(len(start)) < 1 - np.exp(-rate * years)
    day = start + (rng.random(len(start)) * np.maximum(end - start, 0)).astype(np.int64)
    return starts, day


def _candidates(persons: dict, episodes: dict, window: Window, rng) -> tuple[np.ndarray, ...]:
    """(person, start day, group) of every drawn plan; the earliest per person is kept."""
    n = len(persons["sex"])
    everyone = np.arange(n)
    birth, present_from = persons["birth_day"], persons["present_from"]
    last = np.minimum(persons["present_to"], window.end)
    first = np.maximum(present_from, window.start)
    parts = []

    hc, nh = persons["home_care_day"], persons["nursing_home_day"]
    older_from = np.maximum(first, np.maximum(hc, birth + 65 * 365))
    older_to = np.minimum(last, nh - 1)
    rate = np.where(hc != NEVER, config.SIP_HOME_CARE_65PLUS_PER_YEAR, 0.0)
    hit, day = _first_in(rng, older_from, older_to, rate)
    parts.append((everyone[hit], day[hit], 0))

    low, high = config.SIP_CHILD_AGES
    child_from = np.maximum(first, birth + int(low * 365.25))
    child_to = np.minimum(last, birth + int(high * 365.25) - 1)
    rate = np.asarray(config.SIP_CHILD_PER_YEAR)[persons["chronic"].astype(int)]
    hit, day = _first_in(rng, child_from, child_to, rate)
    parts.append((everyone[hit], day[hit], 1))

    adult_from = np.maximum(first, birth + 18 * 365)
    adult_to = np.minimum(last, birth + 65 * 365 - 1)
    rate = np.where(persons["chronic"], config.SIP_ADULT_CHRONIC_PER_YEAR, 0.0)
    hit, day = _first_in(rng, adult_from, adult_to, rate)
    parts.append((everyone[hit], day[hit], 2))

    discharged = (episodes["dis"] != OPEN) & episodes["psychiatric"]
    who = episodes["person"][discharged]
    dis_day = episodes["dis"][discharged] // DAY + rng.integers(0, 15, discharged.sum())
    age = age_on(birth[who], dis_day)
    keep = (
        (age >= 18)
        & (age < 65)
        & (dis_day >= window.start)
        & (dis_day <= last[who])
        & (rng.random(len(who)) < config.SIP_AFTER_PSYCHIATRIC_DISCHARGE)
    )
    parts.append((who[keep], dis_day[keep], 2))

    person = np.concatenate([p for p, _, _ in parts]).astype(np.int64)
    start = np.concatenate([d for _, d, _ in parts]).astype(np.int64)
    group = np.concatenate([np.full(len(p), g, np.int64) for p, _, g in parts])
    order = np.lexsort((group, start, person))
    person, start, group = person[order], start[order], group[order]
    first_of_person = np.r_[True, person[1:] != person[:-1]]
    return person[first_of_person], start[first_of_person], group[first_of_person]


def _timeline(rng, start: np.ndarray, death: np.ndarray, end: int) -> dict[str, np.ndarray]:
    """Stage days of each plan (NEVER: not (yet) reached by the end date)."""
    n = len(start)
    prepare = start + rng.integers(*config.SIP_DAYS_TO_PREPARE, n)
    declined = rng.random(n) < config.SIP_DECLINED
    invite = np.where(declined, NEVER, prepare + rng.integers(*config.SIP_DAYS_TO_INVITE, n))
    meeting = np.where(declined, NEVER, invite + rng.integers(*config.SIP_DAYS_TO_MEETING, n))
    finalised = np.where(rng.random(n) < config.SIP_FINALISED_AT_MEETING, meeting, NEVER)
    followup = np.where(
        finalised < NEVER, finalised + rng.choice(config.SIP_FOLLOWUP_AFTER_DAYS, n), NEVER
    )
    outcome = rng.choice(3, n, p=config.SIP_FOLLOWUP_OUTCOME)
    followed_up = np.select(
        [outcome == 0, outcome == 1],
        [followup - rng.integers(0, 15, n), followup + rng.integers(1, 61, n)],
        NEVER,
    )
    followed_up = np.where(followup < NEVER, np.maximum(followed_up, finalised + 1), NEVER)
    closed = np.select(
        [
            declined,
            (followed_up < NEVER) & (rng.random(n) < config.SIP_CLOSED_AT_FOLLOWUP),
            (followup < NEVER)
            & (followed_up == NEVER)
            & (rng.random(n) < config.SIP_CLOSED_WITHOUT_FOLLOWUP),
            (meeting < NEVER) & (finalised == NEVER) & (rng.random(n) < 0.5),
        ],
        [
            prepare + rng.integers(0, 11, n),
            followed_up + rng.integers(0, 16, n),
            followup + rng.integers(20, 151, n),
            meeting + rng.integers(10, 61, n),
        ],
        NEVER,
    )
    closed = np.minimum(closed, np.where(death >= start, death, NEVER))
    days = {
        "initiated": start,
        "prepare": prepare,
        "invite": invite,
        "meeting": meeting,
        "finalised": finalised,
        "followed_up": followed_up,
        "closed": closed,
    }
    # Nothing happens after closing (a death), and nothing after the end date has happened yet.
    for name in ("prepare", "invite", "meeting", "finalised", "followed_up"):
        days[name] = np.where((days[name] > closed) | (days[name] > end), NEVER, days[name])
    days["closed"] = np.where(closed > end, NEVER, closed)
    # The follow-up date is set when the plan is finalised and may lie after the end date.
    days["followup"] = np.where(days["finalised"] < NEVER, followup, NEVER)
    return days


def _stage(days: dict[str, np.ndarray]) -> np.ndarray:
    reached = [
        days["prepare"] < NEVER,
        days["invite"] < NEVER,
        days["meeting"] < NEVER,
        days["finalised"] < NEVER,
        days["closed"] < NEVER,
    ]
    stage = np.zeros(len(days["initiated"]), np.int64)
    for index, hit in enumerate(reached, start=1):
        stage = np.where(hit, index, stage)
    return stage


def _remote(rng, day: np.ndarray, window: Window) -> np.ndarray:
    """Meeting mode codes into MODES: remote meetings become more common over the history."""
    first, last = config.SIP_REMOTE_SHARE
    share = first + (last - first) * np.clip((day - window.start) / max(window.days, 1), 0, 1)
    remote = rng.random(len(day)) < share
    phone = rng.random(len(day)) < config.SIP_PHONE_OF_REMOTE
    return np.where(remote, np.where(phone, 2, 1), 0)


def _coordinators(persons, org, listings, person, start, group, rng) -> np.ndarray:
    municipality = municipality_on(persons, person, start)
    found = lookup(listings["person"], listings["valid_from"], listings["valid_to"], person, start)
    fallback = _unit_in(org, "health_centre", municipality, rng)
    health_centre = np.where(found >= 0, listings["unit"][np.maximum(found, 0)], fallback)
    unit = health_centre.copy()
    for index, name in enumerate(GROUPS):
        mine = group == index
        municipal = mine & (rng.random(len(person)) < config.SIP_MUNICIPAL_INITIATOR[name])
        kind_unit = _unit_in(org, MUNICIPAL_KIND[name], municipality, rng)
        unit = np.where(municipal, kind_unit, unit)
    return unit


def _meetings(rng, days: dict[str, np.ndarray], window: Window) -> dict[str, np.ndarray]:
    """The SIP meeting and the follow-up meeting where they happened (held), and a booked
    meeting that was cancelled a few days before the held one, for some plans."""
    n = len(days["initiated"])
    index = np.arange(n)
    met, followed = days["meeting"] < NEVER, days["followed_up"] < NEVER
    before = days["meeting"] - rng.integers(3, 11, n)
    cancelled = met & (rng.random(n) < config.SIP_MEETING_CANCELLED) & (before >= days["initiated"])
    plan = np.r_[index[met], index[followed], index[cancelled]]
    day = np.r_[days["meeting"][met], days["followed_up"][followed], before[cancelled]]
    held = np.r_[np.ones(met.sum() + followed.sum(), bool), np.zeros(cancelled.sum(), bool)]
    mode = _remote(rng, day, window)
    order = np.lexsort((day, plan))
    return {"plan": plan[order], "day": day[order], "mode": mode[order], "held": held[order]}


def _own_goals(rng, days: dict[str, np.ndarray], window: Window) -> np.ndarray:
    """Finalised plans carry the person's own goals more often as the history goes on."""
    finalised = days["finalised"] < NEVER
    progress = np.clip((days["finalised"] - window.start) / max(window.days, 1), 0, 1)
    first, last = config.SIP_OWN_GOALS
    share = np.where(finalised, first + (last - first) * progress, config.SIP_OWN_GOALS_DRAFT)
    share = np.where(days["prepare"] < NEVER, share, 0.0)
    return rng.random(len(share)) < share


def generate_sips(persons: dict, org, listings: dict, episodes: dict, window: Window, rng):
    """(plans, meetings): column dicts of plain arrays, plans sorted by person."""
    person, start, group = _candidates(persons, episodes, window, rng)
    days = _timeline(rng, start, persons["death_day"][person], window.end)
    unit = _coordinators(persons, org, listings, person, start, group, rng)
    kinds = [org.principals[i]["kind"] for i in org.units["principal"]]
    municipal = np.array([kind == "municipality" for kind in kinds], bool)
    plans = {
        "person": person,
        "group": group,
        "unit": unit,
        "municipal": municipal[unit],
        "stage": _stage(days),
        "own_goals": _own_goals(rng, days, window),
        **days,
    }
    return plans, _meetings(rng, days, window)
