"""Named doctor coverage and active listing choice, on the period's last day (research §2.5).

Stock measures: persons alive on the period end, described as on that day; the unit is the
health centre they are listed at.
"""

from __future__ import annotations

import ibis

from navet.followup.indicators.common import records
from navet.followup.inputs import left_join, valid_on
from navet.followup.registry import GEOGRAPHY, Parameter, Requirement, Unit, register

SOURCE = "research/indicators.md §2.5; överenskommelsen God och nära vård (mål 55 %)"
ROLE = Parameter("role", "named_doctor", "Kontaktroll som räknas (fast läkarkontakt).")


def persons_with_contact(inputs, day: int, role: str) -> ibis.Table:
    """(pid, has_contact=1) for persons with a valid contact of `role` on `day`."""
    contacts = inputs.named_contacts()
    valid = contacts.filter(valid_on(contacts, day), contacts.role == role)
    return valid.select("pid").distinct().mutate(has_contact=ibis.literal(1))


def _listed_with_contact(inputs, period, params) -> ibis.Table:
    day = period.last_day
    people = inputs.people_on(day)
    listed = people.filter(people.alive & people.unit.notnull())
    return left_join(listed, persons_with_contact(inputs, day, params["role"]), "pid")


def _coverage(inputs, period, params) -> ibis.Table:
    t = _listed_with_contact(inputs, period, params)
    return records(t, num=t.has_contact.fill_null(0), den=1, subject=t.pid, unit=t.unit)


def _coverage_population(inputs, period, params) -> ibis.Table:
    day = period.last_day
    people = inputs.people_on(day)
    residents = people.filter(people.alive & people.municipality.notnull())
    named = persons_with_contact(inputs, day, params["role"])
    t = left_join(residents, named, "pid")
    listed_and_named = (t.unit.notnull() & t.has_contact.notnull()).cast("int64")
    return records(t, num=listed_and_named, den=1, subject=t.pid)


def _active_choice(inputs, period, params) -> ibis.Table:
    day = period.last_day
    people = inputs.people_on(day).drop("unit")
    listing = inputs.listing_on(day)
    t = listing.join(people, "pid").filter(lambda t: t.alive & t.origin.notnull())
    chosen = (t.origin == params["active_origin"]).cast("int64")
    return records(t, num=chosen, den=1, subject=t.pid, unit=t.unit)


register(
    id="named_doctor_coverage",
    name="Andel listade med fast läkarkontakt",
    definition=(
        "Andelen av de personer som är listade på en vårdcentral periodens sista dag som då har "
        "en giltig fast läkarkontakt."
    ),
    numerator="Listade personer med giltig fast läkarkontakt periodens sista dag.",
    denominator="Levande personer listade på en vårdcentral periodens sista dag.",
    unit=Unit.SHARE,
    build=_coverage,
    family="named_contacts",
    source=SOURCE,
    parameters=(ROLE,),
    tables=("persons", "listings", "named_contacts"),
    unit_kinds=("health_centre",),
    reference="Målet i överenskommelsen God och nära vård: 55 % av befolkningen.",
)
register(
    id="named_doctor_coverage_population",
    name="Andel invånare med fast läkarkontakt",
    definition=(
        "Andelen av alla levande invånare periodens sista dag som då är listade och har en "
        "giltig fast läkarkontakt."
    ),
    numerator="Listade personer med giltig fast läkarkontakt periodens sista dag.",
    denominator="Levande invånare (folkbokförda i en kommun) periodens sista dag.",
    unit=Unit.SHARE,
    build=_coverage_population,
    family="named_contacts",
    source=SOURCE,
    parameters=(ROLE,),
    tables=("persons", "listings", "named_contacts"),
    levels=GEOGRAPHY,
    reference="Målet i överenskommelsen God och nära vård: 55 % av befolkningen.",
)
register(
    id="listing_active_choice",
    name="Andel listningar genom aktivt val",
    definition=(
        "Andelen av listningarna periodens sista dag som kom till genom att personen själv "
        "valde vårdcentral (inte genom automatisk listning). Listningar där ursprunget inte är "
        "känt räknas inte."
    ),
    numerator="Listningar med ursprung aktivt val.",
    denominator="Listningar med känt ursprung periodens sista dag.",
    unit=Unit.SHARE,
    build=_active_choice,
    family="named_contacts",
    source="Hälso- och sjukvårdslagen (listning); research/indicators.md §2.5",
    parameters=(Parameter("active_origin", "active_choice", "Värdet i origin som är aktivt val."),),
    tables=("persons", "listings"),
    requires=(
        Requirement(
            "listings",
            "origin",
            "Kan inte beräknas: ögonblicksbilden saknar kolumnen origin i tabellen listings "
            "(om listningen kom till genom aktivt val).",
        ),
    ),
    unit_kinds=("health_centre",),
)
