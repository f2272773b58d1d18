"""Living situation: own home, home care, nursing home, short-term stays.

Long-term states (home care from `home_care_day`, nursing home from `nursing_home_day`) are drawn
first because they drive care use; short-term stays come from hospital discharges and planned
respite, and `build_segments` then turns everything into non-overlapping periods.
"""

from __future__ import annotations

import numpy as np

from navet.synth import config
from navet.synth.organisation import Organisation
from navet.synth.population import Window
from navet.synth.rng import grouped_choice
from navet.synth.timeutil import NEVER

STATES = ("own_home", "home_care", "nursing_home", "short_term_stay")
OWN, HOME_CARE, NURSING, SHORT = range(4)


def _by_age(table, age: np.ndarray) -> np.ndarray:
    edges = np.array([a for a, _ in table])
    values = np.array([0.0, *[p for _, p in table]])
    return values[np.searchsorted(edges, age, side="right")]


def assign_care(persons: dict, org: Organisation, window: Window, rng: np.random.Generator) -> None:
    n = len(persons["sex"])
    age = persons["age_end"]
    dead = persons["death_day"] != NEVER
    ref = persons["present_to"]
    earliest = np.maximum(persons["present_from"], persons["birth_day"] + 60 * 365)
    frail = persons["frailty"]
    boost = np.clip(frail, 0.3, 2.5)
    p_nh = np.where(
        dead,
        _by_age(config.NURSING_HOME_AT_DEATH_BY_AGE, age),
        _by_age(config.NURSING_HOME_BY_AGE, age) * boost / boost[age >= 65].mean(),
    )
    nursing = (rng.random(n) < p_nh) & (age >= 65)
    stay = np.where(dead, rng.exponential(1.6 * 365, n), rng.exponential(2.2 * 365, n))
    nh_day = np.where(nursing, np.maximum(ref - stay.astype(np.int64), earliest), NEVER)
    nursing &= nh_day <= ref
    nh_day = np.where(nursing, nh_day, NEVER)

    p_hc = np.where(
        dead & (age >= 65),
        config.HOME_CARE_AT_DEATH_65PLUS,
        _by_age(config.HOME_CARE_BY_AGE, age) * boost / boost[age >= 65].mean(),
    )
    p_hc = np.where(nursing, 0.7, p_hc)
    home_care = rng.random(n) < p_hc
    anchor = np.where(nursing, nh_day, ref)
    hc_day = anchor - rng.exponential(np.where(dead | nursing, 1.5, 2.5) * 365, n).astype(np.int64)
    hc_day = np.maximum(
        hc_day, np.maximum(persons["present_from"], persons["birth_day"] + 18 * 365)
    )
    home_care &= hc_day < anchor
    persons["home_care_day"] = np.where(home_care, hc_day, NEVER)
    persons["nursing_home_day"] = nh_day
    muni = persons["municipality"]
    persons["nursing_home_unit"] = _unit_in(org, "nursing_home", muni, rng)
    persons["home_care_unit"] = _unit_in(org, "home_care", muni, rng)


def _unit_in(org: Organisation, kind: str, municipality: np.ndarray, rng) -> np.ndarray:
    units = org.of_kind(kind)
    chosen = grouped_choice(
        rng,
        org.units["municipality"][units],
        org.units["capacity"][units] + 1e-6,
        municipality.astype(np.int64),
    )
    return units[chosen]


def needs_care_on(persons: dict, who: np.ndarray, day: np.ndarray) -> np.ndarray:
    """0 own home, 1 home care, 2 nursing home on `day` (short stays not included)."""
    state = np.where(day >= persons["home_care_day"][who], HOME_CARE, OWN)
    return np.where(day >= persons["nursing_home_day"][who], NURSING, state)


def respite_stays(persons: dict, window: Window, rng: np.random.Generator):
    """Planned short-term stays (växelvård) for people with home care: (person, start, end)."""
    hc = persons["home_care_day"]
    users = np.flatnonzero(hc != NEVER)
    lam = config.RESPITE_STAYS_PER_YEAR * window.years
    count = rng.poisson(lam, len(users))
    who = np.repeat(users, count)
    start = window.start + (rng.random(len(who)) * window.days).astype(np.int64)
    end = start + rng.integers(7, 22, len(who))
    ok = (
        (start >= hc[who])
        & (start < persons["nursing_home_day"][who])
        & (start <= persons["present_to"][who])
    )
    return who[ok], start[ok], end[ok]


def clean_stays(persons: dict, who, start, end):
    """Sort stays, clip them before a nursing-home move or death, drop overlapping ones."""
    end = np.minimum(
        end, np.minimum(persons["nursing_home_day"][who] - 1, persons["present_to"][who])
    )
    keep = end >= start
    who, start, end = who[keep], start[keep], end[keep]
    order = np.lexsort((start, who))
    who, start, end = who[order], start[order], end[order]
    big = np.int64(1) << 32
    running = np.maximum.accumulate(who.astype(np.int64) * big + end)
    previous_end = np.r_[-1, running[:-1] - who[1:].astype(np.int64) * big]
    previous_end = np.where(np.r_[False, who[1:] == who[:-1]], previous_end, -1)
    keep = start > previous_end
    who, start, end = who[keep], start[keep], end[keep]
    # Home care that would begin during a stay begins the day after it instead.
    hc = persons["home_care_day"]
    inside = (hc[who] > start) & (hc[who] <= end)
    np.maximum.at(hc, who[inside], end[inside] + 1)
    return who, start, end


def build_segments(persons: dict, stays) -> dict[str, np.ndarray]:
    """Non-overlapping periods per person with a state (STATES index); NEVER = open."""
    n = len(persons["sex"])
    everyone = np.arange(n)
    hc, nh = persons["home_care_day"], persons["nursing_home_day"]
    who_s, start_s, end_s = stays
    after = np.where(end_s + 1 >= hc[who_s], HOME_CARE, OWN)
    events = [
        (everyone, persons["present_from"], np.full(n, OWN)),
        (everyone[hc != NEVER], hc[hc != NEVER], np.full((hc != NEVER).sum(), HOME_CARE)),
        (who_s, start_s, np.full(len(who_s), SHORT)),
        (who_s, end_s + 1, after),
        (everyone[nh != NEVER], nh[nh != NEVER], np.full((nh != NEVER).sum(), NURSING)),
    ]  # on the same day the later kind wins: a move to a nursing home beats everything
    who = np.concatenate([e[0] for e in events]).astype(np.int64)
    day = np.concatenate([e[1] for e in events]).astype(np.int64)
    state = np.concatenate([e[2] for e in events]).astype(np.int8)
    priority = np.concatenate([np.full(len(e[0]), k) for k, e in enumerate(events)])
    order = np.lexsort((priority, day, who))
    who, day, state = who[order], day[order], state[order]
    day = np.maximum(day, persons["present_from"][who])
    valid = day <= persons["present_to"][who]
    who, day, state = who[valid], day[valid], state[valid]
    # Same day: the last event of the day wins; then merge runs of the same state.
    last_of_day = np.r_[(who[1:] != who[:-1]) | (day[1:] != day[:-1]), True]
    who, day, state = who[last_of_day], day[last_of_day], state[last_of_day]
    changes = np.r_[True, (who[1:] != who[:-1]) | (state[1:] != state[:-1])]
    who, day, state = who[changes], day[changes], state[changes]
    same_next = np.r_[who[1:] == who[:-1], False]
    valid_to = np.where(same_next, np.r_[day[1:], 0] - 1, NEVER)
    dead = persons["death_day"][who] != NEVER
    valid_to = np.where(~same_next & dead, persons["death_day"][who], valid_to)
    return {"person": who, "state": state, "valid_from": day, "valid_to": valid_to}


def state_at_end(persons: dict, segments: dict) -> np.ndarray:
    """Living situation on the end date (or at death): the state of each person's last period."""
    n = len(persons["sex"])
    out = np.zeros(n, dtype=np.int8)
    last = np.r_[segments["person"][1:] != segments["person"][:-1], True]
    out[segments["person"][last]] = segments["state"][last]
    return out
