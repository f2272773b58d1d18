"""Background tasks of SIP (django-tasks, database backend: no broker). The worker
(`./navet manage db_worker`) runs them; `./navet manage send_plan_reminders` enqueues the
reminder run (from cron or a systemd timer), and `./navet demo` enqueues it every hour."""

from __future__ import annotations

from datetime import date

from django_tasks import task

from navet.plans import reminders


@task()
def send_plan_reminders(today: str | None = None) -> dict:
    """Send the follow-up reminders due `today` (ISO date; default: the local date)."""
    sent = reminders.send_reminders(today=date.fromisoformat(today) if today else None)
    return {"sent": sent}


def enqueue_reminders(today: date | None = None):
    return send_plan_reminders.enqueue(today.isoformat() if today else None)
