"""The audit log: sealing, verification, retention, and PostgreSQL's append-only table."""

from datetime import UTC, date, datetime, timedelta
from itertools import pairwise

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from navet.access import sealing, storage
from navet.access.audit import Actor, record
from navet.access.models import AuditEvent, AuditPrune, AuditSeal

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)
NOW = T0 + timedelta(hours=5)
ACTOR = Actor(1, "allmanlakare", hsa_id="SE1-P1", role="gp")


def write(at, person_id=7, action="read"):
    return record(ACTOR, action=action, person_id=person_id, object_type="person", at=at)


@pytest.fixture
def sealed_log():
    events = [write(T0 + timedelta(minutes=m)) for m in (5, 30, 70, 130)]
    seals = sealing.seal(now=NOW)
    return events, seals


def pg_tamper(sql, params=()):
    """An attacker with DDL rights: switch the append-only trigger off, change rows."""
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE access_auditevent DISABLE TRIGGER USER")
        cursor.execute(sql, params)
        cursor.execute("ALTER TABLE access_auditevent ENABLE TRIGGER USER")


def tamper(sql, params=()):
    if connection.vendor == "postgresql":
        pg_tamper(sql, params)
    else:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def test_sealing_covers_closed_intervals_and_chains_them(sealed_log):
    _, seals = sealed_log
    # 08–09, 09–10, 10–11, 11–12 have ended and settled at 13:00; 12–13 has not settled.
    assert [s.row_count for s in seals] == [2, 1, 1, 0]
    assert seals[0].previous_chain == sealing.GENESIS
    assert all(b.previous_chain == a.chain for a, b in pairwise(seals))
    assert sealing.seal(now=NOW) == []  # nothing new
    later = sealing.seal(now=NOW + timedelta(hours=1))
    assert len(later) == 1 and later[0].previous_chain == seals[-1].chain
    assert sealing.verify().ok


def test_verify_detects_an_edited_row(sealed_log):
    events, _ = sealed_log
    tamper("UPDATE access_auditevent SET username = 'någon annan' WHERE id = %s", [events[0].id])
    result = sealing.verify()
    assert result.problems == ["2026-03-10 09:00: rader har ändrats efter förseglingen."]


def test_verify_detects_an_inserted_row(sealed_log):
    write(T0 + timedelta(minutes=90))  # backdated into a sealed hour
    [problem] = sealing.verify().problems
    assert "1 rader insatta efter förseglingen (1 förseglade, 2 nu)" in problem


def test_verify_detects_a_deleted_row(sealed_log):
    events, _ = sealed_log
    tamper("DELETE FROM access_auditevent WHERE id = %s", [events[2].id])
    [problem] = sealing.verify().problems
    assert "1 rader raderade" in problem


def test_verify_detects_a_deleted_seal(sealed_log):
    _, seals = sealed_log
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE access_auditseal DISABLE TRIGGER USER")
            cursor.execute("DELETE FROM access_auditseal WHERE id = %s", [seals[1].id])
            cursor.execute("ALTER TABLE access_auditseal ENABLE TRIGGER USER")
    else:
        AuditSeal.objects.filter(pk=seals[1].pk).delete()
    assert any("kedjan är bruten" in p for p in sealing.verify().problems)


def test_verify_checks_the_anchor_file(sealed_log, tmp_path):
    anchor = tmp_path / "anchor"
    anchor.write_text(f"x {sealed_log[1][-1].chain}\n")
    assert sealing.verify(anchor_file=str(anchor)).ok
    anchor.write_text("x " + "f" * 64 + "\n")
    assert "finns inte i databasen" in sealing.verify(anchor_file=str(anchor)).problems[0]


def test_the_commands(sealed_log, capsys):
    call_command("audit_verify")
    assert "Loggen är intakt. 4 intervall, 4 rader kontrollerade." in capsys.readouterr().out
    write(T0 + timedelta(minutes=10))
    with pytest.raises(CommandError, match="Loggen är inte intakt: 1 fel"):
        call_command("audit_verify")


def test_the_seal_command_writes_the_chain_head_to_the_anchor_file(settings, tmp_path, capsys):
    settings.NAVET_AUDIT_ANCHOR_FILE = str(tmp_path / "anchor")
    write(datetime(2026, 1, 5, 10, tzinfo=UTC))
    call_command("audit_seal")
    assert "Förseglade" in capsys.readouterr().out
    head = AuditSeal.objects.order_by("-interval_start").first()
    assert (tmp_path / "anchor").read_text().split()[-1] == head.chain


def test_prune_drops_whole_expired_months_and_is_audited(settings):
    settings.NAVET_AUDIT_RETENTION_YEARS = 5
    now = datetime(2026, 11, 15, tzinfo=UTC)
    old, kept = datetime(2021, 9, 20, tzinfo=UTC), datetime(2021, 11, 2, tzinfo=UTC)
    storage.ensure_partitions(connection, old, kept)
    write(old)
    write(old + timedelta(days=3))
    write(kept)
    sealing.seal(now=datetime(2021, 12, 1, tzinfo=UTC))
    # On PostgreSQL the empty October partition is dropped too; SQLite knows only rows.
    dry = sealing.prune(by="test", now=now, dry_run=True)
    assert [(p.month, p.rows) for p in dry if p.rows] == [(date(2021, 9, 1), 2)]
    assert AuditEvent.objects.count() == 3
    done = sealing.prune(by="test", now=now)
    assert [(p.month, p.rows) for p in done if p.rows] == [(date(2021, 9, 1), 2)]
    assert list(
        AuditEvent.objects.exclude(action="maintenance").values_list("occurred_at", flat=True)
    ) == [kept]
    assert AuditPrune.objects.get(month=date(2021, 9, 1)).rows == 2
    maintenance = AuditEvent.objects.filter(action="maintenance").first()
    assert maintenance.username == "test" and "2021-09" in maintenance.detail
    assert sealing.verify().ok  # a pruned month is not a deletion


def test_append_only_on_postgresql(sealed_log):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has a plain table (docs/trust.md)")
    events, seals = sealed_log
    for sql in (
        "UPDATE access_auditevent SET username = 'x' WHERE id = %s",
        "DELETE FROM access_auditevent WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [events[0].id])
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=events[0].pk).update(username="x")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditSeal.objects.filter(pk=seals[0].pk).delete()
    assert AuditEvent.objects.get(pk=events[0].pk).username == "allmanlakare"


def test_rows_land_in_their_month_partition_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("partitions are PostgreSQL only")
    created = storage.ensure_partitions(connection, date(2024, 2, 1), date(2024, 3, 1))
    assert created == ["access_auditevent_p202402", "access_auditevent_p202403"]
    assert storage.ensure_partitions(connection, date(2024, 2, 1), date(2024, 3, 1)) == []
    write(datetime(2024, 2, 29, 23, 59, tzinfo=UTC))
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM access_auditevent_p202402")
        assert cursor.fetchone()[0] == 1
