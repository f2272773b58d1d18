"""Days as ready for discharge (utskrivningsklara vårddagar), research §2.4.

Per inpatient episode discharged within the period with a ready time: days = local
(Europe/Stockholm) discharge date − local ready date. Only episodes with ≥ 1 day count. No
payment rules (day 0, noon cut-off, free days) apply: this is the follow-up measure, not the
invoice. The episode is located at its ward and at the person's municipality on discharge.
"""

from __future__ import annotations

import ibis

from navet.followup.days import with_local_day
from navet.followup.indicators.common import between_days, records
from navet.followup.inputs import aged, birthday
from navet.followup.registry import GEOGRAPHY, Parameter, Subjects, Unit, register

SOURCE = "research/indicators.md §2.4; Väntetider i vården (utskrivningsklara)"
PARAMETERS = (
    Parameter("min_days", 1, "Vårdtillfällen med minst så många utskrivningsklara dagar räknas."),
    Parameter("care_types", ("somatic", "psychiatric"), "Vårdtyper som räknas."),
)
AGE_65 = Parameter("age_min", 65, "Lägsta ålder vid utskrivningen och i befolkningen.")


def ready_days(inputs, period, params) -> ibis.Table:
    """Episodes discharged in the period with ≥ min_days ready days, described at discharge.
    Shared by the three indicators of the family."""
    key = ("ready_days", period, params["min_days"], tuple(params["care_types"]))
    return inputs.shared(key, lambda: _ready_days(inputs, period, params))


def _ready_days(inputs, period, params) -> ibis.Table:
    e = inputs.table("episodes")
    e = e.filter(
        e.ready_time.notnull(),
        e.care_type.isin(list(params["care_types"])),
    ).select("person_key", "unit_id", "discharge_time", "ready_time")
    e = with_local_day(e, "discharge_time", "dis_day", within=(period.first_day, period.last_day))
    e = with_local_day(e, "ready_time", "ready_day")
    e = e.mutate(days=e.dis_day - e.ready_day)
    e = e.filter(between_days(e.dis_day, period), e.days >= params["min_days"])
    return inputs.at_event(e, "dis_day")


def _mean(inputs, period, params) -> ibis.Table:
    t = ready_days(inputs, period, params)
    return records(t, num=t.days, den=1, subject=t.pid, unit=t.unit_id)


def _total(inputs, period, params) -> ibis.Table:
    t = ready_days(inputs, period, params)
    return records(t, num=t.days, den=0, subject=t.pid, unit=t.unit_id)


def _per_1000_older(inputs, period, params) -> ibis.Table:
    t = ready_days(inputs, period, params)
    t = t.filter(t.dis_day >= birthday(t.birth_date, params["age_min"]))
    days = records(t, num=t.days, den=0, subject=t.pid)
    people = inputs.people_on(period.last_day)
    older = people.filter(
        people.alive,
        people.municipality.notnull(),
        aged(people.birth_date, params["age_min"], period.last_day),
    )
    population = records(older, num=0, den=1, subject=older.pid)
    return ibis.union(days, population)


COMMON = {
    "family": "discharge",
    "source": SOURCE,
    "tables": ("episodes", "persons"),
    "numerator_subjects": Subjects.DISTINCT,  # a person may have several episodes
}
register(
    id="ready_for_discharge_days_mean",
    name="Utskrivningsklara dagar, medelvärde per vårdtillfälle",
    definition=(
        "Genomsnittligt antal dagar som patienten var utskrivningsklar, för vårdtillfällen som "
        "avslutades under perioden och hade minst en utskrivningsklar dag. Dagar räknas som "
        "utskrivningsdatum minus datum för utskrivningsklar, i svensk tid."
    ),
    numerator="Summan av utskrivningsklara dagar.",
    denominator="Vårdtillfällen med minst en utskrivningsklar dag, avslutade under perioden.",
    unit=Unit.MEAN,
    build=_mean,
    parameters=PARAMETERS,
    denominator_subjects=Subjects.DISTINCT,
    unit_kinds=("inpatient_ward",),
    **COMMON,
)
register(
    id="ready_for_discharge_days_total",
    name="Utskrivningsklara dagar, totalt",
    definition=(
        "Summan av de dagar patienterna var utskrivningsklara, för vårdtillfällen som avslutades "
        "under perioden och hade minst en utskrivningsklar dag."
    ),
    numerator="Summan av utskrivningsklara dagar.",
    denominator="(ingen: ett antal)",
    unit=Unit.COUNT,
    build=_total,
    parameters=PARAMETERS,
    unit_kinds=("inpatient_ward",),
    suppress_on=("numerator",),
    **COMMON,
)
register(
    id="ready_for_discharge_days_per_1000_65plus",
    name="Utskrivningsklara dagar per 1 000 invånare 65 år och äldre",
    definition=(
        "Utskrivningsklara dagar för patienter 65 år och äldre vid utskrivningen, för "
        "vårdtillfällen avslutade under perioden, per 1 000 invånare 65 år och äldre periodens "
        "sista dag. Dagarna räknas på patientens hemkommun vid utskrivningen."
    ),
    numerator="Utskrivningsklara dagar för patienter 65+.",
    denominator="Invånare 65 år och äldre periodens sista dag.",
    unit=Unit.RATE,
    scale=1000,
    build=_per_1000_older,
    parameters=(*PARAMETERS, AGE_65),
    levels=GEOGRAPHY,
    suppress_on=("numerator", "denominator"),
    unverified=True,  # whether the national measure counts all ages' days is not confirmed
    **COMMON,
)
