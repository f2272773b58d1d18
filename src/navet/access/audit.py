"""Writing the audit log. Call `record` (or `record_many`) inside the transaction of the change it
documents, and before returning the data it documents a read of: if the audit row cannot be
written, the request fails and nothing is shown.

Durability. A row written inside a transaction (a change, a create, an export, a disclosure …)
is part of that transaction: it commits, durably, with the change or rolls back with it. A row
that documents a *read* (`READ_ACTIONS`) and is written outside any transaction (a GET view; Navet
does not use ATOMIC_REQUESTS) is inserted on PostgreSQL in a transaction of its own with
`SET LOCAL synchronous_commit TO OFF`: it commits before the data are returned, but COMMIT does
not wait for the WAL flush (fsync). A server crash can then lose the read rows of the last
fraction of a second (at most 3 × wal_writer_delay), never leave the log inconsistent, and never
lose a change's row. The setting is local to that one transaction; it never leaks to the
connection. `NAVET_AUDIT_DURABLE_READS=1` makes read rows wait for the flush like every other.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connections, router, transaction
from django.utils import timezone

from navet.access import config
from navet.access.models import AuditAction, AuditEvent
from navet.access.subjects import UnitRef, subject_for


@dataclass(frozen=True)
class Actor:
    """Who acts, as the audit log records them (copied, so that the log outlives renames)."""

    user_id: int | None
    username: str
    hsa_id: str = ""
    role: str = ""
    unit: UnitRef | None = None
    ip: str | None = None
    user_agent: str = ""
    path: str = ""


def actor_for(user, request=None) -> Actor:
    """The actor for a (possibly anonymous) user, with where the request came from."""
    ip = user_agent = path = None
    if request is not None:
        ip = request.META.get("REMOTE_ADDR") or None
        user_agent = request.META.get("HTTP_USER_AGENT", "")[:300]
        path = request.path[:300]
    if user is None or not user.is_authenticated:
        return Actor(None, "", ip=ip, user_agent=user_agent or "", path=path or "")
    subject = subject_for(user, on=timezone.localdate())
    return Actor(
        user_id=user.pk,
        username=subject.username,
        hsa_id=subject.hsa_id,
        role=subject.role.value if subject.role else "",
        unit=subject.unit,
        ip=ip,
        user_agent=user_agent or "",
        path=path or "",
    )


def system_actor(name: str) -> Actor:
    """A maintenance command acting on its own (cron/timer), named in the log."""
    return Actor(None, name[:150], role="system")


# Actions that document a read: their rows may commit asynchronously (see the module docstring).
# Prints, exports and disclosures take data out of Navet and are always durable.
READ_ACTIONS = frozenset({AuditAction.READ, AuditAction.SEARCH, AuditAction.DENIED})


def _asynchronous_commit(action) -> str | None:
    """The database alias on which to write this read's row with an asynchronous commit, or None
    for a normal (durable) write: another action, a transaction already open, not PostgreSQL,
    or NAVET_AUDIT_DURABLE_READS."""
    if str(action) not in READ_ACTIONS or config.audit_durable_reads():
        return None
    alias = router.db_for_write(AuditEvent)
    connection = connections[alias]
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return None
    return alias


def _insert(action, write) -> None:
    alias = _asynchronous_commit(action)
    if alias is None:
        write()
        return
    with transaction.atomic(using=alias):
        with connections[alias].cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        write()


def _event(
    actor: Actor,
    *,
    action,
    person_id,
    object_type,
    object_id,
    purpose,
    decision,
    reason,
    detail,
    at,
) -> AuditEvent:
    unit = actor.unit
    return AuditEvent(
        occurred_at=at or timezone.now(),
        action=str(action),
        user_id=actor.user_id,
        username=actor.username,
        hsa_id=actor.hsa_id,
        role=actor.role,
        unit_id=unit.id if unit else None,
        unit_hsa_id=unit.hsa_id if unit else "",
        unit_name=unit.name[:150] if unit else "",
        care_provider_id=unit.care_provider_id if unit else None,
        principal_id=unit.principal_id if unit else None,
        person_id=person_id,
        object_type=object_type[:60],
        object_id=str(object_id)[:40],
        purpose=str(purpose or (decision.purpose if decision else "")),
        decision=str(decision.verdict) if decision else "",
        reason=str(reason or (decision.reason if decision else "")),
        ip=actor.ip,
        user_agent=actor.user_agent,
        path=actor.path,
        detail=detail[:500],
    )


def record(
    actor: Actor,
    *,
    action,
    person_id: int | None = None,
    object_type: str = "",
    object_id="",
    purpose="",
    decision=None,
    reason: str = "",
    detail: str = "",
    at=None,
) -> AuditEvent:
    event = _event(
        actor,
        action=action,
        person_id=person_id,
        object_type=object_type,
        object_id=object_id,
        purpose=purpose,
        decision=decision,
        reason=reason,
        detail=detail,
        at=at,
    )
    _insert(action, lambda: event.save(force_insert=True))
    return event


def record_many(
    actor: Actor,
    *,
    action,
    person_ids: Iterable[int],
    object_type: str = "person",
    purpose="",
    reason: str = "",
    detail: str = "",
) -> int:
    """One row per person, in one INSERT (e.g. the persons a search result shows)."""
    now = timezone.now()
    events = [
        _event(
            actor,
            action=action,
            person_id=pk,
            object_type=object_type,
            object_id=pk,
            purpose=purpose,
            decision=None,
            reason=reason,
            detail=detail,
            at=now,
        )
        for pk in person_ids
    ]
    if events:
        _insert(action, lambda: AuditEvent.objects.bulk_create(events))
    return len(events)
