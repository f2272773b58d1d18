"""Two users at once, on real connections (PostgreSQL row locks): one acknowledgement, one item
per key, one escalation."""

from datetime import timedelta

import pytest
from django.utils import timezone

from navet.access.models import AuditEvent
from navet.messaging import services
from navet.messaging.errors import AlreadyAcknowledged
from navet.messaging.models import InboxItem
from navet.messaging.tests.support import item, user
from navet.web.tests.concurrency import run_together

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def test_two_users_acknowledging_at_once_give_one_acknowledgement(demo_users, small_county):
    sent = item(small_county.units["skiljebo"], person=small_county.persons["elsa"])
    nurse, doctor = user("distriktsskoterska"), user("allmanlakare")

    def acknowledge(as_user):
        return lambda: services.acknowledge(item=sent, user=as_user)

    results = run_together(acknowledge(nurse), acknowledge(doctor))
    winners = [r for r in results if isinstance(r, InboxItem)]
    losers = [r for r in results if isinstance(r, AlreadyAcknowledged)]
    assert len(winners) == 1 and len(losers) == 1, results
    sent.refresh_from_db()
    assert sent.acknowledged_by_name == winners[0].acknowledged_by_name
    # The loser is told who won.
    assert sent.acknowledged_by_name in losers[0].message
    assert AuditEvent.objects.filter(object_type="inbox_item", action="change").count() == 1


def test_a_double_submission_at_once_makes_one_item(demo_users, small_county):
    def send():
        return item(
            small_county.units["skiljebo"],
            person=small_county.persons["elsa"],
            idempotency_key="transitions.admission_notice:42:skiljebo:1",
        )

    results = run_together(send, send, send)
    assert all(isinstance(r, InboxItem) for r in results), results
    assert len({r.pk for r in results}) == 1
    assert InboxItem.objects.count() == 1
    assert AuditEvent.objects.filter(object_type="inbox_item").count() == 1


def test_two_timers_at_once_escalate_once(demo_users, small_county):
    sent_at = timezone.now() - timedelta(days=2)
    for _ in range(3):
        item(small_county.units["skiljebo"], now=sent_at)

    def escalate():
        return services.escalate_overdue()

    results = run_together(escalate, escalate)
    assert not any(isinstance(r, Exception) for r in results), results
    assert sum(results) == 3
    assert InboxItem.objects.filter(kind="escalation").count() == 3
