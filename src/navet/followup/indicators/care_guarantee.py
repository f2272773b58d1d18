"""The care guarantee in primary care, 0–3: same-day phone contact and medical assessment within
3 days (research §2.8).

Phone calls are not about persons: each call is its own subject for small-cell suppression.
For assessments, a request without a first assessment counts as not assessed in time once its
deadline has passed on the day the snapshot was made; before that its outcome is unknown and it
is left out (a completed wait is what Väntetider i vården measures).
"""

from __future__ import annotations

import ibis

from navet.followup.days import date_day, with_local_day
from navet.followup.indicators.common import EACH_RECORD, between_dates, between_days, records
from navet.followup.registry import Parameter, Subjects, Unit, register

SOURCE = "research/indicators.md §2.8; Väntetider i vården"
HEALTH_CENTRES = ("health_centre",)


def _phone(inputs, period, params) -> ibis.Table:
    calls = inputs.table("phone_calls")
    calls = with_local_day(
        calls, "received_time", "received_day", within=(period.first_day, period.last_day)
    )
    calls = calls.filter(between_days(calls.received_day, period))
    units = inputs.units()
    t = calls.join(units, calls.unit_id == units.unit_id)
    answered = t.answered_same_day.cast("int64")
    return records(
        t,
        num=answered,
        den=1,
        subject=EACH_RECORD,
        unit=t.unit_id,
        municipality=t.unit_municipality,
    )


def _assessment(inputs, period, params) -> ibis.Table:
    limit = params["max_days"]
    r = inputs.table("care_requests")
    r = r.filter(
        r.reason_class.isin(list(params["reason_classes"])),
        between_dates(r.received_date, period.start, period.end),
    )
    r = r.mutate(
        received_day=date_day(r.received_date),
        waited=date_day(r.first_assessment_date) - date_day(r.received_date),
    )
    if params["include_reception"] and inputs.has("reception_requests"):
        r = r.select(*REQUEST_COLUMNS).union(_reception(inputs, period, params))
    overdue = r.received_day + limit < inputs.snapshot_day()
    r = r.filter(r.waited.notnull() | overdue)
    in_time = (r.waited.notnull() & (r.waited <= limit)).cast("int64")
    t = inputs.at_event(r.mutate(in_time=in_time), "received_day")
    return records(t, num=t.in_time, den=1, subject=t.pid, unit=t.unit_id)


REQUEST_COLUMNS = ("person_key", "unit_id", "received_day", "waited")


def _reception(inputs, period, params) -> ibis.Table:
    """Requests residents sent in Navet's digital reception, as care requests: received on the
    local day they were sent, assessed on the local day of the first staff reply."""
    q = inputs.table("reception_requests")
    q = q.filter(q.reason_class.isin(list(params["reason_classes"])))
    q = with_local_day(
        q, "created_time", "received_day", within=(period.first_day, period.last_day)
    )
    q = q.filter(between_days(q.received_day, period))
    q = with_local_day(q, "first_assessed_time", "assessed_day")
    return q.select(
        "person_key",
        "unit_id",
        received_day=q.received_day.cast("int64"),
        waited=(q.assessed_day - q.received_day).cast("int64"),
    )


register(
    id="phone_answered_same_day",
    name="Telefontillgänglighet samma dag",
    definition=(
        "Andelen samtal till vårdcentralen under perioden som besvarades samma dag (kontakt "
        "samma dag enligt vårdgarantin)."
    ),
    numerator="Samtal besvarade samma dag.",
    denominator="Inkomna samtal under perioden.",
    unit=Unit.SHARE,
    build=_phone,
    family="care_guarantee",
    source=SOURCE,
    tables=("phone_calls", "units"),
    breakdowns=("total",),
    unit_kinds=HEALTH_CENTRES,
)
register(
    id="medical_assessment_within_3d",
    name="Medicinsk bedömning inom 3 dagar",
    definition=(
        "Andelen vårdbehov (nytt besvär, försämring eller utebliven effekt) som fick en första "
        "medicinsk bedömning senast 3 kalenderdagar efter att de togs emot under perioden. Ett "
        "vårdbehov som ännu inte bedömts räknas som för sent när tre dagar gått den dag "
        "ögonblicksbilden togs."
    ),
    numerator="Vårdbehov med första bedömning inom 3 kalenderdagar.",
    denominator="Vårdbehov mottagna under perioden med känt utfall.",
    unit=Unit.SHARE,
    build=_assessment,
    family="care_guarantee",
    source=SOURCE,
    parameters=(
        Parameter("max_days", 3, "Längsta väntan i kalenderdagar."),
        Parameter(
            "reason_classes",
            ("new", "worsened", "no_effect"),
            "Orsaker som omfattas: nytt besvär, försämring, utebliven effekt.",
        ),
        Parameter(
            "include_reception",
            True,
            "Räkna även ärenden i Navets digitala mottagning (tabellen reception_requests, när "
            "den finns): mottagna den dag invånaren skickade dem, bedömda den dag personalen "
            "först svarade.",
        ),
    ),
    tables=("care_requests", "persons"),
    unit_kinds=HEALTH_CENTRES,
    numerator_subjects=Subjects.DISTINCT,
    denominator_subjects=Subjects.DISTINCT,
)
