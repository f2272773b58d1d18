"""Doctors' load: listed persons and named-doctor persons per doctor FTE (research §2.5).

Both are measured on the period's last day and located where the health centre is (the unit's
municipality), not where the persons live: they describe a unit's capacity. Each indicator is
one union of numerator rows (persons) and denominator rows (FTEs).
"""

from __future__ import annotations

import ibis

from navet.followup.indicators.common import NO_CODE, records
from navet.followup.indicators.named_contacts import ROLE
from navet.followup.inputs import valid_on
from navet.followup.registry import Parameter, Requirement, Unit, register

SOURCE = "research/indicators.md §2.5; Socialstyrelsens nationella riktvärde 28 april 2022"
GUIDE = "Socialstyrelsens riktvärde: 1 100 personer per heltidsarbetande specialist, 550 per ST."
GRADES = Parameter(
    "doctor_grades",
    ("specialist", "st", "other"),
    "Läkare av dessa kategorier räknas (specialist, ST-läkare, övriga).",
)
HEALTH_CENTRES = ("health_centre",)


def _doctors(inputs, grades) -> ibis.Table:
    s = inputs.table("staff")
    grade = s.doctor_grade.fill_null("other")
    return s.filter(s.profession == "doctor", grade.isin(list(grades))).select("staff_key", "fte")


def _located(table: ibis.Table, inputs, unit_column: str) -> ibis.Table:
    """`table` at health centres, with the unit's columns; `unit_column` is a unit id, or a
    listing unit's code (see inputs.CODED)."""
    units = inputs.units().filter(lambda u: u.kind.isin(HEALTH_CENTRES))
    coded = table[unit_column].type().is_integer()
    return table.join(units, table[unit_column] == (units.unit_code if coded else units.unit_id))


def _listed_per_fte(inputs, period, params) -> ibis.Table:
    day = period.last_day
    people = inputs.people_on(day)
    listed = _located(people.filter(people.alive & people.unit.notnull()), inputs, "unit")
    persons = records(
        listed,
        num=1,
        den=0,
        subject=listed.pid,
        unit=listed.unit_id,
        municipality=listed.unit_municipality,
    )
    assignments = inputs.table("staff_assignments")
    assignments = assignments.filter(
        assignments.valid_from <= period.end,
        assignments.valid_to.isnull() | (assignments.valid_to >= period.end),
    )
    doctors = _doctors(inputs, params["doctor_grades"]).select("staff_key")
    posts = _located(assignments.join(doctors, "staff_key"), inputs, "unit_id")
    ftes = records(
        posts,
        num=0,
        den=posts.fte,
        subject=None,
        unit=posts.unit_id,
        municipality=posts.unit_municipality,
        living_situation=NO_CODE,
    )
    return ibis.union(persons, ftes)


def _named_per_fte(inputs, period, params) -> ibis.Table:
    day = period.last_day
    contacts = inputs.named_contacts()
    contacts = contacts.filter(valid_on(contacts, day), contacts.role == params["role"])
    alive = inputs.people_on(day).filter(lambda p: p.alive).select("pid")
    doctors = _doctors(inputs, params["doctor_grades"])
    named = _located(contacts.join(alive, "pid").join(doctors, "staff_key"), inputs, "unit_id")
    persons = records(
        named,
        num=1,
        den=0,
        subject=named.pid,
        unit=named.unit_id,
        municipality=named.unit_municipality,
    )
    # A doctor's FTE counts once per unit where the doctor is someone's named doctor.
    posts = named.select("staff_key", "unit_id", "fte", "unit_municipality").distinct()
    ftes = records(
        posts,
        num=0,
        den=posts.fte,
        subject=None,
        unit=posts.unit_id,
        municipality=posts.unit_municipality,
    )
    return ibis.union(persons, ftes)


register(
    id="listed_per_doctor_fte",
    name="Listade personer per läkarheltid",
    definition=(
        "Antalet personer listade på vårdcentralen periodens sista dag delat med summan av de "
        "läkartjänstgöringar (heltidsekvivalenter) som då är placerade på vårdcentralen."
    ),
    numerator="Levande personer listade på vårdcentralen periodens sista dag.",
    denominator="Läkares heltidsekvivalenter på vårdcentralen periodens sista dag.",
    unit=Unit.RATE,
    build=_listed_per_fte,
    family="workload",
    source=SOURCE,
    parameters=(GRADES,),
    tables=("persons", "listings", "staff", "staff_assignments", "units"),
    requires=(
        Requirement(
            "staff_assignments",
            reason="Kan inte beräknas: ögonblicksbilden saknar tabellen staff_assignments "
            "(läkarnas tjänstgöring per enhet).",
        ),
    ),
    breakdowns=("total",),
    unit_kinds=HEALTH_CENTRES,
    suppress_on=("numerator",),
    reference=GUIDE,
)
register(
    id="named_doctor_persons_per_fte",
    name="Personer per heltid för fasta läkarkontakter",
    definition=(
        "Antalet personer som har en läkare som fast läkarkontakt periodens sista dag delat med "
        "de läkarnas tjänstgöringsgrad (heltidsekvivalenter). Jämförs med Socialstyrelsens "
        "riktvärde 1 100 per specialist och 550 per ST-läkare."
    ),
    numerator="Levande personer med giltig fast läkarkontakt periodens sista dag.",
    denominator="Tjänstgöringsgraden för de läkare som är fast läkarkontakt för någon.",
    unit=Unit.RATE,
    build=_named_per_fte,
    family="workload",
    source=SOURCE,
    parameters=(ROLE, GRADES),
    tables=("persons", "named_contacts", "staff", "units"),
    breakdowns=("total",),
    unit_kinds=HEALTH_CENTRES,
    suppress_on=("numerator",),
    reference=GUIDE,
)
