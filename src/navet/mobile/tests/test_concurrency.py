"""Two people at once on real connections (PostgreSQL row locks): a double submission makes one
request and one inbox item; two team members triaging the same request: one wins, the other is
told its new status."""

import pytest

from navet.access.audit import actor_for
from navet.messaging.models import InboxItem
from navet.mobile import services
from navet.mobile.errors import MobileError
from navet.mobile.models import MobileRequest, Status
from navet.web.tests.concurrency import run_together

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def test_a_double_submission_makes_one_request(send_request):
    results = run_together(*(lambda: send_request(key="double") for _ in range(3)))
    assert all(isinstance(r, MobileRequest) for r in results), results
    assert MobileRequest.objects.count() == 1
    assert InboxItem.objects.filter(kind="mobile_request").count() == 1


def test_two_triages_at_once_one_wins(send_request, coordinator):
    request = send_request()

    def decide(decision, note):
        return lambda: services.triage(
            request.pk, decision=decision, note=note, user=coordinator, actor=actor_for(coordinator)
        )

    advise = decide(Status.ADVISED, "Öka inhalationerna.")
    decline = decide(Status.DECLINED, "Ring 112 i stället.")
    results = run_together(advise, decline)
    refused = [r for r in results if isinstance(r, MobileError)]
    done = [r for r in results if isinstance(r, MobileRequest)]
    assert len(refused) == 1 and len(done) == 1, results
    request.refresh_from_db()
    assert request.status == done[0].status
    assert "begäran har status" in refused[0].message
