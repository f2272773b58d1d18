"""Reads for the monitoring pages: the unit's worklist, the start-page count, one person's
series per measure (with the chart)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from navet.access.purposes import Purpose
from navet.access.selectors import accessible_persons
from navet.access.subjects import subject_for
from navet.monitoring.charts import measure_chart
from navet.monitoring.measures import MEASURES, Measure
from navet.monitoring.models import Alert, Enrolment, Measurement

SERIES_LIMIT = 200  # the latest values per measure on a page


def _units(user):
    return subject_for(user, on=timezone.localdate()).unit_ids


def open_alerts(user):
    """Unacknowledged alerts of the user's units, about persons the user may read; oldest first."""
    units = _units(user)
    if not units:
        return Alert.objects.none()
    return (
        Alert.objects.filter(
            unit_id__in=units,
            acknowledged_at__isnull=True,
            enrolment__person__in=accessible_persons(user, Purpose.CARE),
        )
        .select_related("enrolment__person", "measurement")
        .order_by("created_at", "pk")
    )


def open_alert_count(user) -> int:
    units = _units(user)
    if not units:
        return 0
    return Alert.objects.filter(unit_id__in=units, acknowledged_at__isnull=True).count()


def enrolled(user):
    units = _units(user)
    if not units:
        return Enrolment.objects.none()
    return (
        Enrolment.objects.filter(
            unit_id__in=units,
            ended_at__isnull=True,
            person__in=accessible_persons(user, Purpose.CARE),
        )
        .select_related("person", "unit")
        .order_by("person__family_name", "person__given_name")
    )


@dataclass(frozen=True)
class Series:
    measure: Measure
    low: object
    high: object
    values: list
    chart: str


def series(enrolment: Enrolment, *, prefix: str) -> list[Series]:
    result = []
    for limits in enrolment.measures.all():
        measure = MEASURES[limits.measure]
        latest = Measurement.objects.filter(enrolment=enrolment, measure=limits.measure).order_by(
            "-effective_at", "-pk"
        )[:SERIES_LIMIT]
        values = list(reversed(latest))
        chart = measure_chart(
            measure.key, values, limits.low, limits.high, chart_id=f"{prefix}-{measure.key}"
        ) if values else ""  # fmt: skip
        result.append(Series(measure, limits.low, limits.high, values, chart))
    return result


def alerts_of_person(person):
    """A person's monitoring alerts, latest first (for references from other apps)."""
    return (
        Alert.objects.filter(enrolment__person=person)
        .select_related("unit", "measurement")
        .order_by("-created_at", "-pk")
    )
