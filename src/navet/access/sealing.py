"""Tamper evidence for the audit log without making writers wait on one lock.

Writers only INSERT. In the background `audit_seal` closes each interval (default one hour) once
it has ended and settled (default ten minutes, so slow transactions are in): it stores the
number of rows and a SHA-256 digest over them in id order, chained to the previous interval's
seal. `audit_verify` recomputes every sealed interval and the chain: an edited row changes a
digest, an inserted or deleted row changes a count, a deleted or edited seal breaks the chain.
The chain head is written to the log (and to NAVET_AUDIT_ANCHOR_FILE when set): keep it outside
the database, so that a rewrite of the whole chain is detectable too.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from navet.access import config, storage
from navet.access.audit import record, system_actor
from navet.access.models import AuditAction, AuditEvent, AuditPrune, AuditSeal

logger = logging.getLogger("navet.audit.seal")

GENESIS = "0" * 64
FIELDS = (
    "id", "occurred_at", "action", "user_id", "username", "hsa_id", "role", "unit_id",
    "unit_hsa_id", "unit_name", "care_provider_id", "principal_id", "person_id", "object_type",
    "object_id", "purpose", "decision", "reason", "ip", "user_agent", "path", "detail",
)  # fmt: skip


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    return str(value)


def row_bytes(row) -> bytes:
    return ("\x1f".join(_text(v) for v in row) + "\n").encode()


def interval_digest(start: datetime, end: datetime) -> tuple[int, str]:
    digest, count = hashlib.sha256(), 0
    rows = (
        AuditEvent.objects.filter(occurred_at__gte=start, occurred_at__lt=end)
        .order_by("id")
        .values_list(*FIELDS)
    )
    for row in rows.iterator(chunk_size=20_000):
        digest.update(row_bytes(row))
        count += 1
    return count, digest.hexdigest()


def chain_of(previous: str, start: datetime, end: datetime, count: int, digest: str) -> str:
    text = f"{previous}|{_text(start)}|{_text(end)}|{count}|{digest}"
    return hashlib.sha256(text.encode()).hexdigest()


def _floor(moment: datetime, interval: timedelta) -> datetime:
    seconds = int(interval.total_seconds())
    return datetime.fromtimestamp(int(moment.timestamp()) // seconds * seconds, UTC)


def seal(*, now: datetime | None = None) -> list[AuditSeal]:
    """Seal every interval that has ended and settled; returns the new seals."""
    now = now or timezone.now()
    interval = config.seal_interval()
    last = AuditSeal.objects.order_by("-interval_start").first()
    if last is not None:
        start, previous = last.interval_end, last.chain
    else:
        first = AuditEvent.objects.order_by("occurred_at").values_list("occurred_at", flat=True)
        first = first.first()
        if first is None:
            return []
        start, previous = _floor(first, interval), GENESIS
    sealed = []
    horizon = now - config.seal_settle()
    while start + interval <= horizon:
        end = start + interval
        count, digest = interval_digest(start, end)
        chain = chain_of(previous, start, end, count, digest)
        try:
            with transaction.atomic():
                sealed.append(
                    AuditSeal.objects.create(
                        interval_start=start,
                        interval_end=end,
                        row_count=count,
                        digest=digest,
                        previous_chain=previous,
                        chain=chain,
                    )
                )
        except IntegrityError:  # another audit_seal run got there first
            break
        start, previous = end, chain
    if sealed:
        head = sealed[-1]
        line = f"{_text(head.interval_end)} {head.chain}"
        logger.warning("audit chain head %s", line)
        if anchor := config.seal_anchor_file():
            with Path(anchor).open("a") as f:
                f.write(line + "\n")
    return sealed


@dataclass
class Verification:
    intervals: int = 0
    rows: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _local(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def verify(*, anchor_file: str | None = None) -> Verification:
    """Recompute every sealed interval (except whole months pruned after retention)."""
    result = Verification()
    pruned = set(AuditPrune.objects.values_list("month", flat=True))
    previous, expected = GENESIS, None
    chains = set()
    seals = AuditSeal.objects.order_by("interval_start")
    first = seals.first()
    if first is not None and not pruned:
        before = AuditEvent.objects.filter(occurred_at__lt=first.interval_start).count()
        if before:
            result.problems.append(f"{before} rader ligger före den första förseglingen.")
    for item in seals.iterator():
        when = _local(item.interval_start)
        chains.add(item.chain)
        if item.previous_chain != previous or (expected and item.interval_start != expected):
            result.problems.append(f"{when}: kedjan är bruten (en försegling saknas eller är ny).")
        recomputed = chain_of(
            item.previous_chain, item.interval_start, item.interval_end, item.row_count, item.digest
        )
        if recomputed != item.chain:
            result.problems.append(f"{when}: förseglingen har ändrats.")
        previous, expected = item.chain, item.interval_end
        if storage.month_start(item.interval_start.astimezone(UTC)) in pruned:
            continue
        count, digest = interval_digest(item.interval_start, item.interval_end)
        result.intervals += 1
        result.rows += count
        if count != item.row_count:
            difference = count - item.row_count
            what = "insatta" if difference > 0 else "raderade"
            result.problems.append(
                f"{when}: {abs(difference)} rader {what} efter förseglingen "
                f"({item.row_count} förseglade, {count} nu)."
            )
        elif digest != item.digest:
            result.problems.append(f"{when}: rader har ändrats efter förseglingen.")
    if anchor_file:
        for line in Path(anchor_file).read_text().splitlines():
            if line.strip() and line.split()[-1] not in chains:
                result.problems.append(f"Kedjans huvud {line.strip()} finns inte i databasen.")
    return result


# --- Retention ----------------------------------------------------------------------------------


def expired_before(now: datetime | None = None):
    """The first month that is kept: everything before it is older than the retention period."""
    now = now or timezone.now()
    return storage.add_months(
        storage.month_start(now.astimezone(UTC)), -12 * config.retention_years()
    )


@dataclass
class Pruned:
    month: object
    rows: int


def prune(*, by: str, now: datetime | None = None, dry_run: bool = False) -> list[Pruned]:
    """Drop whole months older than the retention period (PostgreSQL: their partitions; SQLite:
    their rows). Each dropped month is recorded, and the run itself is audited."""
    keep_from = expired_before(now)
    if connection.vendor == "postgresql":
        months = [m for m in storage.partitions(connection) if m < keep_from]
    else:
        months = sorted(
            {
                storage.month_start(t.astimezone(UTC))
                for t in AuditEvent.objects.filter(
                    occurred_at__lt=datetime(keep_from.year, keep_from.month, 1, tzinfo=UTC)
                ).values_list("occurred_at", flat=True)
            }
        )
    done: list[Pruned] = []
    for month in months:
        if dry_run:
            start = datetime(month.year, month.month, 1, tzinfo=UTC)
            end = datetime(*storage.add_months(month, 1).timetuple()[:3], tzinfo=UTC)
            rows = AuditEvent.objects.filter(occurred_at__gte=start, occurred_at__lt=end).count()
            done.append(Pruned(month, rows))
            continue
        with transaction.atomic():
            rows = _drop_month(month)
            AuditPrune.objects.create(
                month=month, rows=rows, pruned_by=by, retention_years=config.retention_years()
            )
            record(
                system_actor(by),
                action=AuditAction.MAINTENANCE,
                object_type="audit_month",
                object_id=f"{month:%Y-%m}",
                detail=f"gallrade {rows} loggrader från {month:%Y-%m} "
                f"(bevarandetid {config.retention_years()} år)",
            )
        done.append(Pruned(month, rows))
    return done


def _drop_month(month) -> int:
    if connection.vendor == "postgresql":
        return storage.drop_partition(connection, month)
    start = datetime(month.year, month.month, 1, tzinfo=UTC)
    end_month = storage.add_months(month, 1)
    end = datetime(end_month.year, end_month.month, 1, tzinfo=UTC)
    # Raw SQL: the ORM offers no delete on AuditEvent by design; SQLite has no trigger.
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM access_auditevent WHERE occurred_at >= %s AND occurred_at < %s",
            [start, end],
        )
        return cursor.rowcount


def default_partition_backlog(now: datetime | None = None) -> int:
    """Rows in PostgreSQL's default partition older than retention: they cannot be dropped whole
    (create month partitions in time: audit_seal does, three months ahead)."""
    if connection.vendor != "postgresql":
        return 0
    keep_from = expired_before(now)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM {storage.TABLE}_default WHERE occurred_at < %s",  # noqa: S608
            [datetime(keep_from.year, keep_from.month, 1, tzinfo=UTC)],
        )
        return cursor.fetchone()[0]
