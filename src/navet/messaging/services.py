"""The inbox's public API for other apps (SIP invitations, admission notices, reminders) and for
its own views. Plain functions with keyword-only arguments; each is one transaction that also
writes its audit row; e-mail goes after commit and never undoes anything.

    from navet.messaging.services import Source, send_item, acknowledge, forward

    item = send_item(
        to_unit=unit,
        kind="invitation",
        subject="Kallelse till SIP-möte 12 mars",
        body="…",
        person=person,
        sender=request.user,  # or sender_name="Navet" for an item sent by a timer
        idempotency_key=f"plans.invitation:{invitation.pk}:{unit.pk}",
        purpose=Purpose.SIP,
        source=Source("plans.coordinatedplan", plan.pk, "plans:detail", {"plan_id": plan.pk}),
    )
    acknowledge(item=item, user=request.user)
    forward(item=item, to_unit=other, reason="Fel enhet, personen bor i Sala", user=request.user)
    escalate_overdue(now=timezone.now())  # ./navet manage escalate_inbox, from a timer
    unread_count(user)

Signals `item_acknowledged(item, user)` and `item_forwarded(item, new_item, user)` are sent
inside the transaction, so that the sending app can record the acknowledgement time or open a
care relationship for the unit that now holds the item.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.utils import timezone

from navet.access.audit import Actor, actor_for, record, system_actor
from navet.access.models import AuditAction
from navet.access.purposes import Purpose
from navet.messaging import config, notifications
from navet.messaging.errors import AlreadyAcknowledged, MessagingError, NotAllowed, UnitClosed
from navet.messaging.kinds import ESCALATION, get_kind
from navet.messaging.models import InboxAttachment, InboxItem, InboxSettings
from navet.messaging.selectors import (
    is_active,
    serves,
    suggestions_for,
    unread_count,
)
from navet.organisation.models import CareUnit

__all__ = [
    "DEFAULT",
    "Attachment",
    "Source",
    "acknowledge",
    "escalate_overdue",
    "forward",
    "item_acknowledged",
    "item_forwarded",
    "send_item",
    "unread_count",
]

item_acknowledged = Signal()  # kwargs: item, user
item_forwarded = Signal()  # kwargs: item, new_item, user

SYSTEM_SENDER = "Navet"
MIN_REASON = 5


class _Default:
    def __repr__(self) -> str:
        return "DEFAULT"


DEFAULT: Any = _Default()  # due_at: the kind's configured deadline from now


@dataclass(frozen=True)
class Attachment:
    """A file sent with an item (e.g. a meeting's .ics): text content, stored with the item."""

    filename: str
    content_type: str
    content: str


@dataclass(frozen=True)
class Source:
    """The object an item is about, in the app that sent it: `type` ("app_label.model"), `id`,
    and the URL name and kwargs of its page (resolved when shown; a missing page shows no link)."""

    type: str
    id: Any
    url_name: str = ""
    url_kwargs: dict = field(default_factory=dict)


def _name_of(user) -> str:
    return (user.get_full_name() or user.get_username())[:200]


def ensure_can_receive(unit: CareUnit, *, besides: int | None = None) -> None:
    """Refuse a unit that no longer exists, suggesting the ones that could take its items (not
    `besides`, the unit that has the item now)."""
    if not is_active(unit):
        suggestions = [u for u in suggestions_for(unit, limit=4) if u.pk != besides]
        raise UnitClosed(unit, suggestions[:3])


def _audit(actor: Actor, item: InboxItem, *, action=None, detail: str) -> None:
    """A row for an item about a person: it carries the person's data to a unit."""
    if item.person_id is None:
        return
    if action is None:
        own = actor.unit.care_provider_id if actor.unit else None
        across = own is not None and own != item.to_unit.care_provider_id
        action = AuditAction.DISCLOSURE if across else AuditAction.CREATE
    record(
        actor,
        action=action,
        person_id=item.person_id,
        object_type="inbox_item",
        object_id=item.pk,
        purpose=item.purpose,
        detail=detail,
    )


def _create(
    *,
    key: str,
    to_unit: CareUnit,
    kind: str,
    subject: str,
    body: str,
    person,
    purpose: str,
    sender_unit,
    sender_user,
    sender_name: str,
    due_at,
    source: Source | None,
    for_unit_head: bool = False,
    forwarded_from: InboxItem | None = None,
    escalation_of: InboxItem | None = None,
    now: datetime,
) -> tuple[InboxItem, bool]:
    """Insert the item, or return the one already made with `key` (created: False)."""
    existing = InboxItem.objects.filter(key=key).first()
    if existing is not None:
        return existing, False
    item = InboxItem(
        key=key,
        to_unit=to_unit,
        kind=kind,
        subject=subject,
        body=body,
        person=person,
        purpose=str(purpose),
        sender_unit=sender_unit,
        sender_user=sender_user,
        sender_name=sender_name[:200],
        source_type=source.type if source else "",
        source_id=str(source.id) if source else "",
        source_url_name=source.url_name if source else "",
        source_url_kwargs=dict(source.url_kwargs) if source else {},
        created_at=now,
        due_at=due_at,
        for_unit_head=for_unit_head,
        forwarded_from=forwarded_from,
        escalation_of=escalation_of,
    )
    try:
        with transaction.atomic():
            item.save(force_insert=True)
    except IntegrityError:  # the same key committed concurrently (a double submission)
        return InboxItem.objects.get(key=key), False
    transaction.on_commit(lambda pk=item.pk: notifications.notify_new_item(pk))
    return item, True


def _deadline(kind: str, now: datetime, due_at) -> datetime | None:
    if due_at is not DEFAULT:
        return due_at
    period = config.deadline(kind)
    return None if period is None else now + period


@transaction.atomic
def send_item(
    *,
    to_unit: CareUnit,
    kind: str,
    subject: str,
    idempotency_key: str,
    body: str = "",
    person=None,
    sender=None,
    sender_unit: CareUnit | None = None,
    sender_name: str = "",
    purpose: str = Purpose.CARE,
    due_at: datetime | None = DEFAULT,
    source: Source | None = None,
    actor: Actor | None = None,
    now: datetime | None = None,
    attachments: tuple[Attachment, ...] | list[Attachment] = (),
) -> InboxItem:
    """Put an item in `to_unit`'s inbox (or return the item already sent with this key).

    - `kind`: a registered kind (navet.messaging.kinds): notice, invitation, reminder, message …
    - `person`: the person the item is about (the item is then personal data: audited, gated).
    - `sender`: the user who sends it (their unit today is the sending unit unless `sender_unit`
      is given); without a user, `sender_name` (default "Navet") names the sender.
    - `idempotency_key`: the same key always gives the same item; include what makes the item
      unique in the calling app (e.g. "transitions.admission_notice:<episode>:<unit>:<version>").
    - `due_at`: when it must be acknowledged; DEFAULT: now + the kind's deadline; None: never
      escalated.
    - `purpose`: the access purpose reads of the item are logged with (Purpose.SIP for a SIP
      invitation, DISCHARGE_PLANNING for an admission notice).
    - `source`: the object it is about (`Source(type, id, url_name, url_kwargs)`).
    - `attachments`: files that go with it (`Attachment(filename, content_type, content)`),
      downloadable from the item under the same rule as the item itself.
    Raises MessagingError (Swedish message): unknown kind, empty subject, a unit that no longer
    exists (UnitClosed, with suggestions).
    """
    existing = InboxItem.objects.filter(key=idempotency_key).first()
    if existing is not None:
        return existing
    if not idempotency_key or len(idempotency_key) > 200:
        raise ValueError("send_item needs an idempotency_key of at most 200 characters")
    if get_kind(kind) is None:
        raise MessagingError(f"Okänd typ av ärende: {kind}.")
    subject = " ".join((subject or "").split())
    if not subject:
        raise MessagingError("Skriv en rubrik.")
    if len(subject) > 200:
        raise MessagingError("Rubriken får vara högst 200 tecken.")
    ensure_can_receive(to_unit)
    now = now or timezone.now()
    if sender is not None and sender.is_authenticated:
        actor = actor or actor_for(sender)
        if sender_unit is None and actor.unit is not None:
            sender_unit = CareUnit.objects.get(pk=actor.unit.id)
        if not sender_name:
            sender_name = _name_of(sender) + (f", {sender_unit.name}" if sender_unit else "")
        sender_user = sender
    else:
        actor = actor or system_actor("navet.messaging")
        sender_user = None
        sender_name = sender_name or (sender_unit.name if sender_unit else SYSTEM_SENDER)
    item, created = _create(
        key=idempotency_key,
        to_unit=to_unit,
        kind=kind,
        subject=subject,
        body=(body or "").strip(),
        person=person,
        purpose=purpose,
        sender_unit=sender_unit,
        sender_user=sender_user,
        sender_name=sender_name,
        due_at=_deadline(kind, now, due_at),
        source=source,
        now=now,
    )
    if created:
        _attach(item, attachments)
        _audit(actor, item, detail=f"{item.kind_label} till {to_unit.name}")
    return item


def _attach(item: InboxItem, attachments) -> None:
    InboxAttachment.objects.bulk_create(
        InboxAttachment(
            item=item, filename=a.filename[:120], content_type=a.content_type, content=a.content
        )
        for a in attachments
    )


def _lock(item: InboxItem) -> InboxItem:
    # of=("self",): lock the item's row only, not its unit (other items of the unit go on).
    return (
        InboxItem.objects.select_for_update(of=("self",)).select_related("to_unit").get(pk=item.pk)
    )


def _ensure_serves(user, item: InboxItem, verb: str) -> None:
    if not serves(user, item.to_unit_id):
        raise NotAllowed(f"Du kan bara {verb} ärenden i inkorgen för en enhet där du arbetar.")


@transaction.atomic
def acknowledge(
    *, item: InboxItem, user, actor: Actor | None = None, now: datetime | None = None
) -> InboxItem:
    """Acknowledge (kvittera) the item as `user`, a named user of the receiving unit.

    Row-locked: of two users acknowledging at once, one wins; the other gets
    AlreadyAcknowledged saying who and when. The same user again (a double click) gets the
    item back unchanged. Open escalations of the item are settled with it.
    """
    locked = _lock(item)
    _ensure_serves(user, locked, "kvittera")
    if locked.acknowledged_at is not None:
        if locked.acknowledged_by_id == user.pk:
            return locked
        raise AlreadyAcknowledged(locked)
    if locked.forwarded_at is not None:
        target = locked.forwards.select_related("to_unit").first()
        where = target.to_unit.name if target else "en annan enhet"
        raise MessagingError(f"Ärendet är vidarebefordrat till {where} och kvitteras där.")
    now = now or timezone.now()
    actor = actor or actor_for(user)
    _set_acknowledged(locked, user, now)
    _audit(actor, locked, action=AuditAction.CHANGE, detail="kvitterat")
    _settle_escalations(locked, user, actor, now)
    item_acknowledged.send(sender=InboxItem, item=locked, user=user)
    return locked


def settle(
    source_type: str,
    source_id,
    *,
    user,
    actor: Actor,
    now: datetime | None = None,
    kinds: tuple[str, ...] | None = None,
) -> int:
    """Acknowledge the open items about one object (and their open escalations) because the
    object was handled on its own page — an alert acknowledged, a request triaged, a question
    answered — so the inbox does not keep, and escalate, what is already done. The owning app
    has checked the user's access; items forwarded elsewhere are left to the unit that has
    them. Returns the number of items acknowledged."""
    now = now or timezone.now()
    items = InboxItem.objects.select_for_update().filter(
        source_type=source_type,
        source_id=str(source_id),
        acknowledged_at__isnull=True,
        forwarded_at__isnull=True,
    )
    if kinds is not None:
        items = items.filter(kind__in=kinds)
    settled = 0
    for item in items:
        _set_acknowledged(item, user, now)
        _audit(actor, item, action=AuditAction.CHANGE, detail="kvitterat (ärendet hanterat)")
        _settle_escalations(item, user, actor, now)
        settled += 1
    return settled


def _settle_escalations(item: InboxItem, user, actor: Actor, now: datetime) -> None:
    """Open escalations of an acknowledged item are settled with it."""
    for escalation in InboxItem.objects.select_for_update().filter(
        escalation_of=item, acknowledged_at__isnull=True, forwarded_at__isnull=True
    ):
        _set_acknowledged(escalation, user, now)
        _audit(actor, escalation, action=AuditAction.CHANGE, detail="kvitterat (eskalering)")


def _set_acknowledged(item: InboxItem, user, now: datetime) -> None:
    item.acknowledged_at = now
    item.acknowledged_by = user
    item.acknowledged_by_name = _name_of(user)
    item.save(update_fields=["acknowledged_at", "acknowledged_by", "acknowledged_by_name"])


@transaction.atomic
def forward(
    *,
    item: InboxItem,
    to_unit: CareUnit,
    reason: str,
    user,
    actor: Actor | None = None,
    now: datetime | None = None,
) -> InboxItem:
    """Forward (vidarebefordra) the item to another unit with a reason; returns the new item.

    The item is settled at this unit (no longer waiting for an acknowledgement here); the new
    item at `to_unit` keeps the chain (`forwarded_from`), the original sender and source, and
    gets a new deadline from now. An item is forwarded once: forwarding it again to the same
    unit returns the same new item (a double click), to another unit is refused.
    """
    reason = " ".join((reason or "").split())
    if len(reason) < MIN_REASON:
        raise MessagingError("Skriv varför ärendet vidarebefordras.")
    locked = _lock(item)
    _ensure_serves(user, locked, "vidarebefordra")
    if locked.forwarded_at is not None:
        earlier = locked.forwards.select_related("to_unit").first()
        if earlier is not None and earlier.to_unit_id == to_unit.pk:
            return earlier
        where = earlier.to_unit.name if earlier else "en annan enhet"
        raise MessagingError(
            f"Ärendet är redan vidarebefordrat till {where} av {locked.forwarded_by_name}."
        )
    if to_unit.pk == locked.to_unit_id:
        raise MessagingError("Välj en annan enhet än den som har ärendet nu.")
    ensure_can_receive(to_unit, besides=locked.to_unit_id)
    now = now or timezone.now()
    actor = actor or actor_for(user)
    new_item, _ = _create(
        key=f"forward:{locked.pk}",
        to_unit=to_unit,
        kind=locked.kind,
        subject=locked.subject,
        body=locked.body,
        person=locked.person,
        purpose=locked.purpose,
        sender_unit=locked.sender_unit,
        sender_user=locked.sender_user,
        sender_name=locked.sender_name,
        due_at=_deadline(locked.kind, now, DEFAULT) if locked.due_at else None,
        source=Source(
            locked.source_type,
            locked.source_id,
            locked.source_url_name,
            locked.source_url_kwargs,
        )
        if locked.source_type or locked.source_url_name
        else None,
        forwarded_from=locked,
        now=now,
    )
    if not new_item.attachments.exists():
        _attach(new_item, locked.attachments.all())
    locked.forwarded_at = now
    locked.forwarded_by = user
    locked.forwarded_by_name = _name_of(user)
    locked.forward_reason = reason[:500]
    locked.save(
        update_fields=["forwarded_at", "forwarded_by", "forwarded_by_name", "forward_reason"]
    )
    _audit(actor, new_item, detail=f"vidarebefordrat till {to_unit.name}: {reason}")
    item_forwarded.send(sender=InboxItem, item=locked, new_item=new_item, user=user)
    return new_item


def escalation_target(item: InboxItem) -> CareUnit:
    """Where an overdue item escalates: the unit's configured escalation unit (if it still
    exists), else the unit itself, marked for the unit head."""
    target = (
        InboxSettings.objects.filter(unit_id=item.to_unit_id)
        .values_list("escalation_unit", flat=True)
        .first()
    )
    if target is not None:
        unit = CareUnit.objects.get(pk=target)
        if is_active(unit):
            return unit
    return item.to_unit


def escalate_overdue(*, now: datetime | None = None, batch_size: int = 500) -> int:
    """Escalate every item still unacknowledged past its deadline; returns how many.

    Per item, in its own transaction: the item gets `escalated_at` (the attention flag: the list
    shows it first and marked) and an item of kind `escalation` goes to the escalation target
    (see `escalation_target`), marked for the unit head, whose heads also get an e-mail.
    Idempotent: an item escalates once, and a second run (or two timers at once) does nothing.
    """
    now = now or timezone.now()
    actor = system_actor("escalate_inbox")
    escalated = 0
    candidates = list(
        InboxItem.objects.overdue(now)
        .filter(escalated_at__isnull=True)
        .exclude(kind=ESCALATION.code)
        .order_by("due_at", "pk")
        .values_list("pk", flat=True)[:batch_size]
    )
    for pk in candidates:
        with transaction.atomic():
            item = (
                InboxItem.objects.select_for_update(of=("self",))
                .select_related("to_unit", "person")
                .filter(pk=pk)
                .first()
            )
            if (
                item is None
                or not item.is_open
                or item.escalated_at is not None
                or item.due_at is None
                or item.due_at > now
            ):
                continue
            target = escalation_target(item)
            due = timezone.localtime(item.due_at)
            received = timezone.localtime(item.created_at)
            escalation, created = _create(
                key=f"escalation:{item.pk}",
                to_unit=target,
                kind=ESCALATION.code,
                subject=f"Ej kvitterat i tid: {item.subject}"[:200],
                body=(
                    f"Ärendet ({item.kind_label.lower()}) till {item.to_unit.name} mottogs "
                    f"{received:%Y-%m-%d %H:%M} och skulle ha kvitterats senast "
                    f"{due:%Y-%m-%d %H:%M}. Ingen har kvitterat det ännu."
                ),
                person=item.person,
                purpose=item.purpose,
                sender_unit=None,
                sender_user=None,
                sender_name=SYSTEM_SENDER,
                due_at=None,
                source=None,
                for_unit_head=True,
                escalation_of=item,
                now=now,
            )
            item.escalated_at = now
            item.save(update_fields=["escalated_at"])
            if created:
                _audit(actor, escalation, detail=f"eskalering till {target.name}")
            escalated += 1
    return escalated
