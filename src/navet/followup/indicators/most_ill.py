"""The most ill older people (mest sjuka äldre), research §2.6.

Residents aged ≥ 65 on the period end, alive then. Over the 12 months ending at the period end:
  extensive medical care = ≥ 3 different main diagnoses (ICD-10 categories) in inpatient care,
      or > 19 inpatient days, or ≥ 3 admissions, or > 7 doctor visits in specialised care;
  extensive social care = living in a nursing home (SÄBO) or in short-term housing on the day.
Default: medical OR social care (Socialstyrelsen's third delimitation); "and" gives the core
group. Home help of ≥ 25 hours a month is one of the social criteria, but snapshots carry no home
help hours, so it is not applied. The thresholds follow a secondary summary and are unverified.
"""

from __future__ import annotations

import ibis

from navet.followup.days import day_number, with_local_day
from navet.followup.indicators.common import between_dates, records, window_start
from navet.followup.inputs import aged, left_join
from navet.followup.registry import Parameter, Unit, register

PARAMETERS = (
    Parameter("age_min", 65, "Lägsta ålder periodens sista dag."),
    Parameter("window_months", 12, "Vård under så många månader bakåt från periodens slut."),
    Parameter("min_diagnoses", 3, "Minst så många olika huvuddiagnoser (ICD-10-kategori)."),
    Parameter("inpatient_days_over", 19, "Fler vårddagar än så i slutenvård."),
    Parameter("min_admissions", 3, "Minst så många inskrivningar i slutenvård."),
    Parameter("specialist_visits_over", 7, "Fler läkarbesök än så i specialiserad öppenvård."),
    Parameter(
        "social_care_situations",
        ("nursing_home", "short_term_stay"),
        "Boendeformer som räknas som omfattande omsorg (särskilt boende, korttidsboende).",
    ),
    Parameter("combine", "or", "'or': omfattande vård eller omsorg; 'and': både och (kärngrupp)."),
)


def _inpatient(inputs, first: int, last: int) -> ibis.Table:
    """Per person over [first, last]: admissions, distinct diagnosis categories, inpatient
    days (local discharge date − admission date, clipped to the window; open stays run to
    its end)."""
    e = inputs.table("episodes").select(
        "person_key", "admission_time", "discharge_time", "main_diagnosis"
    )
    e = with_local_day(e, "admission_time", "adm_day")
    e = with_local_day(e, "discharge_time", "dis_day")
    e = e.filter(e.adm_day <= last, e.dis_day.isnull() | (e.dis_day >= first))
    start = ibis.greatest(e.adm_day, first)
    end = ibis.least(e.dis_day.fill_null(last), last)
    admitted_in_window = (e.adm_day >= first).cast("int64")
    category = ibis.ifelse(
        e.adm_day >= first,
        e.main_diagnosis.upper().replace(".", "").substr(0, 3),
        ibis.null("string"),
    )
    e = e.mutate(days=end - start, admitted=admitted_in_window, category=category)
    per_person = e.group_by("person_key").aggregate(
        admissions=e.admitted.sum(), days=e.days.sum(), diagnoses=e.category.nunique()
    )
    return inputs.person_ids(per_person)


def _build(inputs, period, params) -> ibis.Table:
    first_date = window_start(period, params["window_months"])
    first, last = day_number(first_date), period.last_day
    people = inputs.people_on(last)
    older = people.filter(
        people.alive,
        people.municipality.notnull(),
        aged(people.birth_date, params["age_min"], last),
    )
    v = inputs.table("visits")
    v = v.filter(
        v.profession == "doctor",
        v.care_level == "specialist",
        between_dates(v.visit_date, first_date, period.end),
    )
    visits = inputs.person_ids(v.group_by("person_key").aggregate(specialist_visits=v.count()))
    t = left_join(older, _inpatient(inputs, first, last), "pid")
    t = left_join(t, visits, "pid")
    medical = (
        (t.diagnoses.fill_null(0) >= params["min_diagnoses"])
        | (t.days.fill_null(0) > params["inpatient_days_over"])
        | (t.admissions.fill_null(0) >= params["min_admissions"])
        | (t.specialist_visits.fill_null(0) > params["specialist_visits_over"])
    )
    situations = inputs.codes("living_situation", params["social_care_situations"])
    social = t.living_situation.isin(situations).fill_null(False)
    most_ill = (medical & social) if params["combine"] == "and" else (medical | social)
    return records(t, num=most_ill.cast("int64"), den=1, subject=t.pid, unit=t.unit)


register(
    id="most_ill_elderly",
    name="Mest sjuka äldre",
    definition=(
        "Andelen invånare 65 år och äldre som periodens sista dag hör till de mest sjuka äldre: "
        "omfattande vård under de senaste 12 månaderna (minst 3 olika diagnoser i slutenvård, "
        "fler än 19 vårddagar, minst 3 inskrivningar eller fler än 7 läkarbesök i specialiserad "
        "öppenvård) eller omfattande omsorg (bor i särskilt boende eller på korttidsboende)."
    ),
    numerator="Invånare 65+ som uppfyller kriterierna.",
    denominator="Invånare 65 år och äldre periodens sista dag.",
    unit=Unit.SHARE,
    build=_build,
    family="most_ill",
    source="research/indicators.md §2.6; Socialstyrelsen 2011, De mest sjuka äldre",
    parameters=PARAMETERS,
    tables=("persons", "episodes", "visits"),
    unit_kinds=("health_centre",),
    unverified=True,
)
