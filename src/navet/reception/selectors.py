"""Reads of the digital reception: who handles a unit's queue, the queue, one request.

The staff of the receiving health centre (a care role with an assignment there today, as for the
unit inbox) may read the requests sent to it: the resident sent the request to them, so the
request itself is the basis (audit reason `reception_recipient`); the rest of the person's record
still goes through the gate."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from navet.messaging.selectors import inbox_units
from navet.reception.models import ReceptionRequest, Status

READ_REASON = "reception_recipient"


def reception_units(user):
    return tuple(u for u in inbox_units(user) if u.kind == "health_centre")


def queue(unit_id: int) -> QuerySet[ReceptionRequest]:
    """Open requests: the most urgent first, then the longest waiting."""
    return (
        ReceptionRequest.objects.filter(unit_id=unit_id)
        .exclude(status=Status.CLOSED)
        .select_related("person", "picked_by")
        .order_by("urgency", "created_at", "pk")
    )


def may_handle(user, request: ReceptionRequest) -> bool:
    return any(u.id == request.unit_id for u in reception_units(user))


def waiting_minutes(request: ReceptionRequest, now=None) -> int:
    return int(((now or timezone.now()) - request.created_at).total_seconds() // 60)


def position(request: ReceptionRequest) -> int:
    """The resident's place in line among the waiting requests of the unit (1 = next)."""
    ahead = ReceptionRequest.objects.filter(unit_id=request.unit_id, status=Status.WAITING).filter(
        urgency__lt=request.urgency
    ) | ReceptionRequest.objects.filter(
        unit_id=request.unit_id,
        status=Status.WAITING,
        urgency=request.urgency,
        created_at__lt=request.created_at,
    )
    return ahead.count() + 1
