"""Worklists for the staff of a unit: who needs a named contact, or a new one.

1. Recently listed without a named doctor (health centres): listed within the last N days
   (`NAVET_WORKLIST_RECENT_DAYS`, 90) and no named doctor.
2. Named contacts whose staff member left: the contact is still open, but its staff member no
   longer serves the unit (the assignment ended): reassign or end it.
3. Nursing-home residents without a named doctor or named care contact: listed at the health
   centre (or living in the nursing home) and missing either.
4. Home care without a named social-care contact (home-care units): everyone with home care
   shall be offered one.

The queries do not decide access: the view restricts each list to `accessible_persons` and logs
every person it shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Exists, Max, OuterRef, QuerySet, Subquery

from navet.listing import config, selectors
from navet.organisation.models import Assignment, CareUnit, UnitKind
from navet.residents.models import (
    HomeCare,
    Listing,
    LivingSituation,
    NamedContact,
    NamedContactRole,
    Person,
)
from navet.residents.selectors import alive_on, valid_on


@dataclass
class Row:
    person: Person
    facts: list[str]  # the columns after the person, already worded


@dataclass
class Worklist:
    key: str
    title: str
    description: str
    unit: CareUnit
    columns: list[str]
    _rows: list[Row] = field(default_factory=list, repr=False)
    total: int = 0
    rows: list[Row] = field(default_factory=list)

    def restrict(self, accessible: QuerySet[Person]) -> list[Row]:
        """The rows whose person the user may see (at most the page size)."""
        ids = set(
            accessible.filter(pk__in=[r.person.pk for r in self._rows]).values_list("pk", flat=True)
        )
        return [r for r in self._rows if r.person.pk in ids]


def _has(role: str, on: date):
    return Exists(NamedContact.objects.filter(valid_on(on), person=OuterRef("pk"), role=role))


def recently_listed_without_named_doctor(
    unit: CareUnit, *, on: date, rows: bool = True
) -> Worklist:
    since = on - timedelta(days=config.worklist_recent_days())
    listing = Listing.objects.filter(
        valid_on(on), unit=unit, person=OuterRef("pk"), valid_from__gte=since
    )
    persons = (
        Person.objects.filter(alive_on(on))
        .filter(Exists(listing))
        .exclude(_has(NamedContactRole.NAMED_DOCTOR, on))
        .annotate(listed_from=Subquery(listing.values("valid_from")[:1]))
        .order_by("listed_from", "family_name", "given_name", "pk")
    )
    item = Worklist(
        "recent",
        "Nyligen listade utan fast läkarkontakt",
        f"Listade på {unit.name} de senaste {config.worklist_recent_days()} dagarna som inte har "
        "någon fast läkarkontakt.",
        unit,
        ["Listad från"],
    )
    return _fill(item, persons, lambda p: [p.listed_from.isoformat()], rows)


def contacts_whose_staff_left(unit: CareUnit, *, on: date, rows: bool = True) -> Worklist:
    serving = Assignment.objects.filter(
        valid_on(on), unit=OuterRef("unit"), staff=OuterRef("staff")
    )
    ended = (
        Assignment.objects.filter(unit=OuterRef("unit"), staff=OuterRef("staff"), valid_to__lt=on)
        .values("staff")
        .annotate(last=Max("valid_to"))
        .values("last")
    )
    contacts = (
        NamedContact.objects.filter(valid_on(on), unit=unit)
        .filter(alive_on(on, "person__"))
        .exclude(Exists(serving))
        .annotate(assignment_ended=Subquery(ended[:1]))
        .select_related("person", "staff")
        .order_by("assignment_ended", "person__family_name", "person__given_name", "pk")
    )
    item = Worklist(
        "staff_left",
        "Fasta kontakter vars medarbetare har slutat",
        f"Fasta kontakter på {unit.name} vars medarbetare inte längre har någon placering där. "
        "Utse en ny eller avsluta kontakten.",
        unit,
        ["Roll", "Medarbetare", "Placeringen upphörde"],
    )
    item.total = contacts.count()
    if not rows:
        return item
    item._rows = [
        Row(
            c.person,
            [
                c.get_role_display(),
                c.staff.full_name,
                c.assignment_ended.isoformat() if c.assignment_ended else "–",
            ],
        )
        for c in contacts[: config.worklist_page_size()]
    ]
    return item


def nursing_home_residents_without_contacts(
    unit: CareUnit, *, on: date, rows: bool = True
) -> Worklist:
    home = LivingSituation.objects.filter(valid_on(on), person=OuterRef("pk"), kind="nursing_home")
    if unit.kind == UnitKind.HEALTH_CENTRE:
        persons = selectors.listed_persons(unit, on=on).filter(Exists(home))
        where = f"Listade på {unit.name} som bor på särskilt boende"
    else:
        residents = LivingSituation.objects.filter(valid_on(on), kind="nursing_home", unit=unit)
        persons = Person.objects.filter(alive_on(on), pk__in=residents.values("person_id"))
        where = f"Boende på {unit.name}"
    persons = (
        persons.annotate(
            has_doctor=_has(NamedContactRole.NAMED_DOCTOR, on),
            has_care_contact=_has(NamedContactRole.NAMED_CARE_CONTACT, on),
            home_name=Subquery(home.values("unit__name")[:1]),
        )
        .exclude(has_doctor=True, has_care_contact=True)
        .order_by("family_name", "given_name", "pk")
    )
    item = Worklist(
        "nursing_home",
        "Boende på särskilt boende utan fast läkarkontakt eller fast vårdkontakt",
        f"{where} och saknar fast läkarkontakt, fast vårdkontakt eller båda.",
        unit,
        ["Särskilt boende", "Fast läkarkontakt", "Fast vårdkontakt"],
    )
    yes_no = {True: "Finns", False: "Saknas"}
    return _fill(
        item,
        persons,
        lambda p: [p.home_name or "–", yes_no[p.has_doctor], yes_no[p.has_care_contact]],
        rows,
    )


def home_care_without_social_care_contact(
    unit: CareUnit, *, on: date, rows: bool = True
) -> Worklist:
    care = HomeCare.objects.filter(valid_on(on), unit=unit, person=OuterRef("pk"))
    persons = (
        Person.objects.filter(alive_on(on))
        .filter(Exists(care))
        .exclude(_has(NamedContactRole.NAMED_SOCIAL_CARE_CONTACT, on))
        .annotate(care_from=Subquery(care.values("valid_from")[:1]))
        .order_by("care_from", "family_name", "pk")
    )
    item = Worklist(
        "social_care",
        "Hemtjänst utan fast omsorgskontakt",
        f"Personer med hemtjänst från {unit.name} som inte har någon fast omsorgskontakt. "
        "Alla med hemtjänst ska erbjudas en.",
        unit,
        ["Hemtjänst från"],
    )
    return _fill(item, persons, lambda p: [p.care_from.isoformat()], rows)


def _fill(item: Worklist, persons: QuerySet[Person], facts, rows: bool) -> Worklist:
    item.total = persons.count()
    if rows:
        item._rows = [Row(p, facts(p)) for p in persons[: config.worklist_page_size()]]
    return item


def for_unit(unit: CareUnit, *, on: date, rows: bool = True) -> list[Worklist]:
    """The unit's worklists; `rows=False` counts only."""
    if unit.kind == UnitKind.HEALTH_CENTRE:
        lists = (
            recently_listed_without_named_doctor,
            contacts_whose_staff_left,
            nursing_home_residents_without_contacts,
        )
    elif unit.kind == UnitKind.NURSING_HOME:
        lists = (nursing_home_residents_without_contacts, contacts_whose_staff_left)
    elif unit.kind == UnitKind.HOME_CARE:
        lists = (home_care_without_social_care_contact, contacts_whose_staff_left)
    else:
        lists = (contacts_whose_staff_left,)
    return [make(unit, on=on, rows=rows) for make in lists]


def for_units(units: list[CareUnit], *, on: date, rows: bool = True) -> list[Worklist]:
    return [item for unit in units for item in for_unit(unit, on=on, rows=rows)]


def counts(units: list[CareUnit], *, on: date) -> list[tuple[str, CareUnit, int]]:
    """(title, unit, number of persons) per worklist: the start page's summary. Numbers only:
    no person is shown, so nothing is logged."""
    return [(w.title, w.unit, w.total) for w in for_units(units, on=on, rows=False)]


@dataclass(frozen=True)
class StartSummary:
    """The start page's card: each worklist's count for the user's units, and whether the user
    heads a health centre (then the card also leads to the unit's listing page and the import)."""

    counts: list[tuple[str, CareUnit, int]]
    heads_health_centre: bool


def start_summary(staff, *, on: date) -> StartSummary | None:
    if staff is None:
        return None
    units = selectors.units_served(staff, on=on)
    if not units:
        return None
    heads = selectors.units_served(staff, on=on, heads_only=True)
    return StartSummary(
        counts=counts(units, on=on),
        heads_health_centre=any(u.kind == UnitKind.HEALTH_CENTRE for u in heads),
    )
