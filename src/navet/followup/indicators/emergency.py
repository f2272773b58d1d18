"""Frequent ED attenders (mångbesökare), research §2.7.

Over the 12 months ending at the period end (local arrival dates): the share of ED patients with
≥ 4 visits. The visit_band breakdown splits the numerator into 4-9, 10-19 and 20+ visits over the
same denominator. Persons alive on the period end count, located as on that day; the unit is
the ED the person visited most (ties: the lowest unit id).
"""

from __future__ import annotations

import ibis

from navet.followup.days import day_number, with_local_day
from navet.followup.indicators.common import records, window_start
from navet.followup.registry import PERSON_BREAKDOWNS, Parameter, Unit, register

PARAMETERS = (
    Parameter("threshold_visits", 4, "Minsta antal besök för att räknas som mångbesökare."),
    Parameter("window_months", 12, "Besök under så många månader bakåt från periodens slut."),
    Parameter("band_edges", (4, 10, 20), "Gränser för besöksklasserna 4-9, 10-19 och 20+."),
)


def _band(visits: ibis.Value, edges) -> ibis.Value:
    low, middle, high = edges
    return ibis.cases(
        (visits >= high, f"{high}+"),
        (visits >= middle, f"{middle}-{high - 1}"),
        (visits >= low, f"{low}-{middle - 1}"),
        else_=ibis.null("string"),
    )


def _build(inputs, period, params) -> ibis.Table:
    first = day_number(window_start(period, params["window_months"]))
    ed = inputs.table("ed_visits")
    ed = with_local_day(ed, "arrival_time", "arrival_day", within=(first, period.last_day))
    ed = ed.filter(ed.arrival_day.between(first, period.last_day))
    per_unit = ed.group_by("person_key", "unit_id").aggregate(n=ed.count())
    rank = ibis.row_number().over(
        group_by=per_unit.person_key, order_by=[per_unit.n.desc(), per_unit.unit_id]
    )
    ranked = per_unit.mutate(rank=rank, visits=per_unit.n.sum().over(group_by=per_unit.person_key))
    per_person = ranked.filter(ranked.rank == 0).select("person_key", "visits", ed_unit="unit_id")
    per_person = inputs.person_ids(per_person)
    people = inputs.people_on(period.last_day).drop("unit")
    t = per_person.join(people.filter(people.alive), "pid")
    frequent = (t.visits >= params["threshold_visits"]).cast("int64")
    return records(
        t,
        num=frequent,
        den=1,
        subject=t.pid,
        unit=t.ed_unit,
        visit_band=_band(t.visits, params["band_edges"]),
    )


register(
    id="frequent_ed_attenders",
    name="Mångbesökare på akutmottagning",
    definition=(
        "Andelen av dem som besökt en akutmottagning under de 12 månader som slutar med "
        "periodens sista dag som gjort minst 4 besök. Uppdelningen på besöksklass visar hur "
        "många som gjort 4–9, 10–19 och 20 eller fler besök."
    ),
    numerator="Personer med minst 4 akutbesök under 12 månader.",
    denominator="Personer i livet periodens sista dag med minst 1 akutbesök under 12 månader.",
    unit=Unit.SHARE,
    build=_build,
    family="emergency",
    source="research/indicators.md §2.7 (ingen svensk nationell definition)",
    parameters=PARAMETERS,
    tables=("ed_visits", "persons"),
    breakdowns=(*PERSON_BREAKDOWNS, "visit_band"),
    numerator_only_breakdowns=("visit_band",),
    unit_kinds=("emergency_department",),
    unverified=True,
)
