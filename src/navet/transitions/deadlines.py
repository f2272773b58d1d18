"""Discharges today and tomorrow, and the header's count of deadlines needing action (part 8).

Kept apart from `selectors` because the count reads the SIP calls and follow-up calls, whose
modules import the stays' models and services. Every function takes `now`; none decides access.
The header count is counts only (no one's data) and costs three COUNT queries per page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from navet.transitions import config, readmission, sip_call
from navet.transitions.models import InpatientStay
from navet.transitions.selectors import overdue_notices, stays_of_units


def discharges_soon(unit_ids, *, now: datetime) -> QuerySet[InpatientStay]:
    """Open stays of the units (treated or notified) with the estimated discharge today or
    tomorrow (local dates)."""
    today = timezone.localdate(now)
    return (
        stays_of_units(unit_ids)
        .filter(
            discharged_at__isnull=True,
            estimated_discharge__gte=today,
            estimated_discharge__lte=today + timedelta(days=1),
        )
        .select_related("person", "ward")
        .order_by("estimated_discharge", "admitted_at", "pk")
    )


@dataclass(frozen=True)
class Deadlines:
    notices_overdue: int
    sip_calls_overdue: int
    follow_ups_due: int

    @property
    def total(self) -> int:
        return self.notices_overdue + self.sip_calls_overdue + self.follow_ups_due


def needing_action(unit_ids, *, now: datetime) -> Deadlines:
    """Notices past their 24 h, SIP calls past their 3 days, follow-up calls from their 48 h."""
    return Deadlines(
        notices_overdue=overdue_notices(unit_ids, now=now).count(),
        sip_calls_overdue=sip_call.calls_to_send(unit_ids)
        .filter(stay__ready_at__lt=now - config.sip_call_deadline())
        .count(),
        follow_ups_due=readmission.calls_open(unit_ids).filter(due_from__lte=now).count(),
    )
