"""Reads of the inbox: whose inbox a user sees, counts for the header, lists, and the rule for
reading one item.

Who sees a unit's inbox: staff in a care role with an active assignment at the unit today.
Reading an item about a person: the item itself is the basis. The sender disclosed its content
(subject, text, the person's name and identity number) to the receiving unit, so the staff of
that unit may read *the item* — nothing more: the person's record in Navet still goes through
the access gate (`navet.access.services.can_access`). Every read of an item about a person is
audited (reason `inbox_recipient`); see docs/messaging.md "Access and audit".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q
from django.utils import timezone

from navet.access.subjects import UnitRef, subject_for
from navet.messaging.kinds import ESCALATION
from navet.messaging.models import OPEN, InboxItem
from navet.organisation.models import CareUnit
from navet.organisation.roles import CARE_ROLES

READ_REASON = "inbox_recipient"


def inbox_units(user, *, on: date | None = None) -> tuple[UnitRef, ...]:
    """The units whose inbox `user` sees: a care role and an active assignment today."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ()
    subject = subject_for(user, on=on or timezone.localdate())
    if subject.role not in CARE_ROLES:
        return ()
    return subject.units


def may_use_inbox(user) -> bool:
    """A capability of the role (care roles), whether or not the user serves a unit today."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    subject = subject_for(user, on=timezone.localdate())
    return subject.role in CARE_ROLES


def serves(user, unit_id: int, *, on: date | None = None) -> bool:
    return any(u.id == unit_id for u in inbox_units(user, on=on))


def unread_count(user) -> int:
    """Items waiting for an acknowledgement in every inbox the user sees (the header's count)."""
    unit_ids = [u.id for u in inbox_units(user)]
    if not unit_ids:
        return 0
    return InboxItem.objects.open().filter(to_unit_id__in=unit_ids).count()


@dataclass(frozen=True)
class UnitInbox:
    unit: UnitRef
    open: int
    overdue: int
    escalated: int  # open escalations for the unit head


def unit_inboxes(user, *, now=None) -> list[UnitInbox]:
    """Per unit the user serves: open, overdue and escalated (for the head) items."""
    units = inbox_units(user)
    if not units:
        return []
    now = now or timezone.now()
    rows = {
        row["to_unit_id"]: row
        for row in InboxItem.objects.filter(OPEN, to_unit_id__in=[u.id for u in units])
        .values("to_unit_id")
        .annotate(
            open=Count("id"),
            overdue=Count("id", filter=Q(due_at__lte=now)),
            escalated=Count("id", filter=Q(kind=ESCALATION.code)),
        )
    }
    return [
        UnitInbox(
            unit=u,
            open=rows.get(u.id, {}).get("open", 0),
            overdue=rows.get(u.id, {}).get("overdue", 0),
            escalated=rows.get(u.id, {}).get("escalated", 0),
        )
        for u in units
    ]


def items_for_unit(unit_id: int, *, only_open: bool = True, kind: str = ""):
    """The unit's items, newest first (escalations and overdue items are marked in the list)."""
    items = InboxItem.objects.filter(to_unit_id=unit_id).select_related(
        "person", "sender_unit", "to_unit"
    )
    if only_open:
        items = items.open()
    if kind:
        items = items.filter(kind=kind)
    return items.order_by("-created_at", "-id")


def item_exists(idempotency_key: str) -> bool:
    """Whether an item was already sent with this key (a timer telling new items from repeats)."""
    return InboxItem.objects.filter(key=idempotency_key).exists()


def items_for_source(source_type: str, source_id) -> list[InboxItem]:
    """Every item about one source object (e.g. a SIP), for the sending app's own pages."""
    return list(
        InboxItem.objects.filter(source_type=source_type, source_id=str(source_id))
        .select_related("to_unit")
        .order_by("created_at", "id")
    )


@dataclass(frozen=True)
class ItemAccess:
    allowed: bool
    reason: str  # READ_REASON, or why not: not_authenticated | no_capability | other_unit


def item_access(user, item: InboxItem) -> ItemAccess:
    """May `user` read `item`? Staff of the receiving unit (care roles, assignment today)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ItemAccess(False, "not_authenticated")
    if not may_use_inbox(user):
        return ItemAccess(False, "no_capability")
    if not serves(user, item.to_unit_id):
        return ItemAccess(False, "other_unit")
    return ItemAccess(True, READ_REASON)


def active_units(*, on: date | None = None):
    """Units that exist today and can receive items."""
    on = on or timezone.localdate()
    return CareUnit.objects.filter(
        Q(active_from__isnull=True) | Q(active_from__lte=on),
        Q(active_to__isnull=True) | Q(active_to__gte=on),
    )


def is_active(unit: CareUnit, *, on: date | None = None) -> bool:
    on = on or timezone.localdate()
    return (unit.active_from is None or unit.active_from <= on) and (
        unit.active_to is None or unit.active_to >= on
    )


def suggestions_for(unit: CareUnit, *, on: date | None = None, limit: int = 3) -> list[CareUnit]:
    """Active units that could take over a closed unit's items: the same kind and principal, the
    same municipality first."""
    candidates = (
        active_units(on=on)
        .filter(kind=unit.kind, principal_id=unit.principal_id)
        .exclude(pk=unit.pk)
        .only("pk", "name", "municipality_id")
    )
    ordered = sorted(candidates, key=lambda u: (u.municipality_id != unit.municipality_id, u.name))
    return ordered[:limit]
