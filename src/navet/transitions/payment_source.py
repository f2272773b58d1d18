"""The transitions app's stays as the payment rules' input (`navet.payment.timeline`): the
adapter of docs/payment.md, registered as the payment source "transitions".

- The municipality is the one responsible at admission (`InpatientStay.municipality`).
- A notice "reached the municipality" when it went to one of the municipality's units (its
  intake unit, or the social services standing in for it): the inbox delivers at once, so the
  sending time is the receiving time.
- Event times are the corrected ones (`StayEvent.effective_at`): a correction supersedes.
- Days the region's own gaps caused: the intervals the municipality claimed and the region
  confirmed (`navet.transitions.gaps`, docs/transitions.md §14), with the reason's label.
- The SIP call: required when "SIP behövs" was recorded for the stay, sent when the health
  centre sent the invitation (`navet.transitions.sip_call`).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q

from navet.followup.export import load_or_create_key, pseudonym
from navet.organisation.models import PrincipalKind
from navet.payment.timeline import CareType, ExcludedDays, ReadyPeriod, StayTimeline
from navet.transitions import gaps
from navet.transitions.models import EventKind, InpatientStay, NoticeKind


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


def _first_after(moments: list[datetime], start: datetime, end: datetime | None):
    """The first moment at or after `start` and (when given) before `end`."""
    return next((m for m in moments if m >= start and (end is None or m < end)), None)


def timeline_of(stay: InpatientStay, *, key: bytes) -> StayTimeline:
    events = sorted(
        (e for e in stay.events.all() if e.kind != EventKind.CORRECTED),
        key=lambda e: (e.effective_at(), e.pk),
    )
    municipal = [
        n for n in stay.notices.all() if n.unit.principal.kind == PrincipalKind.MUNICIPALITY
    ]
    admission_notices = sorted(n.sent_at for n in municipal if n.kind == NoticeKind.ADMISSION)
    ready_notices = sorted(n.sent_at for n in municipal if n.kind == NoticeKind.READY)

    decisions: list[tuple[datetime, datetime | None]] = []  # (ready, revoked)
    discharged_at = None
    for event in events:
        at = event.effective_at()
        if event.kind == EventKind.READY:
            decisions.append((at, None))
        elif event.kind == EventKind.NOT_READY and decisions and decisions[-1][1] is None:
            decisions[-1] = (decisions[-1][0], at)
        elif event.kind == EventKind.DISCHARGED:
            discharged_at = at
    sip_call = getattr(stay, "sip_call", None)
    periods = []
    for ready_at, revoked_at in decisions:
        sent = _first_after(ready_notices, ready_at, revoked_at)
        periods.append(
            ReadyPeriod(
                notified_at=sent or ready_at, revoked_at=revoked_at, notice_received=bool(sent)
            )
        )
    return StayTimeline(
        episode_ref=str(stay.pk),
        person_key=pseudonym(key, stay.person.identifier),
        municipality_code=stay.municipality.code,
        care_type=CareType(stay.care_type),
        admitted_at=stay.admitted_at,
        admission_notice_at=admission_notices[0] if admission_notices else None,
        ready_periods=tuple(periods),
        discharged_at=discharged_at or stay.discharged_at,
        excluded=tuple(
            ExcludedDays(g.first_day, g.last_day, gaps.excluded_reason(g))
            for g in gaps.confirmed(stay)
        ),
        sip_call_required=sip_call is not None,
        sip_call_sent_at=sip_call.sent_at if sip_call else None,
    )


def timelines(municipality_code: str, first_day: date, last_day: date) -> list[StayTimeline]:
    """The stays of the municipality's residents in hospital on some day of the window."""
    stays = (
        InpatientStay.objects.filter(
            municipality__code=municipality_code,
            admitted_at__lt=_start_of(last_day + timedelta(days=1)),
        )
        .filter(Q(discharged_at__isnull=True) | Q(discharged_at__gte=_start_of(first_day)))
        .select_related("person", "municipality", "sip_call")
        .prefetch_related(
            "events__corrections", "notices__unit__principal", "region_gaps__decided_unit"
        )
        .order_by("admitted_at", "pk")
    )
    key = load_or_create_key()
    return [timeline_of(stay, key=key) for stay in stays]
