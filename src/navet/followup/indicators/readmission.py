"""Unplanned readmission within 30, 7 and 3 days among persons 65+ (research §2.3).

Index: a somatic care episode (transfers merged, see care_episodes.py) of a person aged ≥ 65 on
the local discharge date, discharged alive within the period, planned or acute. Outcome: an
acute somatic care episode admitted 1 … N calendar days (Swedish local dates) after the index
discharge date. A care episode can be both an outcome and a new index. The follow-up may run
past the period end; it uses whatever the snapshot holds.
"""

from __future__ import annotations

import ibis

from navet.followup.indicators import care_episodes
from navet.followup.indicators.common import between_days, records
from navet.followup.inputs import birthday
from navet.followup.registry import Parameter, Subjects, Unit, register

MAX_WINDOW_DAYS = 90  # the longest follow-up any window may ask for
SOURCE = "research/indicators.md §2.3; Öppna jämförelser Vård och omsorg om äldre"
PARAMETERS = (
    Parameter("age_min", 65, "Lägsta ålder vid utskrivningen."),
    Parameter("index_care_types", ("somatic",), "Vårdtyp för indexvårdtillfället."),
    Parameter(
        "outcome_admission_types", ("acute",), "Inskrivningssätt som räknas som återinskrivning."
    ),
    Parameter("outcome_care_types", ("somatic",), "Vårdtyp för återinskrivningen."),
    Parameter(
        "excluded_destinations", ("deceased",), "Utskrivningsmål som inte ger ett indextillfälle."
    ),
    *care_episodes.PARAMETERS,
)


def index_stays(inputs, period, params) -> ibis.Table:
    """Index care episodes of the period, described at discharge, with `days_to_outcome`: the
    days from the index discharge date to the first outcome admission on day 1 or later (null:
    none). Shared by the 30-, 7- and 3-day indicators, which differ only in the window."""
    shared = [name for name in sorted(params) if name != "window_days"]
    key = ("readmission_index", period, tuple((name, params[name]) for name in shared))
    return inputs.shared(key, lambda: _index_stays(inputs, period, params))


def _index_stays(inputs, period, params) -> ibis.Table:
    stays = care_episodes.care_episodes(inputs, params)
    index = stays.filter(
        stays.dis_day.notnull(),
        between_days(stays.dis_day, period),
        stays.care_type.isin(list(params["index_care_types"])),
        stays.destination.isnull() | ~stays.destination.isin(list(params["excluded_destinations"])),
    )
    outcomes = stays.filter(
        stays.admission_type.isin(list(params["outcome_admission_types"])),
        stays.care_type.isin(list(params["outcome_care_types"])),
    ).select(o_pid="pid", o_key="subject_key", o_day="adm_day")
    left = index.select("pid", "subject_key", "care_no", "dis_day")
    pairs = left.join(
        outcomes,
        [
            left.pid.identical_to(outcomes.o_pid),  # a null pid: see Inputs.with_pid
            left.subject_key.identical_to(outcomes.o_key),
            outcomes.o_day >= left.dis_day + 1,
            outcomes.o_day <= left.dis_day + MAX_WINDOW_DAYS,
        ],
    )
    first = pairs.group_by(f_pid="pid", f_key="subject_key", f_no="care_no").aggregate(
        days_to_outcome=(pairs.o_day - pairs.dis_day).min()
    )
    index = index.left_join(
        first,
        [
            index.pid.identical_to(first.f_pid),
            index.subject_key.identical_to(first.f_key),
            index.care_no == first.f_no,
        ],
    ).drop("f_pid", "f_key", "f_no")
    index = inputs.at_event(index, "dis_day")
    return index.filter(index.dis_day >= birthday(index.birth_date, params["age_min"]))


def _readmissions(inputs, period, params) -> ibis.Table:
    if params["window_days"] > MAX_WINDOW_DAYS:
        raise ValueError(f"window_days kan vara högst {MAX_WINDOW_DAYS}.")
    t = index_stays(inputs, period, params)
    readmitted = t.days_to_outcome.notnull() & (t.days_to_outcome <= params["window_days"])
    return records(t, num=readmitted.cast("int64"), den=1, subject=t.pid, unit=t.unit_id)


def _register(days: int) -> None:
    register(
        id=f"readmission_{days}d",
        name=f"Oplanerad återinskrivning inom {days} dagar, 65 år och äldre",
        definition=(
            "Andelen vårdtillfällen i somatisk vård för personer 65 år och äldre, utskrivna "
            f"levande under perioden, som följs av en akut inskrivning i somatisk vård 1–{days} "
            "kalenderdagar efter utskrivningsdagen. Överflyttningar mellan avdelningar inom 24 "
            "timmar räknas som samma vårdepisod."
        ),
        numerator=f"Indexvårdtillfällen med akut återinskrivning inom {days} dagar.",
        denominator="Vårdepisoder i somatisk vård, 65+, utskrivna levande under perioden.",
        unit=Unit.SHARE,
        build=_readmissions,
        family="readmission",
        source=SOURCE,
        parameters=(
            Parameter("window_days", days, "Antal kalenderdagar efter utskrivningsdagen."),
            *PARAMETERS,
        ),
        tables=("episodes", "persons"),
        unit_kinds=("inpatient_ward",),
        numerator_subjects=Subjects.DISTINCT,
        denominator_subjects=Subjects.DISTINCT,
        unverified=True,  # Socialstyrelsen's exact rule set is not confirmed (§2.3)
    )


for _days in (30, 7, 3):
    _register(_days)
