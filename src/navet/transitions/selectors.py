"""Reads for the discharge pages and worklists. Every function takes `now`, so that a test (or a
look at yesterday) can move the clock; none decides access: the views restrict persons with
`accessible_persons` and log what they show.

Worklists per unit (lag 2017:612 deadlines as lists that push):
- notices to acknowledge: admission, ready and no-longer-ready notices open in the unit's inbox;
- overdue: those of them past their deadline (24 h from receipt);
- ready but still in hospital: open stays that are ready for discharge, with the calendar days
  since the ready notice — for the treating ward and for every unit that got a notice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from navet.messaging.models import InboxItem
from navet.transitions.models import InpatientStay, Notice, NoticeKind, StayEvent

NOTICE_KINDS = NoticeKind.values


def notices_to_acknowledge(unit_ids) -> QuerySet[InboxItem]:
    return (
        InboxItem.objects.open()
        .filter(kind__in=NOTICE_KINDS, to_unit_id__in=unit_ids)
        .select_related("person", "to_unit")
        .order_by("due_at", "pk")
    )


def overdue_notices(unit_ids, *, now: datetime) -> QuerySet[InboxItem]:
    return notices_to_acknowledge(unit_ids).filter(due_at__lte=now)


def stays_of_units(unit_ids) -> QuerySet[InpatientStay]:
    """Stays the units treat or got a notice of."""
    notified = Notice.objects.filter(unit_id__in=unit_ids).values("stay")
    return InpatientStay.objects.filter(Q(ward_id__in=unit_ids) | Q(pk__in=notified))


def ready_in_hospital(unit_ids) -> QuerySet[InpatientStay]:
    return (
        stays_of_units(unit_ids)
        .filter(discharged_at__isnull=True, ready_at__isnull=False)
        .select_related("person", "ward")
        .order_by("ready_at", "pk")
    )


def days_ready(stay: InpatientStay, *, now: datetime) -> int:
    """Calendar days since the ready notice (the plain count of the indicators; the payment
    rules' day 0 and noon cut-off belong to invoicing)."""
    return (timezone.localdate(now) - timezone.localdate(stay.ready_at)).days


def ward_stays(ward_ids) -> QuerySet[InpatientStay]:
    return (
        InpatientStay.objects.filter(ward_id__in=ward_ids, discharged_at__isnull=True)
        .select_related("person", "ward")
        .order_by("admitted_at", "pk")
    )


@dataclass(frozen=True)
class Counts:
    to_acknowledge: int
    overdue: int
    ready: int
    admitted: int

    @property
    def any(self) -> bool:
        return bool(self.to_acknowledge or self.ready or self.admitted)


def counts(unit_ids, *, now: datetime) -> Counts:
    return Counts(
        to_acknowledge=notices_to_acknowledge(unit_ids).count(),
        overdue=overdue_notices(unit_ids, now=now).count(),
        ready=ready_in_hospital(unit_ids).count(),
        admitted=ward_stays(unit_ids).count(),
    )


def history(stay: InpatientStay) -> list[StayEvent]:
    return list(
        stay.events.select_related("unit", "corrects").prefetch_related("corrections").all()
    )


def notices_of(stay: InpatientStay) -> list[Notice]:
    return list(stay.notices.select_related("unit", "inbox_item").all())


def stays_of_person(person) -> QuerySet[InpatientStay]:
    """A person's stays, latest first (for references from other apps, e.g. a deviation)."""
    return (
        InpatientStay.objects.filter(person=person)
        .select_related("ward")
        .order_by("-admitted_at", "-pk")
    )
