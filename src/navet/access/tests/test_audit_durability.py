"""The audit write's durability on PostgreSQL: a read's row commits on its own with
`SET LOCAL synchronous_commit TO OFF` (the setting never leaks to the connection); every other row
shares the transaction of its change, with full durability, and rolls back with it."""

from unittest import mock

import pytest
from django.db import connection, transaction

from navet.access import audit
from navet.access.audit import Actor, record, record_many
from navet.access.models import AuditEvent

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

ACTOR = Actor(1, "allmanlakare", hsa_id="SE1-P1", role="gp")


def synchronous_commit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return cursor.fetchone()[0]


@pytest.fixture
def seen_at_insert():
    """The value of synchronous_commit (and whether a transaction was open) at each INSERT."""
    seen = []
    save, bulk_create = AuditEvent.save, AuditEvent.objects.bulk_create

    def spy_save(self, *args, **kwargs):
        seen.append((synchronous_commit(), connection.in_atomic_block))
        return save(self, *args, **kwargs)

    def spy_bulk_create(objs, *args, **kwargs):
        seen.append((synchronous_commit(), connection.in_atomic_block))
        return bulk_create(objs, *args, **kwargs)

    with (
        mock.patch.object(AuditEvent, "save", spy_save),
        mock.patch.object(AuditEvent.objects, "bulk_create", spy_bulk_create),
    ):
        yield seen


@pytest.mark.parametrize("action", ["read", "search", "denied"])
def test_a_read_row_commits_asynchronously_in_its_own_transaction(seen_at_insert, action):
    assert connection.get_autocommit() and synchronous_commit() == "on"
    event = record(ACTOR, action=action, person_id=7, object_type="person")
    assert seen_at_insert == [("off", True)]
    # committed (visible to another connection's view of the table) and nothing leaked
    assert AuditEvent.objects.filter(pk=event.pk).exists()
    assert synchronous_commit() == "on"
    assert connection.get_autocommit()


def test_many_read_rows_in_one_insert_also(seen_at_insert):
    assert record_many(ACTOR, action="search", person_ids=[1, 2, 3]) == 3
    assert seen_at_insert == [("off", True)]
    assert synchronous_commit() == "on"
    assert AuditEvent.objects.filter(action="search").count() == 3


@pytest.mark.parametrize(
    "action", ["create", "change", "print", "export", "disclosure", "emergency_open", "login"]
)
def test_every_other_action_is_written_durably(seen_at_insert, action):
    record(ACTOR, action=action, person_id=7, object_type="person")
    assert seen_at_insert == [("on", False)]


def test_durable_reads_setting_restores_the_wait(seen_at_insert, settings):
    settings.NAVET_AUDIT_DURABLE_READS = True
    record(ACTOR, action="read", person_id=7, object_type="person")
    assert seen_at_insert == [("on", False)]


def test_a_read_inside_a_change_shares_its_transaction_and_does_not_touch_it(seen_at_insert):
    with transaction.atomic():
        record(ACTOR, action="change", person_id=7, object_type="consent")
        record(ACTOR, action="read", person_id=7, object_type="person")
        # the change's transaction keeps full durability after the read's row
        assert synchronous_commit() == "on"
    assert seen_at_insert == [("on", True), ("on", True)]


def test_a_changes_row_rolls_back_with_the_change():
    class Refused(Exception):
        pass

    with pytest.raises(Refused), transaction.atomic():
        record(ACTOR, action="change", person_id=7, object_type="consent")
        record(ACTOR, action="read", person_id=7, object_type="person")
        raise Refused
    assert not AuditEvent.objects.exists()


def test_a_failed_read_row_fails_the_request_and_leaks_nothing():
    with (
        mock.patch.object(AuditEvent, "save", side_effect=RuntimeError("disk full")),
        pytest.raises(RuntimeError),
    ):
        record(ACTOR, action="read", person_id=7, object_type="person")
    assert connection.get_autocommit() and not connection.in_atomic_block
    assert synchronous_commit() == "on"


def test_a_gated_page_writes_its_read_row_asynchronously(seen_at_insert, client_as, small_county):
    from django.urls import reverse

    from navet.access.tests.support import relate

    elsa = small_county.persons["elsa"]
    relate(elsa, small_county.units["skiljebo"], kind="listing")
    seen_at_insert.clear()
    response = client_as("allmanlakare").get(reverse("web:resident_detail", args=[elsa.pk]))
    assert response.status_code == 200
    assert ("off", True) in seen_at_insert
    assert {"read"} <= audit.READ_ACTIONS
    assert AuditEvent.objects.filter(action="read", person_id=elsa.pk).exists()
    assert synchronous_commit() == "on"
