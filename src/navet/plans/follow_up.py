"""Following a plan up (issue 6 part 5): recording a follow-up, the overdue plans of a user and
their units, and closing with a reason (services.advance to Stage.CLOSED does the closing)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from navet.access.audit import Actor
from navet.access.models import AuditAction
from navet.plans import services
from navet.plans.errors import PlanError
from navet.plans.models import ClosingReason, CoordinatedPlan, PlanFollowUp, Stage
from navet.plans.versioning import add_version


def is_overdue(plan: CoordinatedPlan, today: date | None = None) -> bool:
    """The follow-up date has passed and the plan is neither followed up (a follow-up moves the
    date on) nor closed."""
    today = today or timezone.localdate()
    return not plan.is_closed and plan.follow_up_date is not None and plan.follow_up_date < today


def overdue(plans, today: date | None = None):
    return plans.exclude(stage=Stage.CLOSED).filter(
        follow_up_date__lt=today or timezone.localdate()
    )


@transaction.atomic
def record_follow_up(
    *,
    actor: Actor,
    user,
    plan: CoordinatedPlan,
    key: str,
    held_on: date,
    note: str,
    next_date: date,
) -> PlanFollowUp:
    """The plan was followed up on `held_on`: recorded with who and when, and the plan gets a new
    version with the next follow-up date (so its reminders start over)."""
    plan = services._lock(plan)
    existing = PlanFollowUp.objects.filter(key=key).first()
    if existing is not None:
        return existing
    services.ensure_open(plan)
    if not note.strip():
        raise PlanError("Skriv vad uppföljningen visade.")
    if held_on > timezone.localdate():
        raise PlanError("En uppföljning kan inte registreras i förväg.")
    if next_date <= held_on:
        raise PlanError("Nästa uppföljning måste vara efter den här. Avsluta annars planen.")
    row = PlanFollowUp.objects.create(
        key=key,
        plan=plan,
        due_date=plan.follow_up_date,
        held_on=held_on,
        note=note.strip(),
        next_date=next_date,
        by=user,
        by_name=services.name_of(user),
    )
    content = services.content_of(plan.current_version())
    content["follow_up_date"] = next_date
    add_version(
        owner=plan,
        base_version=plan.version,
        content=content,
        key=f"follow-up:{row.pk}",
        user=user,
        author_name=services.name_of(user),
    )
    plan.follow_up_date = next_date
    plan.save(update_fields=["version", "follow_up_date"])
    services._advance_to_at_least(plan, Stage.FOLLOW_UP, user)
    services._audit(actor, plan, AuditAction.CHANGE, detail=f"uppföljning {held_on.isoformat()}")
    return row


def close(*, actor: Actor, user, plan: CoordinatedPlan, reason_code: str, note: str = ""):
    """Close the plan: a reason from `ClosingReason` (and a text for "other"), who and when. A
    closed plan is read-only."""
    if reason_code not in ClosingReason.values:
        raise PlanError("Välj ett skäl till att planen avslutas.")
    return services.advance(
        actor=actor, user=user, plan=plan, stage=Stage.CLOSED, note=note, reason_code=reason_code
    )
