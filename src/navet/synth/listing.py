"""Listing at a health centre and named contacts.

Named contacts: fast läkarkontakt (named_doctor), fast vårdkontakt (named_care_contact) and fast
omsorgskontakt (named_social_care_contact).
"""

from __future__ import annotations

import numpy as np

from navet.synth import config
from navet.synth.geography import County, neighbour_weights
from navet.synth.hospital import DECEASED, OPEN, OTHER_WARD
from navet.synth.organisation import Organisation
from navet.synth.population import Window, municipality_on
from navet.synth.rng import grouped_choice
from navet.synth.staffing import Staffing
from navet.synth.timeutil import NEVER

ROLES = ("named_doctor", "named_care_contact", "named_social_care_contact")


def lookup(row_person, row_from, row_to, person, day) -> np.ndarray:
    """Index of the period row covering (person, day), or -1. Rows must not overlap per person.

    Works for days or seconds alike: keys are person × width + (value − smallest value).
    """
    if len(row_person) == 0 or len(person) == 0:
        return np.full(len(person), -1, dtype=np.int64)
    low = min(int(row_from.min()), int(day.min()))
    width = max(int(row_from.max()), int(day.max())) - low + 1
    keys = row_person.astype(np.int64) * width + (row_from.astype(np.int64) - low)
    order = np.argsort(keys, kind="stable")
    q = person.astype(np.int64) * width + (day.astype(np.int64) - low)
    pos = np.searchsorted(keys[order], q, side="right") - 1
    found = order[np.maximum(pos, 0)]
    ok = (pos >= 0) & (row_person[found] == person) & (day <= row_to[found])
    return np.where(ok, found, -1)


def _health_centre_in(org: Organisation, municipality: np.ndarray, rng) -> np.ndarray:
    units = org.of_kind("health_centre")
    chosen = grouped_choice(
        rng,
        org.units["municipality"][units],
        org.units["capacity"][units],
        municipality.astype(np.int64),
    )
    return units[chosen]


def _elsewhere(county: County, municipality: np.ndarray, share: float, rng) -> np.ndarray:
    """Mostly the person's own municipality, `share` of the time a neighbouring one."""
    cum = np.cumsum(neighbour_weights(county), axis=1)
    cum /= np.maximum(cum[:, -1:], 1e-12)
    away = (rng.random(len(municipality)) < share) & (county.n > 1)
    other = (cum[municipality] <= rng.random(len(municipality))[:, None]).sum(axis=1)
    return np.where(away, np.minimum(other, county.n - 1), municipality)


def build_listings(
    persons: dict, county: County, org: Organisation, window: Window, rng: np.random.Generator
) -> dict[str, np.ndarray]:
    n = len(persons["sex"])
    birth, start = persons["birth_day"], persons["present_from"]
    newborn = birth >= window.start
    pre = start < window.start
    first_day = np.where(
        pre,
        start + (rng.random(n) * (window.start - start)).astype(np.int64),
        start + np.where(newborn, rng.integers(0, 40, n), rng.integers(0, 120, n)),
    )
    everyone = np.arange(n)
    listed = rng.random(n) >= config.NEVER_LISTED
    first_muni = municipality_on(persons, everyone, first_day)
    first_unit = _health_centre_in(
        org, _elsewhere(county, first_muni, config.LISTED_IN_OTHER_MUNICIPALITY, rng), rng
    )
    first_origin = np.where(
        newborn, rng.random(n) < 0.1, rng.random(n) < config.ACTIVE_CHOICE_SHARE
    )

    movers = np.flatnonzero(
        listed & (persons["move_day"] != NEVER) & (rng.random(n) < config.RELIST_AFTER_MOVE)
    )
    relist_day = persons["move_day"][movers] + rng.integers(0, 90, len(movers))
    relist_unit = _health_centre_in(org, persons["municipality"][movers], rng)

    changers = np.flatnonzero(
        listed & (rng.random(n) < config.LISTING_CHANGE_PER_YEAR * window.years)
    )
    earliest = np.maximum(window.start, first_day[changers] + 30)  # not before the first listing
    span = np.maximum(window.end - earliest + 1, 1)
    change_day = earliest + (rng.random(len(changers)) * span).astype(np.int64)
    change_unit = _health_centre_in(
        org, _elsewhere(county, municipality_on(persons, changers, change_day), 0.25, rng), rng
    )

    who = np.concatenate([everyone[listed], movers, changers])
    day = np.concatenate([first_day[listed], relist_day, change_day])
    unit = np.concatenate([first_unit[listed], relist_unit, change_unit])
    active = np.concatenate([first_origin[listed], np.ones(len(movers) + len(changers), bool)])
    order = np.lexsort((day, who))
    who, day, unit, active = who[order], day[order], unit[order], active[order]
    keep = (day <= persons["present_to"][who]) & ~(
        np.r_[False, who[1:] == who[:-1]] & np.r_[False, unit[1:] == unit[:-1]]
    )
    keep &= np.r_[True, (who[1:] != who[:-1]) | (day[1:] != day[:-1])]
    who, day, unit, active = who[keep], day[keep], unit[keep], active[keep]
    same_next = np.r_[who[1:] == who[:-1], False]
    valid_to = np.where(same_next, np.r_[day[1:], 0] - 1, persons["death_day"][who])
    return {
        "person": who,
        "unit": unit,
        "valid_from": day,
        "valid_to": valid_to,
        "active_choice": active,
    }


def choose_usual_doctor(listings: dict, staffing: Staffing, rng) -> np.ndarray:
    """For every listing period a doctor post (specialist or ST) at the unit: the usual doctor."""
    p = staffing.posts
    doctors = np.flatnonzero(
        (p["profession"] == "doctor")
        & (p["role"] == "staff")
        & np.isin(p["grade"], ["specialist", "st"])
    )
    weight = p["fte"][doctors] * np.where(p["grade"][doctors] == "st", 0.5, 1.0)
    chosen = grouped_choice(rng, p["unit"][doctors], weight, listings["unit"])
    return np.where(chosen >= 0, doctors[np.maximum(chosen, 0)], -1)


def split_by_holder(
    staffing: Staffing, person, post, valid_from, valid_to, role, unit, rng, carry_on: float
) -> dict[str, np.ndarray]:
    """Named-contact rows for a post; when the holder leaves, `carry_on` of the contacts pass to
    the successor, the others end. Nobody is named before their holder started in the post."""
    switch = staffing.posts["switch_day"][post]
    started = staffing.posts["from_day"][post]
    valid_from = np.where(valid_from <= switch, np.maximum(valid_from, started), valid_from)
    keep = np.flatnonzero(valid_from <= valid_to)
    person, post, valid_from, valid_to = person[keep], post[keep], valid_from[keep], valid_to[keep]
    unit, switch = unit[keep], switch[keep]
    crosses = (switch >= valid_from) & (switch < valid_to)
    first_to = np.where(crosses, switch, valid_to)
    staff_first = staffing.holder_on(post, valid_from)
    go_on = crosses & (rng.random(len(post)) < carry_on)
    return {
        "source": keep[np.r_[np.arange(len(post)), np.flatnonzero(go_on)]],
        "person": np.r_[person, person[go_on]],
        "role": np.r_[np.full(len(person), role), np.full(go_on.sum(), role)].astype(np.int8),
        "staff": np.r_[staff_first, staffing.posts["holder2"][post[go_on]]],
        "unit": np.r_[unit, unit[go_on]],
        "valid_from": np.r_[valid_from, switch[go_on] + 1],
        "valid_to": np.r_[first_to, valid_to[go_on]],
    }


def named_doctor_probability(
    persons: dict, listings: dict, share: float = config.NAMED_DOCTOR_SHARE
) -> np.ndarray:
    """Per listing row: the chance of a named doctor. The relative weights by (65+, chronic) are
    scaled (and capped at 1) so that, over the listings open on the end date, the expected share
    with a named doctor is `share` (allowing for those who lose theirs, NAMED_DOCTOR_RETENTION)."""
    who = listings["person"]
    old = (persons["age_end"][who] >= 65).astype(int)
    chronic = persons["chronic"][who].astype(int)
    table = np.array([[config.NAMED_DOCTOR[(o, c)] for c in (False, True)] for o in (False, True)])
    weight = table[old, chronic]
    last = np.r_[who[1:] != who[:-1], True] & (persons["death_day"][who] == NEVER)
    target = min(share / config.NAMED_DOCTOR_RETENTION, 1.0)
    base = weight[last] if last.any() else weight
    if target <= 0 or len(base) == 0:
        return np.zeros(len(who))
    low, high = 0.0, 1.0 / max(float(base.min()), 1e-9)
    for _ in range(60):  # bisection: mean(min(1, k × weight)) is increasing in k
        k = (low + high) / 2
        if np.minimum(1.0, k * base).mean() < target:
            low = k
        else:
            high = k
    return np.minimum(1.0, high * weight)


def named_doctors(
    persons: dict,
    listings: dict,
    usual: np.ndarray,
    staffing: Staffing,
    window: Window,
    rng,
    share: float = config.NAMED_DOCTOR_SHARE,
) -> dict[str, np.ndarray]:
    who = listings["person"]
    probability = named_doctor_probability(persons, listings, share)
    has = (rng.random(len(who)) < probability) & (usual >= 0)
    span = np.minimum(listings["valid_to"], window.end) - listings["valid_from"]
    start = listings["valid_from"] + (rng.random(len(who)) * np.clip(span, 0, 3 * 365)).astype(
        np.int64
    )
    has &= start <= np.minimum(listings["valid_to"], window.end)
    rows = np.flatnonzero(has)
    named = split_by_holder(
        staffing,
        who[rows],
        usual[rows],
        start[rows],
        listings["valid_to"][rows],
        0,
        listings["unit"][rows],
        rng,
        0.7,
    )
    named["listing"] = rows[named.pop("source")]
    return named


def nurse_post_at(staffing: Staffing, units: np.ndarray, rng) -> np.ndarray:
    p = staffing.posts
    nurses = np.flatnonzero(
        np.isin(p["profession"], ["nurse", "district_nurse"]) & (p["role"] == "staff")
    )
    weight = p["fte"][nurses] * np.where(p["profession"][nurses] == "district_nurse", 2.0, 1.0)
    chosen = grouped_choice(rng, p["unit"][nurses], weight, units)
    return np.where(chosen >= 0, nurses[np.maximum(chosen, 0)], -1)


def named_care_contacts(
    persons: dict, listings: dict, staffing: Staffing, window: Window, rng
) -> dict[str, np.ndarray]:
    """Long-standing named care contacts for 65+ with many visits, in their last listing."""
    last = np.r_[listings["person"][1:] != listings["person"][:-1], True]
    rows = np.flatnonzero(last)
    who = listings["person"][rows]
    needs = (
        persons["chronic"][who]
        | (persons["home_care_day"][who] != NEVER)
        | (persons["nursing_home_day"][who] != NEVER)
    )
    p = np.where(
        needs, config.NAMED_CARE_CONTACT_65PLUS["needs"], config.NAMED_CARE_CONTACT_65PLUS["other"]
    ) * (persons["age_end"][who] >= 65)
    rows = rows[rng.random(len(rows)) < p]
    seg_from, seg_to = listings["valid_from"][rows], listings["valid_to"][rows]
    span = np.minimum(seg_to, window.end) - seg_from
    # Named care contacts are recent practice: appointed during the history or the year before.
    earliest = np.maximum(seg_from, window.start - 365)
    span = np.minimum(seg_to, window.end) - earliest
    start = earliest + (rng.random(len(rows)) * np.clip(span, 0, None)).astype(np.int64)
    post = nurse_post_at(staffing, listings["unit"][rows], rng)
    ok = post >= 0
    return split_by_holder(
        staffing,
        listings["person"][rows][ok],
        post[ok],
        start[ok],
        seg_to[ok],
        1,
        listings["unit"][rows][ok],
        rng,
        0.5,
    )


def social_care_contacts(persons: dict, home_care: dict, staffing: Staffing, rng) -> dict:
    """A named assistant nurse of the home-care unit for most people with home care."""
    rows = np.flatnonzero(rng.random(len(home_care["person"])) < config.NAMED_SOCIAL_CARE_CONTACT)
    p = staffing.posts
    aides = np.flatnonzero((p["profession"] == "assistant_nurse") & (p["role"] == "staff"))
    units = home_care["unit"][rows]
    chosen = grouped_choice(rng, p["unit"][aides], p["fte"][aides], units)
    rows, chosen = rows[chosen >= 0], chosen[chosen >= 0]
    start = home_care["valid_from"][rows] + rng.integers(0, 15, len(rows))
    end = home_care["valid_to"][rows]
    ok = start <= np.minimum(end, persons["present_to"][home_care["person"][rows]])
    rows, chosen, start = rows[ok], chosen[ok], start[ok]
    return split_by_holder(
        staffing,
        home_care["person"][rows],
        aides[chosen],
        start,
        home_care["valid_to"][rows],
        2,
        home_care["unit"][rows],
        rng,
        0.8,
    )


def concat(parts: list[dict]) -> dict[str, np.ndarray]:
    keys = [k for k in parts[0] if all(k in p for p in parts)]
    return {k: np.concatenate([p[k] for p in parts]) for k in keys}


def named_care_at_discharge(
    persons: dict,
    listings: dict,
    episodes: dict,
    care: dict,
    staffing: Staffing,
    window: Window,
    rng,
) -> dict[str, np.ndarray]:
    """Named care contacts appointed during a 65+ stay, before discharge (lag 2017:612)."""
    ep = episodes
    who = ep["person"]
    candidate = (
        (persons["age_end"][who] >= 65)
        & ~ep["psychiatric"]
        & (ep["destination"] != DECEASED)
        & (ep["destination"] != OTHER_WARD)
    )
    candidate &= ~np.isin(who, care["person"])
    rows = np.flatnonzero(candidate)
    first = rows[np.r_[True, who[rows][1:] != who[rows][:-1]]] if len(rows) else rows
    first = first[rng.random(len(first)) < config.NAMED_CARE_CONTACT_AT_DISCHARGE]
    adm_day = ep["adm"][first] // 86_400
    dis_day = np.where(ep["dis"][first] == OPEN, window.end, ep["dis"][first] // 86_400)
    start = adm_day + (rng.random(len(first)) * (dis_day - adm_day + 1)).astype(np.int64)
    person = who[first]
    listing = lookup(
        listings["person"], listings["valid_from"], listings["valid_to"], person, start
    )
    ok = listing >= 0
    person, start, listing = person[ok], start[ok], listing[ok]
    unit = listings["unit"][listing]
    post = nurse_post_at(staffing, unit, rng)
    ok = post >= 0
    return split_by_holder(
        staffing,
        person[ok],
        post[ok],
        start[ok],
        listings["valid_to"][listing[ok]],
        1,
        unit[ok],
        rng,
        0.5,
    )
