"""Two nurses end the same enrolment at once (PostgreSQL row locks): one ends it, the other is
told who did; revoking a device does not wait for its enrolment's lock."""

import pytest
from django.contrib.auth.models import User

from navet.access.audit import actor_for
from navet.monitoring import ending
from navet.monitoring.models import DeviceToken, Enrolment
from navet.monitoring.services import MonitoringError
from navet.web.tests.concurrency import run_together, while_held

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


def test_revoking_a_device_locks_only_the_device_not_its_enrolment(
    small_county, enrolment, device_token
):
    """Ending an enrolment locks the enrolment, then its devices; a revoke that also locked the
    enrolment took them in the other order, so the two at once could deadlock."""
    elsa = small_county.persons["elsa"]
    nurse = User.objects.get(username="distriktsskoterska")
    device = DeviceToken.objects.get(enrolment=enrolment)
    with while_held(lambda: Enrolment.objects.select_for_update().get(pk=enrolment.pk)):
        revoked = ending.revoke_device(device_id=device.pk, person=elsa, actor=actor_for(nurse))
    assert revoked.revoked_at is not None
