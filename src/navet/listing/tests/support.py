"""Helpers for the listing tests: actors, keys and a few extra staff on top of `small_county`."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

from navet.access.services import system_actor
from navet.organisation.models import Assignment, Staff

_keys = itertools.count(1)

ACTOR = system_actor("test")
SINCE = date(2020, 1, 1)


def key() -> str:
    return f"test-{next(_keys)}"


def add_staff(
    county, key_name: str, unit_key: str, *, profession: str, role: str = "staff",
    grade: str = "", specialty: str = "", licensed: bool | None = None,
    valid_from: date = SINCE, valid_to: date | None = None,
) -> Staff:  # fmt: skip
    """A member of staff with one assignment, stored in `county.staff[key_name]`."""
    number = Staff.objects.count() + 100
    staff = Staff.objects.create(
        hsa_id=f"SE0000000001-TEST{number:04d}",
        given_name=key_name.capitalize(),
        family_name="Testsson",
        profession=profession,
        licensed=profession in {"doctor", "nurse", "district_nurse"}
        if licensed is None
        else licensed,
        doctor_grade=grade,
        specialty=specialty,
    )
    Assignment.objects.create(
        staff=staff, unit=county.units[unit_key], role=role, fte=Decimal(1),
        valid_from=valid_from, valid_to=valid_to,
    )  # fmt: skip
    county.staff[key_name] = staff
    return staff
