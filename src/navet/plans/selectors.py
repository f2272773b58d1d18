"""Reads for the SIP pages: the worklist of a user's units and the facts of one plan."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from navet.access.purposes import Purpose
from navet.access.selectors import accessible_persons
from navet.access.subjects import subject_for
from navet.plans.follow_up import overdue
from navet.plans.models import CoordinatedPlan, Stage


def worklist(user):
    """Open plans that one of the user's units coordinates or is invited to, whose person the
    user may read for SIP; follow-up date first."""
    units = subject_for(user, on=timezone.localdate()).unit_ids
    if not units:
        return CoordinatedPlan.objects.none()
    return (
        CoordinatedPlan.objects.filter(
            Q(coordinator_unit_id__in=units) | Q(invitations__unit_id__in=units),
            person__in=accessible_persons(user, Purpose.SIP),
        )
        .exclude(stage=Stage.CLOSED)
        .select_related("person", "coordinator_unit")
        .distinct()
        .order_by("follow_up_date", "-created_at")
    )


@dataclass(frozen=True)
class Counts:
    active: int
    overdue: int  # follow-up date passed, not followed up: the user's units
    overdue_mine: int  # … of which the user is the coordinator


def counts(user, today=None) -> Counts:
    plans = worklist(user)
    late = overdue(plans, today)
    return Counts(
        active=plans.count(),
        overdue=late.count(),
        overdue_mine=late.filter(coordinator_id=user.pk).count(),
    )


def plans_of_person(person):
    """A person's SIPs, latest first (for references from other apps, e.g. a deviation)."""
    return (
        CoordinatedPlan.objects.filter(person=person)
        .select_related("coordinator_unit")
        .order_by("-created_at", "-pk")
    )
