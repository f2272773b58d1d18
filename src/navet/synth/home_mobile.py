"""Mobile-team requests and home visits (navet.mobile) for the generated county.

Three kinds of request, so that the 7-day outcome check finds real cases in the generated
activity data:

* anchored on an acute admission of someone 65+ (`ANCHOR_ADMISSION_SHARE` of them): the team
  visits 1–5 hours before the admission and the outcome is *admitted*;
* anchored on an ED visit of someone 65+ (`ANCHOR_ED_SHARE`): the team visits 1–6 days before
  the arrival and manages the person at home — the 7-day check shows the ED visit;
* the rest drawn from the people the teams serve (65+ with home care or a chronic illness,
  `REQUESTS_PER_YEAR`), triaged accept / advise / decline, managed at home or referred.

Rates are assumptions (docs/synth.md, "Care at home"), not measurements. Requests still open on
the end date (received, or accepted with the visit after it) are the teams' worklists; every
team gets `OPEN_PER_TEAM` requests received in the last hours so that no worklist is empty.
"""

from __future__ import annotations

import numpy as np

from navet.synth.home_common import (
    NONE,
    age_on,
    alive_on,
    end_moment,
    listed_unit,
    lognormal_hours,
    staff_on,
    team_per_municipality,
    unit_per_municipality,
)
from navet.synth.population import municipality_on
from navet.synth.rng import categorical, stream
from navet.synth.timeutil import DAY, HOUR, NEVER

CHANNELS = ("home_health_care", "health_centre", "1177", "emergency_department")
CHANNEL_WEIGHTS = (0.40, 0.25, 0.20, 0.15)
URGENCIES = ("acute", "same_day", "planned")
URGENCY_WEIGHTS = (0.20, 0.50, 0.30)
TRIAGES = ("accepted", "advised", "declined")
TRIAGE_WEIGHTS = (0.78, 0.14, 0.08)
OUTCOMES = ("managed_at_home", "referred", "admitted")
STATUSES = ("received", "accepted", "advised", "declined", "visited")
# Requests a year per person served: home care, chronic illness at 65+ (the teams' groups).
REQUESTS_PER_YEAR = {"home_care": 0.05, "chronic_65": 0.012}
ANCHOR_ADMISSION_SHARE = 0.012  # of acute admissions of people 65+
ANCHOR_ED_SHARE = 0.01  # of ED visits of people 65+
REFERRED_SHARE = 0.22  # of visits not anchored on an admission
OPEN_PER_TEAM = 4  # two still to triage, two accepted with the visit the next day
# Hours from the request to triage and to the visit, by urgency (median).
TRIAGE_HOURS = (0.3, 0.8, 3.0)
VISIT_HOURS = (1.0, 4.0, 40.0)


def generate(g) -> dict[str, np.ndarray]:
    rng = stream(g.params.seed, g.params.county_code, "mobile-teams")
    p, ep, ed = g.persons, g.episodes, g.ed_visits
    start = int(g.window.start) * DAY

    # Anchored on admissions: the visit shortly before.
    acute = np.flatnonzero(ep["acute"] & ~ep["psychiatric"] & (ep["adm"] >= start + 7 * DAY))
    acute = acute[age_on(g, ep["person"][acute], ep["adm"][acute] // DAY) >= 65]
    acute = acute[rng.random(len(acute)) < ANCHOR_ADMISSION_SHARE]
    adm_visit = ep["adm"][acute] - rng.integers(1 * HOUR, 5 * HOUR, len(acute))
    # Anchored on ED visits: managed at home, back at the ED within days.
    eds = np.flatnonzero(ed["arrival"] >= start + 7 * DAY)
    eds = eds[age_on(g, ed["person"][eds], ed["arrival"][eds] // DAY) >= 65]
    eds = eds[rng.random(len(eds)) < ANCHOR_ED_SHARE]
    ed_visit = ed["arrival"][eds] - rng.integers(1 * DAY, 6 * DAY, len(eds))
    # Drawn from the groups the teams serve.
    hc = p["home_care_day"] != NEVER
    served = np.flatnonzero((hc | (p["chronic"] & (p["age_end"] >= 65))) & (p["age_end"] >= 65))
    rate = np.where(hc[served], REQUESTS_PER_YEAR["home_care"], REQUESTS_PER_YEAR["chronic_65"])
    years = np.maximum(p["present_to"][served] - np.maximum(p["present_from"][served], 0), 0)
    count = rng.poisson(rate * np.minimum(years, g.window.days) / 365.25)
    who = np.repeat(served, count)
    random_day = g.window.start + (rng.random(len(who)) * g.window.days).astype(np.int64)
    random_moment = random_day * DAY + rng.integers(7 * HOUR, 21 * HOUR, len(who))

    person = np.r_[ep["person"][acute], ed["person"][eds], who].astype(np.int64)
    visit = np.r_[adm_visit, ed_visit, np.full(len(who), NONE)].astype(np.int64)
    kind = np.r_[np.full(len(acute), 2), np.full(len(eds), 1), np.zeros(len(who), int)]
    urgency = categorical(rng, URGENCY_WEIGHTS, len(person)).astype(np.int64)
    urgency[kind == 2] = np.minimum(urgency[kind == 2], 1)
    lead = lognormal_hours(rng, np.array(VISIT_HOURS)[urgency], 0.5, len(person))
    received = np.where(
        kind > 0, visit - lead, np.r_[np.zeros(len(person) - len(who)), random_moment]
    )
    triage_delay = np.minimum(
        lognormal_hours(rng, np.array(TRIAGE_HOURS)[urgency], 0.6, len(person)), lead // 2
    )
    triage = categorical(rng, TRIAGE_WEIGHTS, len(person)).astype(np.int64)
    triage[kind > 0] = 0
    visit = np.where(kind > 0, visit, received + lead)
    keep = alive_on(g, person, received // DAY) & (received >= start)
    keep &= (visit // DAY <= p["death_day"][person]) | (triage != 0)

    requests = _build(g, rng, person, received, triage_delay, triage, visit, urgency, kind, keep)
    return _with_open(g, rng, requests)


def _build(g, rng, person, received, triage_delay, triage, visit, urgency, kind, keep) -> dict:
    end = end_moment(g)
    idx = np.flatnonzero(keep)
    person, received, visit = person[idx], received[idx], visit[idx]
    urgency, kind, triage = urgency[idx], kind[idx], triage[idx]
    triaged = received + triage_delay[idx]
    outcome = np.where(rng.random(len(idx)) < REFERRED_SHARE, 1, 0)
    outcome = np.where(kind == 2, 2, np.where(kind == 1, 0, outcome))
    status = np.select(
        [triaged > end, triage == 1, triage == 2, visit > end], [0, 2, 3, 1], default=4
    )
    return _finish(g, rng, person, received, triaged, triage, visit, urgency, outcome, status)


def _finish(g, rng, person, received, triaged, triage, visit, urgency, outcome, status) -> dict:
    day = received // DAY
    muni = municipality_on(g.persons, person, day)
    channel = categorical(rng, CHANNEL_WEIGHTS, len(person)).astype(np.int64)
    team = team_per_municipality(g)[muni]
    from_unit = np.select(
        [channel == 0, channel == 1, channel == 3],
        [
            unit_per_municipality(g, "home_health_care")[muni],
            listed_unit(g, person, day),
            unit_per_municipality(g, "emergency_department")[muni],
        ],
        default=-1,
    )
    channel = np.where((channel == 1) & (from_unit < 0), 2, channel)  # not listed: via 1177
    visited = status == 4
    planned = np.isin(status, (1, 4))
    staff = staff_on(g, team, visit // DAY, ("nurse", "district_nurse"), rng)
    doctor = staff_on(g, team, visit // DAY, ("doctor",), rng)
    order = np.lexsort((person, received))
    table = {
        "person": person,
        "team": team,
        "channel": channel,
        "from_unit": from_unit,
        "urgency": urgency,
        "received": received,
        "status": status,
        "triage": np.where(status == 0, -1, triage),
        "triaged": np.where(status == 0, NONE, triaged),
        "planned": np.where(planned, visit - 15 * 60 * (urgency == 2), NONE),
        "visit": np.where(visited, visit, NONE),
        "outcome": np.where(visited, outcome, -1),
        "nurse": np.where(visited, staff, -1),
        "doctor": np.where(visited & (rng.random(len(person)) < 0.4), doctor, -1),
    }
    return {k: np.asarray(v)[order] for k, v in table.items()}


def _with_open(g, rng, requests: dict) -> dict:
    """Add `OPEN_PER_TEAM` requests received in the last hours of the end date per team, for
    people 65+ with home care in the team's area (the worklist on the data date)."""
    p, end = g.persons, end_moment(g)
    teams = team_per_municipality(g)
    alive = np.flatnonzero(
        (p["present_to"] >= g.window.end) & (p["age_end"] >= 65) & (p["home_care_day"] != NEVER)
    )
    extra = []
    for team in np.unique(teams):
        here = alive[np.isin(p["municipality"][alive], np.flatnonzero(teams == team))]
        if len(here):
            extra.append(rng.choice(here, size=min(OPEN_PER_TEAM, len(here)), replace=False))
    person = np.concatenate(extra).astype(np.int64) if extra else np.zeros(0, np.int64)
    n = len(person)
    received = end - rng.integers(1 * HOUR, 10 * HOUR, n)
    urgency = np.arange(n) % 3
    accepted = np.arange(n) % OPEN_PER_TEAM >= 2
    triaged = np.where(accepted, np.minimum(received + 20 * 60, end), NONE)
    visit = (g.window.end + 1) * DAY + 10 * HOUR + (np.arange(n) % 4) * HOUR
    zeros = np.zeros(n, np.int64)
    status = accepted.astype(np.int64)
    added = _finish(g, rng, person, received, triaged, zeros, visit, urgency, zeros, status)
    return {k: np.r_[requests[k], added[k]] for k in requests}


def seven_day_outcome(g, requests: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(ED visit within 7 days, admission within 7 days, known) per request: after the visit
    and at most 7 days later (navet.mobile.selectors.outcome_check); unknown while the 7 days
    have not passed on the end date, or without a visit."""
    visit, person = requests["visit"], requests["person"]
    known = (visit != NONE) & (visit + 7 * DAY <= end_moment(g))
    return (
        _any_between(g.ed_visits["person"], g.ed_visits["arrival"], person, visit),
        _any_between(g.episodes["person"], g.episodes["adm"], person, visit),
        known,
    )


def _any_between(event_person, event_moment, person, visit) -> np.ndarray:
    """Whether the person has an event in (visit, visit + 7 days]."""
    if not len(event_person) or not len(person):
        return np.zeros(len(person), bool)
    width = int(max(event_moment.max(), visit.max()) + 8 * DAY) + 1
    keys = np.sort(event_person.astype(np.int64) * width + event_moment.astype(np.int64))
    low = person * width + np.maximum(visit, 0)
    first_after = np.searchsorted(keys, low, side="right")
    high = np.searchsorted(keys, low + 7 * DAY, side="right")
    return (high > first_after) & (visit >= 0)
