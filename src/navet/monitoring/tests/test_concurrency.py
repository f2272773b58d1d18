"""Two nurses end the same enrolment at once (PostgreSQL row locks): one ends it, the other is
told who did; revoking a device does not wait for its enrolment's lock."""

import threading

import pytest
from django.contrib.auth.models import User
from django.db import connection, transaction

from navet.access.audit import actor_for
from navet.monitoring import ending
from navet.monitoring.models import DeviceToken, Enrolment
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


def test_revoking_a_device_locks_only_the_device_not_its_enrolment(
    small_county, enrolment, device_token
):
    """Ending an enrolment locks the enrolment, then its devices; a revoke that also locked the
    enrolment took them in the other order, so the two at once could deadlock."""
    elsa = small_county.persons["elsa"]
    nurse = User.objects.get(username="distriktsskoterska")
    device = DeviceToken.objects.get(enrolment=enrolment)
    locked, done = threading.Event(), threading.Event()

    def hold_the_enrolment():
        from django.db import connections

        try:
            with transaction.atomic():
                Enrolment.objects.select_for_update().get(pk=enrolment.pk)
                locked.set()
                done.wait(10)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold_the_enrolment)
    holder.start()
    try:
        assert locked.wait(10)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '2s'")
            revoked = ending.revoke_device(device_id=device.pk, person=elsa, actor=actor_for(nurse))
    finally:
        done.set()
        holder.join(10)
    assert revoked.revoked_at is not None
