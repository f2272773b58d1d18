"""Opening and closing care relationships. Other apps call these when their events start and end
(admission, SIP participation, mobile-team request …); listing, named-contact, home-care and
nursing-home records open theirs automatically (signals in apps.py, and `sync_relationships`
for data loaded in bulk, which bypasses signals).

Both calls are idempotent for the same event: the event's identity (kind, source, unit, staff)
is the relationship's key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from navet.access import config
from navet.access.models import CareRelationship, RelationshipKind
from navet.residents.models import HomeCare, Listing, LivingSituation, NamedContact


def relationship_key(kind, source_type, source_id, unit_id, staff_id) -> str:
    return f"{kind}:{source_type}:{source_id}:{unit_id}:{staff_id or '-'}"


def day_start(day: date) -> datetime:
    """Midnight at the start of `day`, Swedish time."""
    return timezone.make_aware(datetime.combine(day, time.min))


def day_end(day: date) -> datetime:
    """Midnight after `day` (periods in Navet include their last day)."""
    return day_start(day + timedelta(days=1))


def _ends(kind: str, event_ended_at: datetime | None) -> datetime | None:
    return None if event_ended_at is None else event_ended_at + config.grace_period(kind)


def open_relationship(
    *,
    person,
    unit,
    kind: str,
    source_type: str = "",
    source_id="",
    staff=None,
    starts_at: datetime | None = None,
    event_ended_at: datetime | None = None,
    ends_at: datetime | None = None,
    reason: str = "",
    opened_by=None,
    key: str = "",
) -> CareRelationship:
    """Open (or return the already open) relationship for one event.

    `source_type`/`source_id` name the event ("residents.listing", 42); a relationship without a
    source event (manual, emergency) needs its own idempotency `key`. `ends_at` defaults to the
    event's end plus the kind's grace period, or open while the event goes on.
    """
    if not key:
        if not source_type or source_id in ("", None):
            raise ValueError("a relationship without a source event needs an idempotency key")
        key = relationship_key(
            kind, source_type, source_id, unit.pk, staff.pk if staff is not None else None
        )
    existing = CareRelationship.objects.filter(key=key).first()
    if existing is not None:
        return existing
    relationship = CareRelationship(
        key=key,
        person=person,
        unit=unit,
        staff=staff,
        kind=kind,
        source_type=source_type,
        source_id=str(source_id),
        starts_at=starts_at or timezone.now(),
        event_ended_at=event_ended_at,
        ends_at=ends_at if ends_at is not None else _ends(kind, event_ended_at),
        reason=reason,
        opened_by=opened_by,
    )
    try:
        with transaction.atomic():
            relationship.save(force_insert=True)
    except IntegrityError:  # opened concurrently by the same event: that one wins
        return CareRelationship.objects.get(key=key)
    return relationship


def close_relationship(
    *, kind: str, source_type: str, source_id, ended_at: datetime, grace: timedelta | None = None
) -> int:
    """The event ended at `ended_at`: its relationships end after the grace period. Calling it
    again with the same end changes nothing; returns the number of relationships changed."""
    grace = config.grace_period(kind) if grace is None else grace
    changed = 0
    for relationship in CareRelationship.objects.filter(
        kind=kind, source_type=source_type, source_id=str(source_id)
    ):
        ends_at = max(ended_at + grace, relationship.starts_at)
        if relationship.event_ended_at == ended_at and relationship.ends_at == ends_at:
            continue
        relationship.event_ended_at, relationship.ends_at = ended_at, ends_at
        relationship.save(update_fields=["event_ended_at", "ends_at"])
        changed += 1
    return changed


# --- Records of the residents app ---------------------------------------------------------------


@dataclass(frozen=True)
class RecordSource:
    """How one kind of period record maps to a relationship."""

    model: type
    kind: str
    source_type: str
    with_staff: bool = False


SOURCES = (
    RecordSource(Listing, RelationshipKind.LISTING, "residents.listing"),
    RecordSource(NamedContact, RelationshipKind.NAMED_CONTACT, "residents.namedcontact", True),
    RecordSource(HomeCare, RelationshipKind.HOME_CARE, "residents.homecare"),
    RecordSource(LivingSituation, RelationshipKind.NURSING_HOME, "residents.livingsituation"),
)
SOURCE_BY_MODEL = {s.model: s for s in SOURCES}


def _desired(source: RecordSource, row: dict) -> dict | None:
    if row["unit_id"] is None:
        return None
    staff_id = row.get("staff_id") if source.with_staff else None
    ended = day_end(row["valid_to"]) if row["valid_to"] else None
    return {
        "key": relationship_key(
            source.kind, source.source_type, row["pk"], row["unit_id"], staff_id
        ),
        "person_id": row["person_id"],
        "unit_id": row["unit_id"],
        "staff_id": staff_id,
        "kind": source.kind,
        "source_type": source.source_type,
        "source_id": str(row["pk"]),
        "starts_at": day_start(row["valid_from"]),
        "event_ended_at": ended,
        "ends_at": _ends(source.kind, ended),
    }


def _fields(source: RecordSource) -> list[str]:
    fields = ["pk", "person_id", "unit_id", "valid_from", "valid_to"]
    return [*fields, "staff_id"] if source.with_staff else fields


def sync_record(record) -> CareRelationship | None:
    """Bring the relationship of one listing / named contact / home-care / living record in line
    with the record (called on save)."""
    source = SOURCE_BY_MODEL[type(record)]
    row = {f: getattr(record, f) for f in _fields(source)}
    desired = _desired(source, row)
    if desired is None:
        return None
    return _apply([desired])[0]


def end_for_deleted_record(record) -> int:
    """A record was deleted (entered by mistake): its relationships end now, without grace."""
    source = SOURCE_BY_MODEL[type(record)]
    return close_relationship(
        kind=source.kind,
        source_type=source.source_type,
        source_id=record.pk,
        ended_at=timezone.now(),
        grace=timedelta(0),
    )


@dataclass
class SyncResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _apply(rows: list[dict], result: SyncResult | None = None) -> list[CareRelationship]:
    result = result if result is not None else SyncResult()
    existing = {r.key: r for r in CareRelationship.objects.filter(key__in=[d["key"] for d in rows])}
    new, changed, out = [], [], []
    for desired in rows:
        current = existing.get(desired["key"])
        if current is None:
            current = CareRelationship(**desired)
            new.append(current)
        elif (current.starts_at, current.event_ended_at, current.ends_at) != (
            desired["starts_at"],
            desired["event_ended_at"],
            desired["ends_at"],
        ):
            current.starts_at = desired["starts_at"]
            current.event_ended_at = desired["event_ended_at"]
            current.ends_at = desired["ends_at"]
            changed.append(current)
        else:
            result.unchanged += 1
        out.append(current)
    CareRelationship.objects.bulk_create(new, ignore_conflicts=True)
    CareRelationship.objects.bulk_update(changed, ["starts_at", "event_ended_at", "ends_at"])
    result.created += len(new)
    result.updated += len(changed)
    return out


def sync_all(*, batch_size: int = 5000, progress=None) -> SyncResult:
    """Backfill: one relationship per record of every source kind (idempotent)."""
    result = SyncResult()
    for source in SOURCES:
        queryset = source.model.objects.order_by("pk").values(*_fields(source))
        batch: list[dict] = []
        for row in queryset.iterator(chunk_size=batch_size):
            if (desired := _desired(source, row)) is not None:
                batch.append(desired)
            if len(batch) >= batch_size:
                with transaction.atomic():
                    _apply(batch, result)
                batch = []
        if batch:
            with transaction.atomic():
                _apply(batch, result)
        if progress:
            progress(f"{source.source_type}: klart")
    return result
