"""Staff, posts and assignments.

A post is a place in a unit (profession, grade, share of a full-time post). Its holder can change
once during the history (turnover): the first holder's assignment ends on `switch_day`, the next
starts the day after. Visits and named contacts pick a post and then its holder on the day.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from navet.identifiers import SYNTHETIC_ORG_NUMBER, make_hsa_id
from navet.organisation.models import LICENSED_PROFESSIONS, Profession
from navet.synth import config, names
from navet.synth.organisation import Organisation
from navet.synth.timeutil import NEVER

PROFESSIONS = tuple(Profession.values)
PROF = {p: i for i, p in enumerate(PROFESSIONS)}
GRADES = ("", "specialist", "st", "other")
ROLES = ("staff", "unit_head", "coordinator")

# Per unit kind: (profession, grade, specialty, FTE per unit of the kind's driver, minimum heads).
# Drivers: listed persons/1 000 (health centre), beds (ward), visits/10 000 (ED, clinic),
# inhabitants 65+/1 000 (home health care), clients (home care), places (nursing home),
# clients/100 (social services), inhabitants/1 000 × 0.13 children (school), inhabitants/100 000.
_GP = 1000 / config.LISTED_PER_DOCTOR_FTE
STAFFING = {
    "health_centre": (
        1000,
        (
            ("doctor", "specialist", "general_practice", _GP * 0.62, 1),
            ("doctor", "st", "general_practice", _GP * 0.25, 0),
            ("doctor", "other", "general_practice", _GP * 0.13, 0),
            ("district_nurse", "", "", 0.34, 1),
            ("nurse", "", "", 0.25, 1),
            ("assistant_nurse", "", "", 0.2, 0),
            ("physiotherapist", "", "", 0.12, 1),
            ("psychologist", "", "", 0.05, 0),
            ("counsellor", "", "", 0.05, 0),
            ("occupational_therapist", "", "", 0.03, 0),
            ("dietitian", "", "", 0.01, 0),
            ("administrator", "", "", 0.15, 0),
        ),
    ),
    "inpatient_ward": (
        1,
        (
            ("doctor", "specialist", "ward", 0.08, 1),
            ("doctor", "st", "ward", 0.05, 0),
            ("doctor", "other", "ward", 0.03, 0),
            ("nurse", "", "", 0.6, 3),
            ("assistant_nurse", "", "", 0.6, 3),
            ("physiotherapist", "", "", 0.04, 0),
            ("occupational_therapist", "", "", 0.03, 0),
        ),
    ),
    "emergency_department": (
        10_000,
        (
            ("doctor", "specialist", "emergency_medicine", 3, 1),
            ("doctor", "st", "emergency_medicine", 2, 0),
            ("doctor", "other", "other", 2, 0),
            ("nurse", "", "", 8, 2),
            ("assistant_nurse", "", "", 6, 2),
        ),
    ),
    "specialist_clinic": (
        10_000,
        (
            ("doctor", "specialist", "unit", 3.5, 1),
            ("doctor", "st", "unit", 1, 0),
            ("nurse", "", "", 2, 1),
            ("assistant_nurse", "", "", 1, 0),
            ("administrator", "", "", 0.5, 0),
        ),
    ),
    "home_health_care": (
        1000,
        (
            ("nurse", "", "", 3.5, 2),
            ("physiotherapist", "", "", 0.6, 0),
            ("occupational_therapist", "", "", 0.6, 0),
        ),
    ),
    "home_care": (1, (("assistant_nurse", "", "", 0.35, 3),)),
    "nursing_home": (1, (("assistant_nurse", "", "", 0.75, 3), ("nurse", "", "", 0.035, 1))),
    "social_services": (100, (("care_manager", "", "", 0.8, 1),)),
    "school_health": (
        1000,
        (
            ("nurse", "", "", 2.3, 1),
            ("psychologist", "", "", 0.7, 0),
            ("counsellor", "", "", 2.0, 0),
            ("doctor", "specialist", "paediatrics", 0.1, 0),
        ),
    ),
    "mobile_team": (
        100_000,
        (
            ("doctor", "specialist", "general_practice", 1.5, 1),
            ("nurse", "", "", 4, 2),
            ("assistant_nurse", "", "", 1, 0),
        ),
    ),
}
UNIT_HEAD = {  # kind: ((profession, grade, specialty, probability), …)
    "health_centre": (
        ("district_nurse", "", "", 0.5),
        ("doctor", "specialist", "general_practice", 0.5),
    ),
    "inpatient_ward": (("nurse", "", "", 1.0),),
    "emergency_department": (
        ("nurse", "", "", 0.6),
        ("doctor", "specialist", "emergency_medicine", 0.4),
    ),
    "specialist_clinic": (("nurse", "", "", 0.5), ("doctor", "specialist", "unit", 0.5)),
    "home_health_care": (("nurse", "", "", 1.0),),
    "home_care": (("other", "", "", 0.7), ("assistant_nurse", "", "", 0.3)),
    "nursing_home": (("other", "", "", 0.6), ("nurse", "", "", 0.4)),
    "social_services": (("care_manager", "", "", 0.6), ("other", "", "", 0.4)),
    "school_health": (("nurse", "", "", 0.6), ("other", "", "", 0.4)),
    "mobile_team": (
        ("district_nurse", "", "", 0.6),
        ("doctor", "specialist", "general_practice", 0.4),
    ),
}
FTE_CHOICES = np.array([1.0, 0.9, 0.8, 0.75, 0.5])
FTE_WEIGHTS = np.array([0.55, 0.10, 0.15, 0.10, 0.10])
FEMALE_SHARE = {
    "doctor": 0.5,
    "nurse": 0.88,
    "district_nurse": 0.95,
    "assistant_nurse": 0.9,
    "physiotherapist": 0.7,
    "occupational_therapist": 0.9,
    "psychologist": 0.75,
    "counsellor": 0.85,
    "care_manager": 0.88,
    "dietitian": 0.9,
    "administrator": 0.8,
    "other": 0.7,
}


@dataclass
class Staffing:
    posts: dict[str, np.ndarray]  # unit, profession, grade, specialty, role, fte, holder1, …
    staff: dict[str, np.ndarray]  # hsa_id, given_name, family_name, profession, grade, …

    def holder_on(self, post: np.ndarray, day: np.ndarray) -> np.ndarray:
        p = self.posts
        return np.where(day <= p["switch_day"][post], p["holder1"][post], p["holder2"][post])

    def unit_head_names(self, n_units: int) -> np.ndarray:
        """Per unit, the full name of its head ("" for a unit without one)."""
        posts, staff = self.posts, self.staff
        names = np.char.add(
            np.char.add(staff["given_name"].astype(str), " "), staff["family_name"].astype(str)
        )
        head = np.full(n_units, "", dtype=object)
        is_head = posts["role"] == "unit_head"
        head[posts["unit"][is_head]] = names[posts["holder1"][is_head]]
        return head


def _plan(org: Organisation, rng: np.random.Generator) -> list[tuple]:
    """(unit, profession, grade, specialty, role, heads) for every unit, in unit order."""
    u = org.units
    plan = []
    for i in range(org.n_units):
        kind = u["kind"][i]
        per, rows = STAFFING[kind]
        driver = u["capacity"][i] / per
        specialty_of = {"ward": u["specialty"][i], "unit": u["specialty"][i]}
        options = UNIT_HEAD[kind]
        pick = options[int(rng.choice(len(options), p=[o[3] for o in options]))]
        plan.append((i, pick[0], pick[1], specialty_of.get(pick[2], pick[2]), "unit_head", 1))
        if kind == "mobile_team":
            plan.append((i, "district_nurse", "", "", "coordinator", 1))
        for profession, grade, specialty, fte_per, minimum in rows:
            fte = driver * fte_per
            heads = round(fte / float(FTE_CHOICES @ FTE_WEIGHTS))
            if heads == 0 and fte >= 0.2:
                heads = 1
            heads = max(heads, minimum)
            if heads:
                plan.append(
                    (i, profession, grade, specialty_of.get(specialty, specialty), "staff", heads)
                )
    return plan


def build_staffing(
    org: Organisation,
    county_code: str,
    start_day: int,
    end_day: int,
    years: int,
    rng: np.random.Generator,
) -> Staffing:
    plan = _plan(org, rng)
    heads = np.array([row[5] for row in plan])
    rep = lambda col: np.repeat(np.array([row[col] for row in plan], dtype=object), heads)  # noqa: E731
    unit = np.repeat(np.array([row[0] for row in plan]), heads)
    profession, grade, specialty, role = rep(1), rep(2), rep(3), rep(4)
    n = len(unit)
    fte = np.where(role == "staff", FTE_CHOICES[rng.choice(5, size=n, p=FTE_WEIGHTS)], 1.0)
    turnover = 1 - (1 - config.STAFF_TURNOVER_PER_YEAR) ** years
    switches = (role == "staff") & (rng.random(n) < turnover)
    switch_day = np.where(switches, rng.integers(start_day, end_day, n), NEVER).astype(np.int64)
    from_day = (start_day - rng.integers(30, 15 * 365, n)).astype(np.int64)

    # Dual assignments: a few staff also serve a second unit of the same kind (0.5 + 0.5).
    kinds = org.units["kind"]
    eligible = np.flatnonzero(
        (role == "staff")
        & ~switches
        & np.isin(
            kinds[unit],
            ["health_centre", "inpatient_ward", "home_health_care", "home_care", "nursing_home"],
        )
        & (rng.random(n) < config.DUAL_ASSIGNMENT_SHARE)
    )
    extra_unit = []
    keep = []
    for post in eligible:
        same_kind = np.flatnonzero(kinds == kinds[unit[post]])
        local = same_kind[
            org.units["municipality"][same_kind] == org.units["municipality"][unit[post]]
        ]
        others = [u for u in (local if len(local) > 1 else same_kind) if u != unit[post]]
        if others:
            keep.append(post)
            extra_unit.append(int(others[rng.integers(len(others))]))
    keep = np.array(keep, dtype=np.int64)
    fte[keep] = 0.5
    holder1 = np.arange(n)
    holder2 = np.where(switches, n + np.cumsum(switches) - 1, -1)
    n_staff = n + int(switches.sum())
    posts = {
        "unit": np.r_[unit, np.array(extra_unit, dtype=np.int64)],
        "profession": np.r_[profession, profession[keep]],
        "grade": np.r_[grade, grade[keep]],
        "specialty": np.r_[specialty, specialty[keep]],
        "role": np.r_[role, role[keep]],
        "fte": np.r_[fte, fte[keep]],
        "holder1": np.r_[holder1, holder1[keep]],
        "holder2": np.r_[holder2, holder2[keep]],
        "switch_day": np.r_[switch_day, switch_day[keep]],
        "from_day": np.r_[from_day, start_day - rng.integers(30, 5 * 365, len(keep))],
    }
    posts["profession_code"] = np.array([PROF[p] for p in posts["profession"]], dtype=np.int16)
    # Staff: one per post holder; the second holders come after the first ones.
    who = np.r_[np.arange(n), np.flatnonzero(switches)]
    staff_profession = profession[who]
    total_fte = fte[who].copy()
    total_fte[keep] = 1.0
    staff = {
        "hsa_id": np.array(
            [
                make_hsa_id(SYNTHETIC_ORG_NUMBER, f"{county_code}PE{k + 1:06d}")
                for k in range(n_staff)
            ],
            dtype=object,
        ),
        "profession": staff_profession,
        "grade": grade[who],
        "specialty": specialty[who],
        "licensed": np.array([p in LICENSED_PROFESSIONS for p in staff_profession]),
        "fte": total_fte,
    }
    staff.update(_staff_names(staff_profession, rng))
    return Staffing(posts, staff)


def _staff_names(profession: np.ndarray, rng: np.random.Generator) -> dict[str, np.ndarray]:
    n = len(profession)
    female = rng.random(n) < np.array([FEMALE_SHARE.get(p, 0.7) for p in profession])
    cohort = np.where(rng.random(n) < 0.55, 1, 2)
    first = names.first_name_table()
    given = np.empty(n, dtype=object)
    for (sex, c), pool in first.items():
        mask = (female == (sex == "F")) & (cohort == c)
        given[mask] = pool[rng.choice(len(pool), mask.sum(), p=names.zipf_weights(len(pool)))]
    family = np.array(names.FAMILY_NAMES, dtype=object)
    fam = family[rng.choice(len(family), n, p=names.zipf_weights(len(family), 0.9))]
    return {"given_name": given, "family_name": fam, "sex": np.where(female, "F", "M")}
