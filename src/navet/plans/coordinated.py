"""The person's one coordinated plan: their active SIPs and documented agreements together,
with the next agreed time and the upcoming meetings. A plain read with no gate or audit of its
own: the calling view gates and logs (staff: `person_view`; the resident: `own_data_view`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from navet.plans.models import CoordinatedPlan, DocumentedAgreement, PlanMeeting, Stage


@dataclass(frozen=True)
class CoordinatedCare:
    plans: list[CoordinatedPlan]  # active SIPs (not closed), newest first
    agreements: list[DocumentedAgreement]  # active agreements (not ended), newest first
    upcoming_meetings: list[PlanMeeting]  # meetings of those SIPs from now on, earliest first
    next_agreed_at: datetime | None  # the earliest agreed time ahead: agreements and meetings
    next_follow_up: date | None  # the earliest SIP follow-up date (also when passed)

    @property
    def is_empty(self) -> bool:
        return not self.plans and not self.agreements


def coordinated_plan(person, *, now: datetime | None = None) -> CoordinatedCare:
    now = now or timezone.now()
    plans = list(
        CoordinatedPlan.objects.filter(person=person)
        .exclude(stage=Stage.CLOSED)
        .select_related("coordinator_unit")
        .order_by("-created_at")
    )
    agreements = list(
        DocumentedAgreement.objects.filter(person=person, ended_at__isnull=True)
        .select_related("unit", "plan")
        .order_by("-created_at")
    )
    meetings = list(
        PlanMeeting.objects.filter(plan__in=plans, ends_at__gte=now)
        .select_related("plan")
        .order_by("starts_at", "pk")
    )
    ahead = [a.next_agreed_at for a in agreements if a.next_agreed_at and a.next_agreed_at >= now]
    ahead += [m.starts_at for m in meetings if m.starts_at >= now]
    follow_ups = [p.follow_up_date for p in plans if p.follow_up_date]
    return CoordinatedCare(
        plans=plans,
        agreements=agreements,
        upcoming_meetings=meetings,
        next_agreed_at=min(ahead) if ahead else None,
        next_follow_up=min(follow_ups) if follow_ups else None,
    )
