"""A small proposal instance on top of `small_county`: Skiljebo's two doctors with guide values
set low (Per Ek 3, already named doctor for Elsa; Nora Lind 0.8 FTE × 3 → 2) and four extra
adults listed there, one of whom has seen Nora Lind."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from django.utils import timezone

from navet.activity.models import Visit
from navet.identifiers import parse_identity_number
from navet.residents.models import Listing, Person

GUIDE = {"specialist": 3, "st": 3}
_visits = itertools.count(1)


def add_listed(county, numbers, key: str, year: int, unit: str = "skiljebo") -> Person:
    parsed = parse_identity_number(numbers(year=year, sex="F"))
    person = Person.objects.create(
        identifier=parsed.normalised,
        identifier_kind="personnummer",
        given_name=key.capitalize(),
        family_name="Förslagsson",
        sex="F",
        birth_date=parsed.birth_date,
    )
    Listing.objects.create(person=person, unit=county.units[unit], valid_from=date(2020, 1, 1))
    county.persons[key] = person
    return person


def add_visits(county, person: Person, staff: str, count: int, unit: str = "skiljebo") -> None:
    today = timezone.localdate()
    for i in range(count):
        Visit.objects.create(
            source_id=f"proposal-test-{next(_visits)}",
            person=person,
            staff=county.staff[staff],
            unit=county.units[unit],
            profession="doctor",
            care_level="primary",
            form="physical",
            visit_date=today - timedelta(days=30 + i),
        )


def proposal_county(county, numbers, settings):
    """Four adults at Skiljebo (`anna` 1940, `britt` 1950, `cilla` 1960, `doris` 1990); Britt has
    seen Nora Lind three times. With Maria and Leo, six persons lack a named doctor; the doctors
    have room for four."""
    settings.NAVET_NAMED_DOCTOR_GUIDE_VALUES = GUIDE
    for key, year in (("anna", 1940), ("britt", 1950), ("cilla", 1960), ("doris", 1990)):
        add_listed(county, numbers, key, year)
    add_visits(county, county.persons["britt"], "st", 3)
    return county
