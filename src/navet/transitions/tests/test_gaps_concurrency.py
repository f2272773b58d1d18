"""Two people of the region deciding the same claimed gap days at once (PostgreSQL row lock):
one decision is recorded, the other is told who decided."""

import pytest
from django.db import connection
from django.utils import timezone

from navet.transitions import gaps, services
from navet.transitions.errors import OutOfOrder
from navet.transitions.models import GapStatus, RegionGap
from navet.transitions.tests.support import admit, ago, call
from navet.web.tests.concurrency import run_together

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locking needs PostgreSQL")


def test_confirm_and_dispute_at_once_give_one_decision(demo_users, small_county):
    stay, _ = admit(small_county, at=ago(days=3), now=ago(days=3))
    call(services.mark_ready, "avdelningslakare", stay=stay, now=ago(days=2))
    today = timezone.localdate()
    gap = call(
        gaps.claim,
        "bistandshandlaggare",
        stay=stay,
        first_day=today,
        last_day=today,
        reason="health_centre_not_ready",
        text="Vårdcentralens del var inte klar",
    )

    results = run_together(
        lambda: call(gaps.decide, "avdelningsskoterska", gap=gap, confirm=True),
        lambda: call(
            gaps.decide, "distriktsskoterska", gap=gap, confirm=False, note="Vi var klara"
        ),
    )

    refused = [r for r in results if isinstance(r, Exception)]
    assert len(refused) == 1 and isinstance(refused[0], OutOfOrder)
    assert "redan" in refused[0].message
    gap = RegionGap.objects.get(pk=gap.pk)
    assert gap.status in (GapStatus.CONFIRMED, GapStatus.DISPUTED)
    assert gap.decided_by_name in refused[0].message
