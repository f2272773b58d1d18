"""Inpatient episodes: admissions, stays, transfers, readmissions, deaths in hospital.

Times are Europe/Stockholm wall-clock seconds here (`*_local`); the contract tables get UTC.
One episode is a stay on one ward; a transfer ends one episode (destination other_ward) and the
next starts within hours on another ward.
"""

from __future__ import annotations

import numpy as np

from navet.synth import config
from navet.synth.organisation import WARD_TYPES, Organisation
from navet.synth.population import Window, municipality_on
from navet.synth.rng import categorical, categorical_rows, grouped_choice
from navet.synth.timeutil import DAY, HOUR, NEVER, hour_of_day

DESTINATIONS = (
    "home",
    "other_ward",
    "nursing_home",
    "short_term",
    "other_hospital",
    "deceased",
    "other",
)
HOME, OTHER_WARD, NURSING_HOME, SHORT_TERM, OTHER_HOSPITAL, DECEASED, OTHER = range(7)
OPEN = -1  # no discharge yet on the end date
SOMATIC_WARDS = WARD_TYPES[:4]


def _lognormal_days(rng, mean: np.ndarray, sigma: float) -> np.ndarray:
    mu = np.log(mean) - sigma**2 / 2
    return rng.lognormal(mu, sigma)


def diagnoses() -> tuple[np.ndarray, dict[str, tuple[np.ndarray, np.ndarray]]]:
    """The distinct codes, and per ward type (indices into them, weights)."""
    codes = np.array(
        sorted({c for rows in config.DIAGNOSES.values() for c, _ in rows}), dtype=object
    )
    position = {c: i for i, c in enumerate(codes)}
    table = {
        ward: (np.array([position[c] for c, _ in rows]), np.array([w for _, w in rows], float))
        for ward, rows in config.DIAGNOSES.items()
    }
    return codes, table


class Wards:
    def __init__(self, org: Organisation) -> None:
        self.org = org
        self.units = org.of_kind("inpatient_ward")
        u = org.units
        self.type = np.array([WARD_TYPES.index(t) for t in u["ward_type"][self.units]])
        self.group = u["hospital_index"][self.units] * len(WARD_TYPES) + self.type

    def pick(self, hospital: np.ndarray, ward_type: np.ndarray, rng) -> np.ndarray:
        # Psychiatry exists at the main hospital only.
        hospital = np.where(ward_type == WARD_TYPES.index("psychiatry"), 0, hospital)
        chosen = grouped_choice(
            rng, self.group, np.ones(len(self.units)), hospital * len(WARD_TYPES) + ward_type
        )
        return self.units[chosen]


def _admissions(persons, who, day, rng, wards: Wards, dx, org: Organisation):
    """Type, ward, diagnosis, times and length of stay for admissions of `who` on `day`."""
    n = len(who)
    band = persons["band"][who]
    psych = rng.random(n) < np.array(config.PSYCHIATRIC_SHARE_BY_BAND)[band]
    acute = np.where(
        psych, rng.random(n) < 0.9, rng.random(n) < np.array(config.ACUTE_SHARE_BY_BAND)[band]
    )
    age = persons["age_end"][who]
    shares = [config.WARD_BY_ADMISSION[k] for k in ("acute", "acute75", "planned")]
    table = np.array([[s[w] for w in SOMATIC_WARDS] for s in shares])
    row = np.where(acute, np.where(age >= 75, 1, 0), 2)
    ward_type = np.where(psych, WARD_TYPES.index("psychiatry"), categorical_rows(rng, table, row))
    muni = municipality_on(persons, who, day)
    hospital = org.hospital_of_municipality[muni]
    unit = wards.pick(hospital, ward_type, rng)
    diagnosis = _diagnosis(rng, ward_type, dx)
    planned_day = np.where(acute, day, day + np.where((day + 3) % 7 >= 5, 7 - (day + 3) % 7, 0))
    tod = np.where(
        acute,
        hour_of_day(rng, config.ADMISSION_HOURS_ACUTE, n),
        7 * HOUR + rng.integers(0, 4 * HOUR, n),
    )
    adm = planned_day * DAY + tod
    mean = np.where(
        psych,
        config.LOS_MEAN_DAYS["psychiatric"],
        np.where(
            acute, np.array(config.LOS_MEAN_DAYS["acute"])[band], config.LOS_MEAN_DAYS["planned"]
        ),
    )
    los = np.minimum(_lognormal_days(rng, mean, np.where(psych, 0.9, 0.75)), 120)
    dis = _discharge_moment(rng, adm, los)
    return {
        "person": who,
        "unit": unit,
        "ward_type": ward_type,
        "acute": acute,
        "psychiatric": psych,
        "diagnosis": diagnosis,
        "adm": adm,
        "dis": dis,
    }


def _diagnosis(rng, ward_type: np.ndarray, dx) -> np.ndarray:
    _, table = dx
    out = np.zeros(len(ward_type), dtype=np.int64)
    for k, ward in enumerate(WARD_TYPES):
        mask = ward_type == k
        indices, weights = table[ward]
        out[mask] = indices[categorical(rng, weights, int(mask.sum()))]
    return out


def _discharge_moment(rng, adm: np.ndarray, los_days: np.ndarray) -> np.ndarray:
    day = (adm + (los_days * DAY).astype(np.int64)) // DAY
    dis = day * DAY + hour_of_day(rng, config.DISCHARGE_HOURS, len(adm))
    return np.maximum(dis, adm + HOUR * rng.integers(3, 10, len(adm)))


def _resolve_overlaps(ep: dict, limit: np.ndarray, rng) -> dict:
    """Sequential stays per person: an admission before the previous discharge moves after it."""
    order = np.lexsort((ep["adm"], ep["person"]))
    ep = {k: v[order] for k, v in ep.items()}
    person = ep["person"]
    first = np.searchsorted(person, person, side="left")
    rank = np.arange(len(person)) - first
    for r in range(1, int(rank.max()) + 1 if len(rank) else 0):
        at = np.flatnonzero(rank == r)
        prev = at - 1
        gap = ep["dis"][prev] + HOUR * rng.integers(12, 24 * 20, len(at))
        delta = np.maximum(0, gap - ep["adm"][at])
        ep["adm"][at] += delta
        ep["dis"][at] += delta
    keep = ep["adm"] // DAY <= limit[person]
    return {k: v[keep] for k, v in ep.items()}


def generate_episodes(persons: dict, org: Organisation, window: Window, rng) -> dict:
    n = len(persons["sex"])
    wards = Wards(org)
    dx = diagnoses()
    everyone = np.arange(n)
    lo = np.maximum(persons["present_from"], window.start)
    hi = persons["present_to"]
    dead = persons["death_day"] != NEVER
    at_nh = persons["nursing_home_day"] <= persons["death_day"]
    p_die = np.where(at_nh, config.DIE_IN_HOSPITAL["nursing_home"], config.DIE_IN_HOSPITAL["other"])
    terminal = dead & (rng.random(n) < p_die) & (persons["death_day"] >= lo)
    # Terminal stays: the person dies on the ward.
    tw = everyone[terminal]
    death_moment = persons["death_day"][tw] * DAY + rng.integers(0, DAY, len(tw))
    t_los = np.minimum(_lognormal_days(rng, np.full(len(tw), 7.0), 0.9), 40)
    t_adm = np.maximum(death_moment - (t_los * DAY).astype(np.int64), lo[tw] * DAY)
    term = _admissions(persons, tw, t_adm // DAY, rng, wards, dx, org)
    term["adm"] = np.minimum(t_adm, death_moment - HOUR)
    term["dis"] = death_moment
    term["acute"][:] = True
    limit = hi.copy()
    limit[tw] = t_adm // DAY - 1

    # Base admissions, rates normalised within age bands to the band targets.
    weight = (
        persons["frailty"] * rng.gamma(1.5, 1 / 1.5, n) * np.where(persons["chronic"], 1.5, 1.0)
    )
    weight *= np.where(
        persons["nursing_home_day"] <= hi, 1.3, np.where(persons["home_care_day"] <= hi, 1.8, 1.0)
    )
    exposure = np.maximum(limit - lo + 1, 0) / 365.25
    rate = np.zeros(n)
    band = persons["band"]
    for b, per_1000 in enumerate(config.EPISODES_PER_1000):
        mask = band == b
        if mask.any():
            rate[mask] = (
                per_1000 / 1000 * config.BASE_EPISODE_FACTOR * weight[mask] / weight[mask].mean()
            )
    count = rng.poisson(rate * exposure)
    who = np.repeat(everyone, count)
    day = lo[who] + (rng.random(len(who)) * np.maximum(limit[who] - lo[who] + 1, 0)).astype(
        np.int64
    )
    ep = _admissions(persons, who, day, rng, wards, dx, org)
    ep = _resolve_overlaps(ep, limit, rng)
    ep = _add_readmissions(ep, persons, limit, rng, wards, dx, org)
    # Nobody is on a ward when they die outside hospital, or before their terminal stay.
    outside = dead[ep["person"]] & ~terminal[ep["person"]]
    ep = _keep(ep, ~outside | (ep["dis"] // DAY < persons["death_day"][ep["person"]]))
    cut = terminal[ep["person"]]
    ep = _keep(ep, ~cut | (ep["dis"] < _terminal_adm(term, ep["person"], n)))
    ep["destination"] = np.full(len(ep["person"]), HOME, dtype=np.int8)
    term["destination"] = np.full(len(tw), DECEASED, dtype=np.int8)
    ep = _concat([ep, term])
    end_moment = (window.end + 1) * DAY
    ep = _transfers(ep, rng, wards, end_moment)
    order = np.lexsort((ep["adm"], ep["person"]))
    ep = {k: v[order] for k, v in ep.items()}
    still_in = ep["dis"] >= end_moment
    # Ready times from the true discharge, also of the stays that go on past the end: a patient
    # ready before the end and still in hospital is waiting (e.g. for a nursing-home place).
    _ready_times(ep, persons, window, rng)
    ep["dis"] = np.where(still_in, OPEN, ep["dis"])
    ep["destination"] = np.where(still_in, -1, ep["destination"]).astype(np.int8)
    ep["codes"] = dx[0]
    return ep


def _terminal_adm(term: dict, person: np.ndarray, n: int) -> np.ndarray:
    adm = np.full(n, np.iinfo(np.int64).max)
    adm[term["person"]] = term["adm"]
    return adm[person]


def _keep(ep: dict, mask: np.ndarray) -> dict:
    return {k: v[mask] for k, v in ep.items()}


def _concat(parts: list[dict]) -> dict:
    return {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}


def _add_readmissions(ep, persons, limit, rng, wards, dx, org) -> dict:
    """Explicit unplanned readmissions within 30 days after 65+ somatic discharges."""
    codes = dx[0]
    age = persons["age_end"][ep["person"]]
    prone = np.array([c.startswith(config.READMISSION_PRONE_PREFIXES) for c in codes])[
        ep["diagnosis"]
    ]
    p = config.READMISSION_65PLUS * np.where(prone, config.READMISSION_DIAGNOSIS_FACTOR, 1.0)
    p = p * np.clip(persons["frailty"][ep["person"]], 0.3, 3.0)
    index = np.flatnonzero((age >= 65) & ~ep["psychiatric"] & (rng.random(len(age)) < p))
    gap_days = np.arange(1, 31)
    gap = gap_days[categorical(rng, 1.0 / (gap_days + 7), len(index))]
    who = ep["person"][index]
    day = ep["dis"][index] // DAY + gap
    re = _admissions(persons, who, day, rng, wards, dx, org)
    re["acute"][:] = True
    re["psychiatric"][:] = False
    medicine = WARD_TYPES.index("medicine")
    geriatric = WARD_TYPES.index("geriatrics")
    re["ward_type"] = np.where(
        persons["age_end"][who] >= 80,
        np.where(rng.random(len(who)) < 0.4, geriatric, medicine),
        medicine,
    )
    muni = municipality_on(persons, who, day)
    re["unit"] = wards.pick(org.hospital_of_municipality[muni], re["ward_type"], rng)
    same = rng.random(len(who)) < 0.4
    re["diagnosis"] = np.where(same, ep["diagnosis"][index], _diagnosis(rng, re["ward_type"], dx))
    re["adm"] = np.maximum(re["adm"], ep["dis"][index] + 2 * HOUR)
    # Keep a readmission only if it ends before the person's next stay and within the history.
    combined = _concat([ep, re])
    is_re = np.r_[np.zeros(len(ep["person"]), bool), np.ones(len(who), bool)]
    order = np.lexsort((combined["adm"], combined["person"]))
    combined = {k: v[order] for k, v in combined.items()}
    is_re = is_re[order]
    nxt_same = np.r_[combined["person"][1:] == combined["person"][:-1], False]
    next_adm = np.r_[combined["adm"][1:], 0]
    prev_same = np.r_[False, combined["person"][1:] == combined["person"][:-1]]
    prev_dis = np.r_[0, combined["dis"][:-1]]
    fits = (~nxt_same | (combined["dis"] < next_adm)) & (~prev_same | (combined["adm"] > prev_dis))
    fits &= combined["adm"] // DAY <= limit[combined["person"]]
    return _keep(combined, ~is_re | fits)


def _transfers(ep: dict, rng, wards: Wards, end_moment: int) -> dict:
    """Split some somatic stays: first ward → other ward within hours (destination other_ward)."""
    long_enough = (ep["dis"] - ep["adm"]) >= 2 * DAY
    pick = np.flatnonzero(
        ~ep["psychiatric"]
        & long_enough
        & (ep["destination"] != DECEASED)
        & (rng.random(len(ep["person"])) < config.TRANSFER_SHARE * 1.6)
    )
    src_type = np.array(WARD_TYPES)[ep["ward_type"][pick]]
    to_type = np.array([WARD_TYPES.index(config.TRANSFER_TO[t]) for t in src_type], dtype=np.int64)
    hospital = wards.org.units["hospital_index"][ep["unit"][pick]]
    to_unit = wards.pick(hospital, to_type, rng)
    ok = to_unit != ep["unit"][pick]
    pick, to_type, to_unit = pick[ok], to_type[ok], to_unit[ok]
    split = ep["adm"][pick] + (
        (ep["dis"][pick] - ep["adm"][pick]) * rng.uniform(0.3, 0.6, len(pick))
    ).astype(np.int64)
    arrival = split + rng.integers(HOUR // 2, 6 * HOUR, len(pick))
    inside = arrival < end_moment  # the move happens within the history
    pick, split, arrival = pick[inside], split[inside], arrival[inside]
    to_unit, to_type = to_unit[inside], to_type[inside]
    second = {k: v[pick].copy() for k, v in ep.items()}
    second["adm"] = arrival
    second["dis"] = np.maximum(second["dis"], second["adm"] + HOUR)
    second["unit"], second["ward_type"] = to_unit, to_type
    ep["dis"][pick] = split
    ep["destination"][pick] = OTHER_WARD
    return _concat([ep, second])


def _ready_times(ep: dict, persons: dict, window: Window, rng) -> None:
    """Ready for discharge (utskrivningsklar) for part of the 65+ stays; most leave 0–2 days on."""
    n = len(ep["person"])
    who = ep["person"]
    age = persons["age_end"][who]
    needs = (persons["home_care_day"][who] <= ep["adm"] // DAY) | (
        persons["nursing_home_day"][who] <= ep["adm"] // DAY
    )
    share = config.READY_SHARE_65PLUS
    p = np.where(needs, share["needs"], np.where(age >= 80, share["80+"], share["65-79"]))
    p = np.where(ep["psychiatric"], share["psychiatric"], p) * (age >= 65)
    eligible = (ep["destination"] != OTHER_WARD) & (ep["destination"] != DECEASED)
    has = eligible & (rng.random(n) < p)
    days = np.array([d for d, _ in config.READY_WAIT_DAYS])
    wait = days[categorical(rng, [w for _, w in config.READY_WAIT_DAYS], n)]
    wait = wait + (wait >= 7) * rng.integers(0, 3, n)
    planned_dis = np.where(ep["dis"] == OPEN, ep["adm"] + 30 * DAY, ep["dis"])
    stay_days = (planned_dis // DAY) - (ep["adm"] // DAY)
    wait = np.minimum(wait, np.maximum(stay_days - 1, 0))
    ready = (planned_dis // DAY - wait) * DAY + rng.integers(8 * HOUR, 15 * HOUR, n)
    same_day = wait == 0
    ready = np.where(same_day, planned_dis - rng.integers(HOUR, 5 * HOUR, n), ready)
    ready = np.clip(ready, ep["adm"] + HOUR, np.maximum(planned_dis - HOUR, ep["adm"] + HOUR))
    has &= ready < (window.end + 1) * DAY
    ep["ready"] = np.where(has, ready, OPEN)


def discharge_stays(ep: dict, persons: dict, rng):
    """Moves to a nursing home and short-term stays that start on a discharge day.

    A nursing-home move planned within 30 days after a discharge is brought forward to the
    discharge day; some 65+ with home care or a ready-for-discharge decision go to a short-term
    stay. Returns the stays (person, first day, last day).
    """
    closed = (ep["dis"] != OPEN) & (ep["destination"] == HOME)
    who = ep["person"]
    dis_day = np.where(closed, ep["dis"] // DAY, NEVER)
    nh = persons["nursing_home_day"]
    soon = closed & (nh[who] > dis_day) & (nh[who] <= dis_day + 30)
    np.minimum.at(nh, who[soon], dis_day[soon])
    old = persons["age_end"][who] >= 65
    candidates = (
        closed
        & old
        & (nh[who] > dis_day)
        & ((persons["home_care_day"][who] <= dis_day) | (ep["ready"] != OPEN))
    )
    go = np.flatnonzero(candidates & (rng.random(len(who)) < config.SHORT_TERM_AFTER_DISCHARGE))
    low, high = config.SHORT_TERM_DAYS
    return who[go], dis_day[go], dis_day[go] + rng.integers(low, high + 1, len(go)) - 1


def finalise_destinations(ep: dict, state_on_discharge: np.ndarray, rng) -> None:
    """Destination from where the person lives after discharge; a few go elsewhere."""
    home = (ep["dis"] != OPEN) & (ep["destination"] == HOME)
    dest = np.full(len(home), HOME, dtype=np.int8)
    u = rng.random(len(home))
    (_, p_hospital), (_, p_other) = config.HOSPITAL_DESTINATIONS
    dest[u < p_hospital + p_other] = OTHER
    dest[u < p_hospital] = OTHER_HOSPITAL
    dest[state_on_discharge == 2] = NURSING_HOME
    dest[state_on_discharge == 3] = SHORT_TERM
    ep["destination"] = np.where(home, dest, ep["destination"]).astype(np.int8)
