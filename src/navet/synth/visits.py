"""Primary-care and specialist visits, care requests (vårdbegäran) and phone calls."""

from __future__ import annotations

import numpy as np

from navet.synth import config
from navet.synth.listing import lookup
from navet.synth.living import needs_care_on
from navet.synth.organisation import CLINICS, Organisation
from navet.synth.population import Window, municipality_on
from navet.synth.rng import categorical, categorical_rows, grouped_choice
from navet.synth.staffing import PROF, PROFESSIONS, Staffing
from navet.synth.timeutil import hour_of_day, to_weekday, weekday

FALLBACK = {
    "psychologist": ("counsellor", "nurse", "district_nurse"),
    "counsellor": ("psychologist", "nurse", "district_nurse"),
    "occupational_therapist": ("physiotherapist", "nurse", "district_nurse"),
    "dietitian": ("nurse", "district_nurse"),
    "assistant_nurse": ("nurse", "district_nurse"),
    "physiotherapist": ("nurse", "district_nurse"),
    "nurse": ("district_nurse", "doctor"),
    "district_nurse": ("nurse", "doctor"),
}
NPROF = len(PROFESSIONS)
FAST_ASSESSMENT = ("doctor", "nurse", "district_nurse")
ASSESSING = (
    "doctor",
    "nurse",
    "district_nurse",
    "physiotherapist",
    "psychologist",
    "counsellor",
    "occupational_therapist",
    "dietitian",
)


class PostPicker:
    """Weighted choice of a post by (unit, profession), with fallbacks for missing professions."""

    def __init__(self, staffing: Staffing, n_units: int) -> None:
        p = staffing.posts
        self.staffing = staffing
        self.posts = np.flatnonzero(p["role"] == "staff")
        self.group = p["unit"][self.posts] * NPROF + p["profession_code"][self.posts]
        self.weight = p["fte"][self.posts] * np.where(p["grade"][self.posts] == "st", 0.7, 1.0)
        available = np.zeros((n_units, NPROF), dtype=bool)
        available[p["unit"][self.posts], p["profession_code"][self.posts]] = True
        effective = np.tile(np.arange(NPROF), (n_units, 1))
        for profession, chain in FALLBACK.items():
            k = PROF[profession]
            for unit in np.flatnonzero(~available[:, k]):
                for alternative in chain:
                    if available[unit, PROF[alternative]]:
                        effective[unit, k] = PROF[alternative]
                        break
        self.effective = effective

    def pick(self, unit: np.ndarray, profession: np.ndarray, rng) -> tuple[np.ndarray, np.ndarray]:
        """(post, effective profession code) per visit; post -1 if the unit has no such staff."""
        prof = self.effective[unit, profession]
        chosen = grouped_choice(rng, self.group, self.weight, unit * NPROF + prof)
        return np.where(chosen >= 0, self.posts[np.maximum(chosen, 0)], -1), prof


def _rates(target: float, weight: np.ndarray, exposure: np.ndarray) -> np.ndarray:
    return target * weight * exposure.sum() / max((weight * exposure).sum(), 1e-12)


def primary_visits(
    persons, org: Organisation, staffing: Staffing, listings, usual, named, window: Window, rng
) -> dict[str, np.ndarray]:
    n = len(persons["sex"])
    lo = np.maximum(persons["present_from"], window.start)
    hi = persons["present_to"]
    exposure = np.maximum(hi - lo + 1, 0) / 365.25
    care = needs_care_on(persons, np.arange(n), hi)
    weight = (
        np.array(config.PRIMARY_VISITS_AGE_FACTOR)[persons["band"]]
        * persons["frailty"] ** 0.8
        * rng.gamma(4, 0.25, n)
        * np.where(persons["chronic"], 1.5, 1.0)
        * np.array([1.0, 1.4, 1.3])[care]
    )
    count = rng.poisson(_rates(config.PRIMARY_VISITS_PER_YEAR, weight, exposure) * exposure)
    who = np.repeat(np.arange(n), count)
    day = to_weekday(
        lo[who] + (rng.random(len(who)) * (hi[who] - lo[who] + 1)).astype(np.int64),
        rng,
        keep_share=0.03,
    )
    day = np.clip(day, lo[who], hi[who])
    state = needs_care_on(persons, who, day)
    table = np.array(
        [
            [row[1] for row in config.PRIMARY_PROFESSIONS],
            [row[2] for row in config.PRIMARY_PROFESSIONS],
            [0.7, 0.05, 0.05, 0.05, 0, 0, 0.05, 0.05, 0.05],
        ]
    )
    row = np.where(state == 2, 2, (persons["age_end"][who] >= 65).astype(int))
    profession = np.array([PROF[r[0]] for r in config.PRIMARY_PROFESSIONS])[
        categorical_rows(rng, table, row)
    ]
    forms = np.array([config.PRIMARY_FORMS[k] for k in ("own_home", "home_care", "nursing_home")])
    form = categorical_rows(rng, forms, state)

    listing = lookup(listings["person"], listings["valid_from"], listings["valid_to"], who, day)
    listed_unit = np.where(listing >= 0, listings["unit"][np.maximum(listing, 0)], -1)
    hcs = org.of_kind("health_centre")
    muni = municipality_on(persons, who, day)
    local = hcs[
        grouped_choice(rng, org.units["municipality"][hcs], org.units["capacity"][hcs], muni)
    ]
    drop_in = (listed_unit < 0) | (rng.random(len(who)) < 0.06)
    unit = np.where(drop_in, local, listed_unit)

    picker = PostPicker(staffing, org.n_units)
    post, profession = picker.pick(unit, profession, rng)
    staff = staffing.holder_on(np.maximum(post, 0), day)
    doctor = (profession == PROF["doctor"]) & (unit == listed_unit)
    # Continuity: the named doctor when there is one, else the person's usual doctor.
    doctors = named["role"] == 0
    nd = lookup(
        named["person"][doctors], named["valid_from"][doctors], named["valid_to"][doctors], who, day
    )
    has_named = doctor & (nd >= 0)
    loyalty_person = rng.beta(*config.LOYALTY_USUAL, n)
    loyal = rng.random(len(who)) < np.where(has_named, config.LOYALTY_NAMED, loyalty_person[who])
    # (-1 where none: with --named-doctor-share 0 there are no named doctors at all)
    named_staff = np.r_[named["staff"][doctors], -1][np.where(nd >= 0, nd, -1)]
    usual_post = usual[np.maximum(listing, 0)]
    usual_ok = doctor & ~has_named & loyal & (usual_post >= 0)
    staff = np.where(usual_ok, staffing.holder_on(np.maximum(usual_post, 0), day), staff)
    staff = np.where(has_named & loyal, named_staff, staff)
    return {
        "person": who,
        "staff": staff,
        "unit": unit,
        "profession": profession.astype(np.int16),
        "specialist": np.zeros(len(who), bool),
        "form": form.astype(np.int8),
        "day": day,
    }


def specialist_visits(
    persons, org: Organisation, staffing: Staffing, window: Window, rng
) -> dict[str, np.ndarray]:
    n = len(persons["sex"])
    lo = np.maximum(persons["present_from"], window.start)
    hi = persons["present_to"]
    exposure = np.maximum(hi - lo + 1, 0) / 365.25
    weight = (
        np.array(config.SPECIALIST_VISITS_AGE_FACTOR)[persons["band"]]
        * persons["frailty"] ** 0.7
        * np.where(persons["chronic"], 1.4, 1.0)
    )
    count = rng.poisson(_rates(config.SPECIALIST_VISITS_PER_YEAR, weight, exposure) * exposure)
    who = np.repeat(np.arange(n), count)
    day = to_weekday(
        lo[who] + (rng.random(len(who)) * (hi[who] - lo[who] + 1)).astype(np.int64), rng
    )
    day = np.clip(day, lo[who], hi[who])
    clinics = org.of_kind("specialist_clinic")
    order = org.units["clinic"][clinics]
    table = np.zeros((8, len(clinics)))  # rows: band × sex
    for k, c in enumerate(order):
        _, _, weights, women_only = CLINICS[c]
        for band in range(4):
            table[band * 2, k] = weights[band]
            table[band * 2 + 1, k] = 0 if women_only else weights[band]
    row = persons["band"][who] * 2 + persons["sex"][who]
    unit = clinics[categorical_rows(rng, table, row)]
    profession = np.where(rng.random(len(who)) < 0.8, PROF["doctor"], PROF["nurse"])
    post, profession = PostPicker(staffing, org.n_units).pick(unit, profession, rng)
    return {
        "person": who,
        "staff": staffing.holder_on(np.maximum(post, 0), day),
        "unit": unit,
        "profession": profession.astype(np.int16),
        "specialist": np.ones(len(who), bool),
        "form": categorical(rng, config.SPECIALIST_FORMS, len(who)).astype(np.int8),
        "day": day,
    }


def care_requests(visits: dict, persons: dict, window: Window, rng) -> dict[str, np.ndarray]:
    """A share of primary-care visits are the first assessment of a care request."""
    assessing = np.isin(visits["profession"], [PROF[p] for p in ASSESSING]) & ~visits["specialist"]
    rows = np.flatnonzero(assessing & (rng.random(len(assessing)) < config.CARE_REQUEST_SHARE))
    fast = np.isin(visits["profession"][rows], [PROF[p] for p in FAST_ASSESSMENT])
    speed = np.vstack([config.ASSESSMENT_WAIT["slow"], config.ASSESSMENT_WAIT["fast"]])
    bucket = categorical_rows(rng, speed, fast.astype(int))
    wait = np.where(
        bucket < 4,
        bucket,
        np.where(bucket == 4, rng.integers(4, 8, len(rows)), rng.integers(8, 31, len(rows))),
    )
    assessed = visits["day"][rows]
    received = assessed - wait
    who = visits["person"][rows]
    ok = (received >= window.start) & (received >= persons["present_from"][who])
    rows, received, assessed = rows[ok], received[ok], assessed[ok]
    reasons = categorical(rng, [p for _, p in config.CARE_REQUEST_REASONS], len(rows))
    # A few requests are never assessed (withdrawn), and the last days' requests are pending.
    never = rng.random(len(rows)) < config.CARE_REQUESTS_NEVER_ASSESSED
    pending = (received > window.end - 3) & (rng.random(len(rows)) < 0.5)
    assessed = np.where(never | pending, -1, assessed)
    return {
        "person": visits["person"][rows],
        "unit": visits["unit"][rows],
        "received": received,
        "reason": reasons.astype(np.int8),
        "assessed": assessed,
        "profession": visits["profession"][rows],
    }


def phone_calls(org: Organisation, listings: dict, window: Window, rng) -> dict[str, np.ndarray]:
    hcs = org.of_kind("health_centre")
    overlap = (
        np.minimum(listings["valid_to"], window.end)
        - np.maximum(listings["valid_from"], window.start)
        + 1
    )
    person_years = np.bincount(
        listings["unit"], weights=np.maximum(overlap, 0) / 365.25, minlength=org.n_units
    )[hcs]
    count = rng.poisson(config.PHONE_CALLS_PER_LISTED_PER_YEAR * person_years)
    unit = np.repeat(hcs, count)
    day = to_weekday(window.start + (rng.random(len(unit)) * window.days).astype(np.int64), rng)
    day = np.clip(day, window.start, window.end)
    seconds = hour_of_day(rng, config.PHONE_HOURS, len(unit))
    mean, concentration = config.PHONE_ANSWERED_SAME_DAY, 25
    unit_rate = np.zeros(org.n_units)
    unit_rate[hcs] = rng.beta(mean * concentration, (1 - mean) * concentration, len(hcs))
    p = unit_rate[unit] - 0.06 * (weekday(day) == 0) - 0.04 * (seconds < 9 * 3600) + 0.015
    return {
        "unit": unit,
        "moment": day.astype(np.int64) * 86_400 + seconds,
        "answered": rng.random(len(unit)) < np.clip(p, 0.05, 0.99),
    }
