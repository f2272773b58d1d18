"""A small random county for engine-parity tests: every table, every indicator non-trivial.

Deterministic (one numpy seed). The synthetic county generator (navet.synth) makes far more
realistic data; the parity test uses it when it is installed and this otherwise.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from navet.followup.tests.builder import SnapshotBuilder

DOCTORS = ("D1", "D2", "D3", "D4")
WARDS = ("W1", "W2")
DIAGNOSES = ("I50.9", "J44.1", "R07.4", "S72.0", "E11.6", "N39.0", "K25.4", "G40.9")
DESTINATIONS = ("home", "home", "home", "other_ward", "nursing_home", "deceased", "other")


def _day(rng, first: str, last: str) -> dt.date:
    start, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    return start + dt.timedelta(days=int(rng.integers(0, (end - start).days + 1)))


def _moment(rng, first: str, last: str) -> str:
    hour, minute = int(rng.integers(0, 24)), int(rng.integers(0, 60))
    return f"{_day(rng, first, last)} {hour:02d}:{minute:02d}"


def build(persons: int = 600, seed: int = 7) -> SnapshotBuilder:
    rng = np.random.default_rng(seed)
    b = SnapshotBuilder()
    b.unit("W2", kind="inpatient_ward", municipality="1981", subarea="Nod Sala")
    b.unit("ED2", kind="emergency_department", municipality="1981", subarea="Nod Sala")
    b.staff("D3", grade="st", fte=0.8).staff("D4", grade="other", fte=0.6)
    for doctor, unit in zip(DOCTORS, ("HC1", "HC1", "HC2", "HC2"), strict=True):
        b.assignment(doctor, unit, fte=float(rng.choice([0.5, 0.8, 1.0])))
    for n in range(persons):
        _person(b, rng, f"P{n:04d}")
    for _ in range(persons * 2):
        b.phone_call(
            _moment(rng, "2025-01-01", "2026-01-02"),
            bool(rng.random() < 0.8),
            unit=str(rng.choice(["HC1", "HC2"])),
        )
    return b


def _person(b: SnapshotBuilder, rng, key: str) -> None:
    birth = _day(rng, "1925-01-01", "2020-12-31")
    home = str(rng.choice(["1980", "1981"]))
    living = str(
        rng.choice(
            ["own_home", "home_care", "nursing_home", "short_term_stay"], p=[0.8, 0.1, 0.07, 0.03]
        )
    )
    death = _day(rng, "2025-01-01", "2025-12-31") if rng.random() < 0.03 else None
    b.person(
        key,
        sex=str(rng.choice(["F", "M"])),
        birth=str(birth),
        municipality=home,
        living=living,
        death=str(death) if death else None,
    )
    unit = "HC1" if home == "1980" else "HC2"
    if rng.random() < 0.1:  # moved in 2025
        moved = _day(rng, "2025-01-01", "2025-12-31")
        other = "1981" if home == "1980" else "1980"
        b.residence(key, other, "1990-01-01", str(moved - dt.timedelta(days=1)))
        b.residence(key, home, str(moved))
        b.living_period(key, "own_home", "1990-01-01", str(moved - dt.timedelta(days=1)))
        b.living_period(key, living, str(moved))
    else:
        b.residence(key, home, "1990-01-01")
    if rng.random() < 0.95:
        b.listing(key, unit, origin=str(rng.choice(["active_choice", "automatic"])))
        if rng.random() < 0.3:
            doctor = DOCTORS[int(rng.integers(0, 2)) + (0 if unit == "HC1" else 2)]
            b.named_contact(key, staff=doctor, unit=unit)
    for _ in range(int(rng.poisson(3))):
        b.visit(
            key,
            str(_day(rng, "2024-05-01", "2025-12-31")),
            staff=str(rng.choice(DOCTORS)),
            unit=unit,
            care_level=str(rng.choice(["primary", "specialist"], p=[0.8, 0.2])),
            form=str(rng.choice(["physical", "phone", "video", "written", "home"])),
        )
    for _ in range(int(rng.poisson(0.8 if rng.random() < 0.9 else 8))):
        b.ed_visit(
            key, _moment(rng, "2024-12-01", "2025-12-31"), unit=str(rng.choice(["ED1", "ED2"]))
        )
    for number in range(int(rng.poisson(0.6))):
        _stay(b, rng, key, number)
    for _ in range(int(rng.poisson(1))):
        received = _day(rng, "2025-01-01", "2025-12-31")
        wait = int(rng.integers(0, 8))
        assessed = str(received + dt.timedelta(days=wait)) if rng.random() < 0.9 else None
        b.care_request(
            key,
            str(received),
            assessed,
            unit=unit,
            reason=str(rng.choice(["new", "worsened", "no_effect", "other"])),
        )


def _stay(b: SnapshotBuilder, rng, key: str, number: int) -> None:
    admitted = dt.datetime.fromisoformat(_moment(rng, "2024-12-01", "2025-12-20"))
    length = dt.timedelta(hours=int(rng.integers(6, 24 * 12)))
    discharged = admitted + length if rng.random() < 0.97 else None
    ready = admitted + length * 0.6 if discharged and rng.random() < 0.4 else None
    destination = str(rng.choice(DESTINATIONS))
    b.episode(
        f"{key}-{number}",
        key,
        f"{admitted:%Y-%m-%d %H:%M}",
        f"{discharged:%Y-%m-%d %H:%M}" if discharged else None,
        unit=str(rng.choice(WARDS)),
        admission_type=str(rng.choice(["acute", "planned"])),
        care_type=str(rng.choice(["somatic", "psychiatric"], p=[0.9, 0.1])),
        diagnosis=str(rng.choice(DIAGNOSES)),
        ready=f"{ready:%Y-%m-%d %H:%M}" if ready else None,
        destination=destination,
    )
    if discharged and destination == "other_ward":  # the transfer's next stay
        start = discharged + dt.timedelta(hours=int(rng.integers(1, 30)))
        b.episode(
            f"{key}-{number}t",
            key,
            f"{start:%Y-%m-%d %H:%M}",
            f"{start + dt.timedelta(days=2):%Y-%m-%d %H:%M}",
            unit="W1",
            admission_type="acute",
            diagnosis="I50.9",
        )
