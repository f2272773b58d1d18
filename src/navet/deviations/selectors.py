"""Reading deviations: the worklists of a user's units, the menu count, a person's deviations
(filtered to those the user's units are party to) and one deviation's history. None of these
decides access to a person: the views gate and log what they show."""

from __future__ import annotations

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from navet.access.subjects import subject_for
from navet.deviations.models import Deviation, DeviationEvent, Status


def _unit_ids(user) -> frozenset[int]:
    return subject_for(user, on=timezone.localdate()).unit_ids


def _related(qs: QuerySet) -> QuerySet:
    return qs.select_related("person", "reporting_unit", "responsible_unit")


_STAGE = Case(
    When(status=Status.REPORTED, then=Value(0)),
    When(status=Status.RECEIVED, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def to_handle(user) -> QuerySet[Deviation]:
    """Open deviations that the user's units are responsible for: not received first, then
    received, then under investigation; the oldest first in each."""
    return _related(
        Deviation.objects.filter(responsible_unit_id__in=_unit_ids(user))
        .exclude(status=Status.CLOSED)
        .annotate(stage=_STAGE)
        .order_by("stage", "reported_at", "pk")
    )


def reported_by_units(user, *, limit: int = 100) -> QuerySet[Deviation]:
    """What the user's units reported (open first), to follow the other side's handling."""
    return _related(
        Deviation.objects.filter(reporting_unit_id__in=_unit_ids(user)).order_by(
            "closed_at", "-reported_at", "-pk"
        )
    )[:limit]


def open_count(user) -> int:
    units = _unit_ids(user)
    if not units:
        return 0
    return (
        Deviation.objects.filter(responsible_unit_id__in=units)
        .exclude(status=Status.CLOSED)
        .count()
    )


def party_filter(unit_ids) -> Q:
    routed = DeviationEvent.objects.filter(to_unit_id__in=unit_ids).values("deviation_id")
    return (
        Q(reporting_unit_id__in=unit_ids) | Q(responsible_unit_id__in=unit_ids) | Q(pk__in=routed)
    )


def of_person(user, person) -> QuerySet[Deviation]:
    return _related(
        Deviation.objects.filter(party_filter(_unit_ids(user)), person=person).order_by(
            "-reported_at", "-pk"
        )
    )


def history(d: Deviation) -> list[DeviationEvent]:
    return list(d.events.select_related("unit", "to_unit"))
