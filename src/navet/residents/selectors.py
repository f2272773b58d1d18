"""Read-only queries about residents, for views and reports.

These functions do not decide access: a view asks the gate (`navet.access`) first, which also
writes the audit row. Functions that read one person's records take `visible`, the gate decision's
`shows(unit)`: records held by a unit it refuses (blocked, or another care provider's without
consent) never leave this module. There is no default, so no caller can forget it. Every function
takes the day `on` that "current" means, so that tests and reports can ask about any day.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery

from navet.organisation.models import Assignment, CareUnit, County, Municipality, UnitKind
from navet.residents.models import (
    HomeCare,
    Listing,
    LivingSituation,
    NamedContact,
    Person,
    Relative,
    Residence,
)
from navet.residents.services import PersonQuery, QueryKind, person_age

SEARCH_PAGE_SIZE = 20


def valid_on(day: date, prefix: str = "") -> Q:
    """Period records valid on `day`; `prefix` reaches them through a relation ("listings__")."""
    return Q(**{f"{prefix}valid_from__lte": day}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": day})
    )


def alive_on(day: date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}death_date__isnull": True}) | Q(**{f"{prefix}death_date__gt": day})


def is_current(record, day: date) -> bool:
    """True if a period record (valid_from … valid_to inclusive, open end) covers `day`."""
    return record.valid_from <= day and (record.valid_to is None or record.valid_to >= day)


# --- Search -------------------------------------------------------------------------------------


def search_persons(query: PersonQuery, *, on: date) -> QuerySet[Person]:
    """Persons matching a parsed search, ordered by name, each annotated with the names of their
    current municipality (`municipality_name`) and health centre (`health_centre_name`).

    An empty or invalid query matches nobody: the resident list is never shown without a query.
    A name matches on the family-name prefix ("berg"), or on "förnamn efternamn" prefixes
    ("ka berg"); a family name of several words ("af klint") also matches as a whole.
    """
    if query.kind is QueryKind.IDENTIFIER:
        persons = Person.objects.filter(identifier=query.identifier)
    elif query.kind is QueryKind.NAME:
        persons = Person.objects.filter(_name_filter(query.name_terms))
    else:
        return Person.objects.none()
    return with_current_places(persons, on=on).order_by("family_name", "given_name", "identifier")


def with_current_places(persons: QuerySet[Person], *, on: date) -> QuerySet[Person]:
    residence = Residence.objects.filter(valid_on(on), person=OuterRef("pk")).order_by(
        "-valid_from"
    )
    listing = Listing.objects.filter(valid_on(on), person=OuterRef("pk")).order_by("-valid_from")
    return persons.annotate(
        municipality_name=Subquery(residence.values("municipality__name")[:1]),
        health_centre_name=Subquery(listing.values("unit__name")[:1]),
    )


def _prefix(field: str, term: str) -> Q:
    # SQLite folds case for ASCII letters only; also try the capitalised forms so that "åberg" finds
    # "Åberg" there. PostgreSQL's UPPER() handles all letters.
    q = Q(**{f"{field}__istartswith": term})
    for variant in {term.capitalize(), term.title()} - {term}:
        q |= Q(**{f"{field}__startswith": variant})
    return q


def _name_filter(terms: tuple[str, ...]) -> Q:
    """One word: a family-name prefix. Several: given-name words then family-name words, split at
    any point ("karin af klint" = "karin" + "af klint"), or all of them as one family name."""
    if len(terms) == 1:
        return _prefix("family_name", terms[0])
    q = _prefix("family_name", " ".join(terms))
    for split in range(1, len(terms)):
        given, family = " ".join(terms[:split]), " ".join(terms[split:])
        q |= _prefix("given_name", given) & _prefix("family_name", family)
    return q


# --- One person ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ListingAndContacts:
    """The person's listing (health centre) and named contacts, current and earlier or coming."""

    current_listing: Listing | None
    other_listings: list[Listing]
    current_contacts: list[NamedContact]
    other_contacts: list[NamedContact]


Visible = Callable[[CareUnit | None], bool]


def listing_and_contacts(person: Person, *, on: date, visible: Visible) -> ListingAndContacts:
    listings = [
        x
        for x in Listing.objects.filter(person=person)
        .select_related("unit__municipality", "unit__care_provider")
        .order_by("-valid_from", "-pk")
        if visible(x.unit)
    ]
    contacts = [
        c
        for c in NamedContact.objects.filter(person=person)
        .select_related("staff", "unit")
        .order_by("role", "-valid_from", "-pk")
        if visible(c.unit)
    ]
    current = [x for x in listings if is_current(x, on)]
    return ListingAndContacts(
        current_listing=current[0] if current else None,
        other_listings=[x for x in listings if not current or x is not current[0]],
        current_contacts=[c for c in contacts if is_current(c, on)],
        other_contacts=[c for c in contacts if not is_current(c, on)],
    )


@dataclass(frozen=True)
class PersonOverview:
    """What a care professional sees first about a person.

    `residence` is None when the person has a protected identity (`address_protected`): the address
    and municipality never leave this function then, so no template can show them by mistake.
    """

    person: Person
    on: date
    age: int
    address_protected: bool
    residence: Residence | None
    living_situation: LivingSituation | None
    home_care: list[HomeCare]
    relatives: list[Relative]
    contacts: ListingAndContacts


def person_overview(person: Person, *, on: date, visible: Visible) -> PersonOverview:
    residence = None
    if not person.protected_identity:
        residence = current_residence(person, on=on)
    living = (
        LivingSituation.objects.filter(valid_on(on), person=person)
        .select_related("unit")
        .order_by("-valid_from")
        .first()
    )
    if living is not None and living.unit is not None and not visible(living.unit):
        living = None
    home_care = [
        h
        for h in HomeCare.objects.filter(valid_on(on), person=person)
        .select_related("unit")
        .order_by("-valid_from")
        if visible(h.unit)
    ]
    relatives = list(
        Relative.objects.filter(valid_on(on), person=person).order_by("-is_guardian", "name")
    )
    return PersonOverview(
        person=person,
        on=on,
        age=person_age(person, on),
        address_protected=person.protected_identity,
        residence=residence,
        living_situation=living,
        home_care=home_care,
        relatives=relatives,
        contacts=listing_and_contacts(person, on=on, visible=visible),
    )


def current_residence(person: Person, *, on: date) -> Residence | None:
    """The registered address on `on`. Callers decide whether a protected identity may see it."""
    return (
        Residence.objects.filter(valid_on(on), person=person)
        .select_related("municipality")
        .order_by("-valid_from")
        .first()
    )


def municipality_on(person: Person, day: date) -> Municipality | None:
    """The municipality where the person was registered on `day` (payment liability and the
    indicators depend on the past, not on today's address); None when not registered then."""
    residence = current_residence(person, on=day)
    return residence.municipality if residence else None


# --- Units and the county -----------------------------------------------------------------------


@dataclass(frozen=True)
class UnitFacts:
    unit: CareUnit
    listed_persons: int
    assignments: list[Assignment]
    total_fte: Decimal


def unit_facts(unit: CareUnit, *, on: date) -> UnitFacts:
    """Facts about one unit that exist now: listed persons and the staff serving it, with FTE."""
    listed = (
        Listing.objects.filter(valid_on(on), unit=unit)
        .filter(alive_on(on, "person__"))
        .values("person")
        .distinct()
        .count()
    )
    assignments = list(
        Assignment.objects.filter(valid_on(on), unit=unit)
        .select_related("staff")
        .order_by("staff__family_name", "staff__given_name", "pk")
    )
    return UnitFacts(
        unit=unit,
        listed_persons=listed,
        assignments=assignments,
        total_fte=sum((a.fte for a in assignments), Decimal(0)),
    )


@dataclass(frozen=True)
class MunicipalityFacts:
    code: str
    name: str
    residents: int
    listed: int
    health_centres: int

    @property
    def listed_share(self) -> float | None:
        return self.listed / self.residents if self.residents else None


@dataclass(frozen=True)
class HealthCentreFacts:
    unit: CareUnit
    listed: int


@dataclass(frozen=True)
class CountyFacts:
    county: County
    municipalities: list[MunicipalityFacts]
    health_centres: list[HealthCentreFacts]

    @property
    def residents(self) -> int:
        return sum(m.residents for m in self.municipalities)

    @property
    def listed(self) -> int:
        return sum(m.listed for m in self.municipalities)

    @property
    def listed_share(self) -> float | None:
        return self.listed / self.residents if self.residents else None


def county_facts(county: County, *, on: date) -> CountyFacts:
    """Facts about a county that exist now: living residents per municipality (by registered
    address), how many of them are listed at a health centre, and the health centres themselves."""
    listed = Listing.objects.filter(valid_on(on), person=OuterRef("person"))
    per_municipality = {
        row["municipality"]: row
        for row in Residence.objects.filter(valid_on(on), municipality__county=county)
        .filter(alive_on(on, "person__"))
        .values("municipality")
        .annotate(
            residents=Count("person", distinct=True),
            listed=Count("person", filter=Exists(listed), distinct=True),
        )
    }
    active = Q(active_from__isnull=True) | Q(active_from__lte=on)
    active &= Q(active_to__isnull=True) | Q(active_to__gte=on)
    centres = (
        CareUnit.objects.filter(active, kind=UnitKind.HEALTH_CENTRE, municipality__county=county)
        .select_related("municipality", "care_provider")
        .annotate(
            listed=Count(
                "listings__person",
                filter=valid_on(on, "listings__") & alive_on(on, "listings__person__"),
                distinct=True,
            )
        )
        .order_by("municipality__name", "name")
    )
    centres = list(centres)
    centre_count: dict[str, int] = {}
    for centre in centres:
        centre_count[centre.municipality_id] = centre_count.get(centre.municipality_id, 0) + 1
    municipalities = [
        MunicipalityFacts(
            code=m.code,
            name=m.name,
            residents=per_municipality.get(m.code, {}).get("residents", 0),
            listed=per_municipality.get(m.code, {}).get("listed", 0),
            health_centres=centre_count.get(m.code, 0),
        )
        for m in county.municipalities.order_by("name")
    ]
    return CountyFacts(
        county=county,
        municipalities=municipalities,
        health_centres=[HealthCentreFacts(unit=c, listed=c.listed) for c in centres],
    )


# --- Guardians (vårdnadshavare) -----------------------------------------------------------------

ADULT_AGE = 18  # föräldrabalken 6 kap. 2 §: custody ends when the child turns 18


def is_guardian_of(guardian: Person, child: Person, *, on: date) -> bool:
    """Is `guardian` registered as the child's guardian on `on`? (In production the population
    register feeds these rows.) Says nothing about the child's age: see `guardian_children`."""
    return Relative.objects.filter(
        valid_on(on), person=child, related_person=guardian, is_guardian=True
    ).exists()


def guardian_children(guardian: Person, *, on: date) -> list[Person]:
    """The children in `guardian`'s custody on `on`: a current guardian row naming them, the child
    alive and under 18. Youngest last, as a family usually lists them."""
    children = (
        Person.objects.filter(
            valid_on(on, "relatives__"),
            relatives__related_person=guardian,
            relatives__is_guardian=True,
        )
        .filter(alive_on(on))
        .distinct()
        .order_by("birth_date", "given_name", "pk")
    )
    return [child for child in children if person_age(child, on) < ADULT_AGE]
