"""Reminders to the coordinator before a plan's follow-up date (issue 6 part 5).

`send_reminders(today=…)` is run by the background task `plans.tasks.send_plan_reminders`
(`./navet manage send_plan_reminders` enqueues it, e.g. from cron; the demo's worker runs it).
For each open plan with a follow-up date it sends at most one reminder per lead time
(settings.NAVET_SIP_REMINDER_DAYS, default 7, 1 and 0 days before) to the coordinator's unit
inbox. Idempotent: the inbox key is `plans.reminder:<plan>:<follow-up date>:<lead>`, so a
second run, or two workers at once, send nothing more; a new follow-up date gets new reminders.
`today` is injectable: the tests travel in time through it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from navet.access.audit import system_actor
from navet.access.purposes import Purpose
from navet.messaging.errors import MessagingError
from navet.messaging.selectors import item_exists
from navet.messaging.services import send_item
from navet.plans import config
from navet.plans.models import CoordinatedPlan, Stage
from navet.plans.services import _source as plan_source

logger = logging.getLogger(__name__)

SENDER = "Navet (SIP-påminnelse)"


def current_lead(follow_up: date, today: date, leads: tuple[int, ...]) -> int | None:
    """The lead time whose reminder is due today: the smallest configured lead that has been
    reached. A worker that missed some days sends one reminder, not a burst; after the date
    none (the plan is then overdue in the worklists)."""
    days_left = (follow_up - today).days
    if days_left < 0:
        return None
    reached = [lead for lead in leads if lead >= days_left]
    return min(reached) if reached else None


def reminder_key(plan: CoordinatedPlan, lead: int) -> str:
    return f"plans.reminder:{plan.pk}:{plan.follow_up_date.isoformat()}:{lead}"


@dataclass(frozen=True)
class Due:
    plan: CoordinatedPlan
    lead: int


def due_reminders(today: date) -> list[Due]:
    leads = config.reminder_days()
    if not leads:
        return []
    plans = (
        CoordinatedPlan.objects.exclude(stage=Stage.CLOSED)
        .filter(follow_up_date__gte=today, follow_up_date__lte=today + timedelta(days=leads[0]))
        .select_related("coordinator_unit", "person")
        .order_by("follow_up_date", "pk")
    )
    out = []
    for plan in plans:
        lead = current_lead(plan.follow_up_date, today, leads)
        if lead is not None:
            out.append(Due(plan, lead))
    return out


def _when(lead: int) -> str:
    return {0: "i dag", 1: "i morgon"}.get(lead, f"om {lead} dagar")


def _send(due: Due, actor) -> bool:
    plan, lead = due.plan, due.lead
    key = reminder_key(plan, lead)
    if item_exists(key):
        return False
    day = plan.follow_up_date.isoformat()
    send_item(
        to_unit=plan.coordinator_unit,
        kind="reminder",
        subject=f"SIP-uppföljning {_when(lead)} ({day})",
        body=(
            f"Till samordnaren {plan.coordinator_name}: uppföljningen av personens samordnade "
            f"individuella plan ska göras {_when(lead)}, {day}. Öppna planen för att förbereda "
            "uppföljningen, registrera den eller avsluta planen."
        ),
        person=plan.person,
        sender_name=SENDER,
        idempotency_key=key,
        purpose=Purpose.SIP,
        actor=actor,
        source=plan_source(plan),
    )
    return True


def send_reminders(*, today: date | None = None) -> int:
    """Send the reminders due `today` (default: the local date); returns how many were new."""
    today = today or timezone.localdate()
    actor = system_actor("send_plan_reminders")
    sent = 0
    for due in due_reminders(today):
        try:
            sent += _send(due, actor)
        except MessagingError as error:  # e.g. the coordinator's unit has closed
            logger.warning("SIP reminder for plan %s not sent: %s", due.plan.pk, error.message)
    return sent
