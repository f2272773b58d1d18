"""Read-only queries about listings and named contacts: the API that views, worklists, capacity
(issue 5 part 3), proposals (part 4) and the person's own choice (part 6) build on.

Every function takes the day `on` that "current" means. Functions that return one person's
records for display take `visible` (the gate decision's `shows`), as in `residents.selectors`;
functions that count or list persons for a unit do not decide access: a view that shows persons
filters with `access.selectors.accessible_persons` and logs them.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from navet.listing import config
from navet.listing.models import LifeThreateningCondition, WaitingListEntry, WaitingStatus
from navet.organisation.models import Assignment, CareUnit, Staff, UnitKind
from navet.residents.models import (
    Listing,
    ListingOrigin,
    NamedContact,
    NamedContactRole,
    Person,
    Residence,
)
from navet.residents.selectors import alive_on, is_current, valid_on

Visible = Callable[[CareUnit | None], bool]


# --- Listing ------------------------------------------------------------------------------------


def current_listing(person: Person, *, on: date) -> Listing | None:
    """The person's listing on `on` (one at a time), with its unit."""
    return (
        Listing.objects.filter(valid_on(on), person=person)
        .select_related("unit__municipality", "unit__care_provider")
        .order_by("-valid_from", "-pk")
        .first()
    )


def listed_persons(unit: CareUnit, *, on: date) -> QuerySet[Person]:
    """The living persons listed at `unit` on `on`."""
    # IN (…) rather than a correlated EXISTS: SQLite would otherwise scan the unit's listings
    # once per person.
    listed = Listing.objects.filter(valid_on(on), unit=unit).values("person_id")
    return Person.objects.filter(alive_on(on), pk__in=listed)


def listed_count(unit: CareUnit, *, on: date) -> int:
    return (
        Listing.objects.filter(valid_on(on), unit=unit)
        .filter(alive_on(on, "person__"))
        .values("person")
        .distinct()
        .count()
    )


def has_capacity(unit: CareUnit, *, on: date) -> bool:
    """False when the unit has a listing cap (listningstak) and has reached it."""
    return unit.listing_cap is None or listed_count(unit, on=on) < unit.listing_cap


def counted_changes(person: Person, *, on: date) -> list[Listing]:
    """The person's listing changes that count against the limit in the window ending on `on`:
    listings that replaced an earlier one, started within the window, and were not automatic
    (a region's automatic listing is not the person's change)."""
    since = on - timedelta(days=config.change_window_days() - 1)
    earlier = Listing.objects.filter(person=person, valid_from__lt=OuterRef("valid_from"))
    return list(
        Listing.objects.filter(person=person, valid_from__gte=since, valid_from__lte=on)
        .exclude(origin=ListingOrigin.AUTOMATIC)
        .filter(Exists(earlier))
        .order_by("valid_from", "pk")
    )


def next_change_possible(person: Person, *, on: date) -> date | None:
    """None if the person may change listing on `on`; otherwise the first day they may."""
    limit = config.changes_per_window()
    changes = counted_changes(person, on=on)
    if len(changes) < limit:
        return None
    oldest_that_counts = changes[-limit].valid_from
    return oldest_that_counts + timedelta(days=config.change_window_days())


def waiting_list(unit: CareUnit) -> QuerySet[WaitingListEntry]:
    """Who waits for a place at the unit, first in line first."""
    return (
        WaitingListEntry.objects.filter(unit=unit, status=WaitingStatus.WAITING)
        .select_related("person")
        .order_by("requested_on", "created_at", "pk")
    )


@dataclass(frozen=True)
class CountyMove:
    """A change of registered address from one county to another (folkbokföring)."""

    person_id: int
    day: date  # the first day in the new county
    from_county: str
    to_county: str


def county_moves(person: Person) -> list[CountyMove]:
    """The person's moves between counties, from the registered-address history."""
    residences = list(
        Residence.objects.filter(person=person)
        .select_related("municipality__county")
        .order_by("valid_from", "pk")
    )
    moves = []
    for before, after in itertools.pairwise(residences):
        a, b = before.municipality.county, after.municipality.county
        if a.code != b.code:
            moves.append(CountyMove(person.pk, after.valid_from, a.name, b.name))
    return moves


def listed_elsewhere_registered(unit: CareUnit, *, on: date) -> QuerySet[Person]:
    """Persons listed at `unit` on `on` whose registered address is in another county: they
    moved away (or were listed from outside the county) and the listing is still open."""
    county = unit.municipality.county_id
    home = Residence.objects.filter(valid_on(on), person=OuterRef("pk"))
    return (
        listed_persons(unit, on=on)
        .filter(Exists(home))
        .exclude(Exists(home.filter(municipality__county_id=county)))
    )


# --- Named contacts -----------------------------------------------------------------------------


def current_named_contacts(
    person: Person, *, on: date, role: str | None = None
) -> list[NamedContact]:
    contacts = NamedContact.objects.filter(valid_on(on), person=person)
    if role:
        contacts = contacts.filter(role=role)
    return list(
        contacts.select_related("staff", "unit__municipality").order_by("role", "-valid_from")
    )


def named_doctor(person: Person, *, on: date) -> NamedContact | None:
    contacts = current_named_contacts(person, on=on, role=NamedContactRole.NAMED_DOCTOR)
    return contacts[0] if contacts else None


def has_life_threatening_condition(person: Person, *, on: date) -> bool:
    return LifeThreateningCondition.objects.filter(valid_on(on), person=person).exists()


def life_threatening_conditions(person: Person, *, visible: Visible) -> list:
    return [
        c
        for c in LifeThreateningCondition.objects.filter(person=person)
        .select_related("unit", "noted_by")
        .order_by("-valid_from", "-pk")
        if visible(c.unit)
    ]


def current_assignments(staff_ids, unit: CareUnit, *, on: date) -> QuerySet[Assignment]:
    return Assignment.objects.filter(valid_on(on), staff_id__in=staff_ids, unit=unit)


def staff_serving(unit: CareUnit, *, on: date) -> QuerySet[Staff]:
    """Staff with an assignment at `unit` on `on`."""
    serving = Assignment.objects.filter(valid_on(on), unit=unit, staff=OuterRef("pk"))
    return Staff.objects.filter(Exists(serving)).order_by("family_name", "given_name", "pk")


def eligible_named_doctors(
    unit: CareUnit, *, on: date, person: Person | None = None, with_equivalent: bool = False
) -> list[Staff]:
    """The doctors of `unit` who may be named doctor (for `person`, when given: a paediatrician
    only for a child, a geriatrician only for an older person). `with_equivalent` adds doctors
    who qualify only with a confirmed equivalent competence."""
    from navet.listing.rules import named_doctor_competence

    doctors = staff_serving(unit, on=on).filter(profession="doctor")
    out = []
    for doctor in doctors:
        kind = named_doctor_competence(doctor, person=person, on=on)
        if kind is not None and (kind != "equivalent" or with_equivalent):
            out.append(doctor)
    return out


def named_doctor_counts(unit: CareUnit, *, on: date) -> dict[int, int]:
    """Staff id → the number of living persons who have them as named doctor at `unit` on `on`
    (the numerator of the guide value, part 3)."""
    rows = (
        NamedContact.objects.filter(valid_on(on), unit=unit, role=NamedContactRole.NAMED_DOCTOR)
        .filter(alive_on(on, "person__"))
        .values("staff")
        .annotate(n=Count("person", distinct=True))
    )
    return {row["staff"]: row["n"] for row in rows}


def without_named_doctor(persons: QuerySet[Person], *, on: date) -> QuerySet[Person]:
    doctor = NamedContact.objects.filter(
        valid_on(on), person=OuterRef("pk"), role=NamedContactRole.NAMED_DOCTOR
    )
    return persons.exclude(Exists(doctor))


def listed_without_named_doctor(unit: CareUnit, *, on: date) -> QuerySet[Person]:
    """Listed at `unit` on `on`, alive, and without a named doctor (what proposals work on)."""
    return without_named_doctor(listed_persons(unit, on=on), on=on)


# --- The person's own view ----------------------------------------------------------------------


@dataclass(frozen=True)
class ResidentContacts:
    """What the resident sees about their health centre and named contacts, with how to reach
    each (the unit's phone and address; 1177 for messages)."""

    listing: Listing | None
    named_doctor: NamedContact | None
    care_contacts: list[NamedContact]
    social_care_contacts: list[NamedContact]
    has_home_care: bool


def resident_contacts(person: Person, *, on: date, visible: Visible) -> ResidentContacts:
    from navet.residents.models import HomeCare

    listing = current_listing(person, on=on)
    if listing is not None and not visible(listing.unit):
        listing = None
    contacts = [c for c in current_named_contacts(person, on=on) if visible(c.unit)]
    doctors = [c for c in contacts if c.role == NamedContactRole.NAMED_DOCTOR]
    return ResidentContacts(
        listing=listing,
        named_doctor=doctors[0] if doctors else None,
        care_contacts=[c for c in contacts if c.role == NamedContactRole.NAMED_CARE_CONTACT],
        social_care_contacts=[
            c for c in contacts if c.role == NamedContactRole.NAMED_SOCIAL_CARE_CONTACT
        ],
        has_home_care=HomeCare.objects.filter(valid_on(on), person=person).exists(),
    )


# --- Units of a user ----------------------------------------------------------------------------


def units_served(staff: Staff | None, *, on: date, kinds=None, heads_only=False) -> list[CareUnit]:
    """The units `staff` serves on `on` (optionally of some kinds, or only those they head)."""
    if staff is None:
        return []
    assignments = Assignment.objects.filter(valid_on(on), staff=staff)
    if heads_only:
        assignments = assignments.filter(role="unit_head")
    units = CareUnit.objects.filter(pk__in=assignments.values("unit")).select_related(
        "municipality__county"
    )
    if kinds:
        units = units.filter(kind__in=kinds)
    return list(units.order_by("name"))


def health_centres_active(on: date) -> QuerySet[CareUnit]:
    active = Q(active_from__isnull=True) | Q(active_from__lte=on)
    active &= Q(active_to__isnull=True) | Q(active_to__gte=on)
    return CareUnit.objects.filter(active, kind=UnitKind.HEALTH_CENTRE)


__all__ = [
    "CountyMove",
    "ResidentContacts",
    "counted_changes",
    "county_moves",
    "current_assignments",
    "current_listing",
    "current_named_contacts",
    "eligible_named_doctors",
    "has_capacity",
    "has_life_threatening_condition",
    "health_centres_active",
    "is_current",
    "listed_count",
    "listed_elsewhere_registered",
    "listed_persons",
    "listed_without_named_doctor",
    "named_doctor",
    "named_doctor_counts",
    "next_change_possible",
    "resident_contacts",
    "staff_serving",
    "units_served",
    "waiting_list",
    "without_named_doctor",
]
