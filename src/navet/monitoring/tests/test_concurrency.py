"""Two nurses end the same enrolment at once (PostgreSQL row locks): one ends it, the other is
told who did."""

import pytest
from django.contrib.auth.models import User

from navet.access.audit import actor_for
from navet.monitoring import ending
from navet.monitoring.models import Enrolment
from navet.monitoring.services import MonitoringError
from navet.web.tests.concurrency import run_together

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def test_two_nurses_end_at_once_one_ends_it_the_other_sees_who(small_county, enrolment):
    elsa = small_county.persons["elsa"]

    def end_as(username):
        user = User.objects.get(username=username)
        return lambda: ending.end_enrolment(
            enrolment_id=enrolment.pk, person=elsa, user=user, actor=actor_for(user),
            reason=f"Avslutad av {username}",
        )  # fmt: skip

    results = run_together(end_as("distriktsskoterska"), end_as("allmanlakare"))
    won = [r for r in results if isinstance(r, Enrolment)]
    lost = [r for r in results if isinstance(r, MonitoringError)]
    assert len(won) == 1 and len(lost) == 1, results
    winner = won[0].ended_by
    assert (winner.get_full_name() or winner.username) in str(lost[0])
    assert Enrolment.objects.get().end_reason == f"Avslutad av {winner.username}"
