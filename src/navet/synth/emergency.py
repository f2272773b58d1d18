"""Emergency department visits: those that lead to an admission, and the rest (heavy-tailed).

Person-level gamma frailty with a small shape gives the long tail of frequent attenders
(≥ 4 visits in 12 months ≈ 3–5 % of attenders); a few heavy users add visits on top (some 20+).
"""

from __future__ import annotations

import numpy as np

from navet.synth import config
from navet.synth.hospital import OPEN, OTHER_WARD
from navet.synth.listing import lookup
from navet.synth.organisation import Organisation
from navet.synth.population import Window, municipality_on
from navet.synth.timeutil import DAY, HOUR, hour_of_day


def generate_ed_visits(
    persons: dict, org: Organisation, episodes: dict, window: Window, rng: np.random.Generator
) -> dict[str, np.ndarray]:
    n = len(persons["sex"])
    eds = org.of_kind("emergency_department")
    ed_of_hospital = np.full(len(org.hospitals), -1)
    ed_of_hospital[org.units["hospital_index"][eds]] = eds

    # Visits that end in an acute admission: a few hours before arrival on the ward.
    ep = episodes
    first_of_stay = ~np.isin(np.arange(len(ep["person"])), _second_parts(ep))
    linked = np.flatnonzero(
        ep["acute"]
        & first_of_stay
        & (rng.random(len(ep["person"])) < config.ED_LINKED_TO_ACUTE_ADMISSION)
    )
    linked_time = ep["adm"][linked] - rng.integers(int(1.5 * HOUR), 8 * HOUR, len(linked))
    linked_unit = ed_of_hospital[org.units["hospital_index"][ep["unit"][linked]]]
    keep = linked_time >= window.start * DAY
    linked, linked_time, linked_unit = linked[keep], linked_time[keep], linked_unit[keep]

    # Visits without admission: the national total minus the linked ones, shared by frailty.
    lo = np.maximum(persons["present_from"], window.start)
    hi = persons["present_to"]
    exposure = np.maximum(hi - lo + 1, 0) / 365.25
    weight = rng.gamma(config.ED_FRAILTY_SHAPE, 1 / config.ED_FRAILTY_SHAPE, n)
    weight *= (
        np.sqrt(persons["frailty"]) * np.array(config.ED_INDEPENDENT_AGE_FACTOR)[persons["band"]]
    )
    adult = (persons["age_end"] >= 18) & (persons["age_end"] < 85)
    heavy = adult & (rng.random(n) < config.ED_HEAVY_USERS)
    heavy_rate = rng.uniform(8, 35, n)
    target = config.ED_VISITS_PER_1000 / 1000 * exposure.sum() - len(linked)
    target -= (heavy_rate * exposure)[heavy].sum()
    rate = weight / (weight * exposure)[~heavy].sum() * max(target, 0)
    rate = np.where(heavy, heavy_rate, rate)
    count = rng.poisson(rate * exposure)
    who = np.repeat(np.arange(n), count)
    day = lo[who] + (rng.random(len(who)) * (hi[who] - lo[who] + 1)).astype(np.int64)
    moment = day * DAY + hour_of_day(rng, config.ED_HOURS, len(who))
    hospital = org.hospital_of_municipality[municipality_on(persons, who, day)]
    elsewhere = rng.random(len(who)) < config.OTHER_ED_SHARE
    hospital = np.where(elsewhere, rng.integers(0, len(org.hospitals), len(who)), hospital)
    unit = ed_of_hospital[hospital]
    # Nobody walks into the ED while on a ward.
    dis = np.where(ep["dis"] == OPEN, np.iinfo(np.int64).max, ep["dis"])
    inside = lookup(ep["person"], ep["adm"], dis, who, moment) >= 0
    # Time in the ED: median ≈ 4 h (§5.6); admitted patients leave when they reach the ward.
    stay = np.minimum(rng.lognormal(np.log(4.2 * HOUR), 0.5, int((~inside).sum())), 20 * HOUR)
    return {
        "person": np.r_[ep["person"][linked], who[~inside]],
        "unit": np.r_[linked_unit, unit[~inside]],
        "arrival": np.r_[linked_time, moment[~inside]],
        "departure": np.r_[ep["adm"][linked], moment[~inside] + stay.astype(np.int64)],
    }


def _second_parts(ep: dict) -> np.ndarray:
    """Episodes that continue a transfer (the previous episode ended with other_ward)."""
    same = np.r_[False, ep["person"][1:] == ep["person"][:-1]]
    after_transfer = np.r_[False, ep["destination"][:-1] == OTHER_WARD]
    return np.flatnonzero(same & after_transfer)
