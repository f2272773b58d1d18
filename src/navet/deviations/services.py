"""Shared deviations' services: plain functions with keyword-only arguments, each one
transaction writing its own audit row (for a deviation about a person). Reporting and
commenting take an idempotency `key`; receiving, forwarding and closing lock the deviation's
row, so that of two investigators closing at once one wins and the other is told who.

    report(actor=…, user=nurse, person=p, case=("stay", 12), category="discharge",
           severity="moderate", occurred_at=…, description="…", immediate_action="…",
           responsible_unit=None, escalation="", key=…)   # None: the case's unit
    receive(actor=…, user=…, deviation=d)         # the responsible unit takes it
    investigate(actor=…, user=…, deviation=d)
    forward(actor=…, user=…, deviation=d, to_unit=u, reason="…")
    comment(actor=…, user=…, deviation=d, text="…", key=…)
    close(actor=…, user=…, deviation=d, conclusion="…", measures="…", escalation="")
"""

from __future__ import annotations

from contextlib import suppress
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from navet.access.audit import Actor, record
from navet.access.models import AuditAction
from navet.access.purposes import Purpose
from navet.access.relationships import close_relationship, open_relationship
from navet.access.subjects import subject_for
from navet.deviations import cases, config, kinds
from navet.deviations.errors import AlreadyClosed, DeviationError
from navet.deviations.models import (
    Comment,
    Deviation,
    DeviationEvent,
    Escalation,
    EventKind,
    Severity,
    Status,
)
from navet.messaging.errors import AlreadyAcknowledged, MessagingError
from navet.messaging.services import Source, acknowledge, send_item
from navet.organisation.models import CareUnit
from navet.plans.services import name_of
from navet.web.locking import lock_row

OBJECT_TYPE = "deviation"
RELATIONSHIP_KIND = "deviation"
SOURCE_TYPE = "deviations.deviation"
MAX_TEXT = 4000
MIN_REASON = 5


def unit_of(user) -> CareUnit:
    ref = subject_for(user, on=timezone.localdate()).unit
    if ref is None:
        raise DeviationError("Du har ingen aktuell placering på någon enhet.")
    return CareUnit.objects.get(pk=ref.id)


def _units(user) -> frozenset[int]:
    return subject_for(user, on=timezone.localdate()).unit_ids


def party_unit_ids(d: Deviation) -> set[int]:
    """The reporting unit and every unit the deviation was routed to: they all see it."""
    routed = d.events.exclude(to_unit=None).values_list("to_unit_id", flat=True)
    return {d.reporting_unit_id, d.responsible_unit_id, *routed}


def is_party(user, d: Deviation) -> bool:
    return bool(_units(user) & party_unit_ids(d))


def serves_responsible(user, d: Deviation) -> bool:
    return d.responsible_unit_id in _units(user)


def audit(actor: Actor, d: Deviation, action, detail: str) -> None:
    if d.person_id is None:
        return  # a deviation about a routine holds no one's personal data
    record(
        actor,
        action=action,
        person_id=d.person_id,
        object_type=OBJECT_TYPE,
        object_id=d.pk,
        purpose=Purpose.CARE,
        detail=detail,
    )


def _text(text: str, field: str, what: str, *, required: bool) -> str:
    text = (text or "").strip()
    if required and not text:
        raise DeviationError(f"Skriv {what}.", {field: f"Skriv {what}."})
    if len(text) > MAX_TEXT:
        message = f"Texten ({what}) får vara högst {MAX_TEXT} tecken."
        raise DeviationError(message, {field: message})
    return text


def _local(at: datetime) -> str:
    return f"{timezone.localtime(at):%Y-%m-%d} kl. {timezone.localtime(at):%H:%M}"


def _source(d: Deviation) -> Source:
    if d.person_id:
        return Source(
            SOURCE_TYPE,
            d.pk,
            "deviations:person_detail",
            {"person_id": d.person_id, "deviation_id": d.pk},
        )
    return Source(SOURCE_TYPE, d.pk, "deviations:detail", {"deviation_id": d.pk})


def _send(d: Deviation, *, to_unit: CareUnit, user, actor: Actor, key: str, intro: str, now):
    body = "\n".join(
        [
            intro,
            f"Kategori: {d.category_label}. Allvarlighetsgrad: {d.get_severity_display()}.",
            f"Händelsetid: {_local(d.occurred_at)}.",
            *([f"Ärende: {d.case_label}."] if d.case_label else []),
            *(["Bedöms för lex Maria/lex Sarah."] if d.escalation else []),
        ]
    )
    try:
        return send_item(
            to_unit=to_unit,
            kind=kinds.ROUTED.code,
            subject=f"Avvikelse: {d.category_label} ({d.get_severity_display().lower()})"[:200],
            body=body,
            person=d.person,
            sender=user,
            idempotency_key=key,
            actor=actor,
            source=_source(d),
            now=now,
        )
    except MessagingError as error:  # a closed unit: everything rolls back
        raise DeviationError(error.message) from error


def _open_relationship(d: Deviation, unit: CareUnit, user) -> None:
    """The unit that investigates a deviation about a person needs to read about the person
    (the reporting unit had access when it reported); ends with the deviation."""
    if d.person_id is None:
        return
    open_relationship(
        person=d.person,
        unit=unit,
        kind=RELATIONSHIP_KIND,
        source_type=SOURCE_TYPE,
        source_id=d.pk,
        reason="Utredning av avvikelse",
        opened_by=user,
    )


def record_event(d: Deviation, kind, user, unit, *, at, to_unit=None, reason="") -> None:
    DeviationEvent.objects.create(
        deviation=d,
        kind=kind,
        at=at,
        by_name=name_of(user),
        unit=unit,
        to_unit=to_unit,
        reason=reason,
    )


def _validate_report(category, severity, occurred_at, escalation, now) -> dict[str, str]:
    errors = {}
    if category not in dict(config.categories()):
        errors["category"] = "Välj en kategori."
    if severity not in Severity.values:
        errors["severity"] = "Välj allvarlighetsgrad."
    if occurred_at is None:
        errors["occurred_at"] = "Ange när händelsen inträffade."
    elif occurred_at > now + timedelta(minutes=5):
        errors["occurred_at"] = "Händelsetiden kan inte ligga i framtiden."
    if escalation not in Escalation.values:
        errors["escalation"] = "Välj lex Maria, lex Sarah eller nej."
    return errors


@transaction.atomic
def report(
    *,
    actor: Actor,
    user,
    person=None,
    case: tuple[str, int] | None = None,
    category: str,
    severity: str,
    occurred_at: datetime | None,
    description: str,
    immediate_action: str = "",
    responsible_unit: CareUnit | None = None,
    escalation: str = "",
    key: str,
    now: datetime | None = None,
) -> Deviation:
    """Report a deviation and route it to the responsible unit's inbox."""
    existing = Deviation.objects.filter(key=key).first()
    if existing is not None:
        return existing
    now = now or timezone.now()
    errors = _validate_report(category, severity, occurred_at, escalation or "", now)
    description = _text(description, "description", "vad som hände", required=not errors)
    immediate_action = _text(
        immediate_action, "immediate_action", "den omedelbara åtgärden", required=False
    )
    found = None
    if case is not None:
        found = cases.resolve(person, *case)
        if found is None:
            errors["case"] = "Ärendet finns inte för den här personen."
    if errors:
        raise DeviationError("Kontrollera uppgifterna i anmälan.", errors)
    to_unit = responsible_unit or (found.unit if found else None)
    if to_unit is None:
        message = "Välj ansvarig enhet (eller ett ärende som anger den)."
        raise DeviationError(message, {"responsible_unit": message})
    reporting_unit = unit_of(user)
    try:
        with transaction.atomic():
            d = Deviation.objects.create(
                key=key,
                person=person,
                case_kind=found.kind if found else "",
                case_id=found.id if found else None,
                case_label=found.label[:200] if found else "",
                category=category,
                severity=severity,
                occurred_at=occurred_at,
                reported_at=now,
                reported_by=user,
                reported_by_name=name_of(user),
                reporting_unit=reporting_unit,
                responsible_unit=to_unit,
                description=description,
                immediate_action=immediate_action,
                escalation=escalation or "",
            )
    except IntegrityError:  # the same key in flight: that one wins
        return Deviation.objects.get(key=key)
    record_event(d, EventKind.REPORTED, user, reporting_unit, at=now, to_unit=to_unit)
    _open_relationship(d, to_unit, user)
    d.routed_item = _send(
        d,
        to_unit=to_unit,
        user=user,
        actor=actor,
        key=f"deviations.routed:{d.pk}:0",
        intro=f"{reporting_unit.name} har anmält en avvikelse som {to_unit.name} ansvarar för.",
        now=now,
    )
    d.save(update_fields=["routed_item"])
    audit(actor, d, AuditAction.CREATE, f"avvikelse till {to_unit.name}")
    return d


def _lock(d: Deviation) -> Deviation:
    return lock_row(Deviation.objects, pk=d.pk)


def _ensure_responsible(user, d: Deviation) -> None:
    if not serves_responsible(user, d):
        raise DeviationError(f"Avvikelsen handläggs av {d.responsible_unit.name}.")


def _ensure_open(d: Deviation) -> None:
    if d.is_closed:
        raise AlreadyClosed(d.closed_by_name, _local(d.closed_at))


@transaction.atomic
def receive(*, actor: Actor, user, deviation: Deviation) -> Deviation:
    """The responsible unit takes the deviation (the user becomes its investigator) and the
    inbox item is acknowledged. Receiving it again changes nothing."""
    d = _lock(deviation)
    _ensure_responsible(user, d)
    _ensure_open(d)
    if d.status != Status.REPORTED:
        return d
    now = timezone.now()
    d.status, d.received_at = Status.RECEIVED, now
    d.investigator, d.investigator_name = user, name_of(user)
    d.save(update_fields=["status", "received_at", "investigator", "investigator_name"])
    record_event(d, EventKind.RECEIVED, user, d.responsible_unit, at=now)
    if d.routed_item_id and d.routed_item.to_unit_id == d.responsible_unit_id:
        # acknowledged in the inbox already: the deviation is received all the same
        with suppress(AlreadyAcknowledged, MessagingError):
            acknowledge(item=d.routed_item, user=user, actor=actor)
    audit(actor, d, AuditAction.CHANGE, "avvikelse mottagen")
    return d


@transaction.atomic
def investigate(*, actor: Actor, user, deviation: Deviation) -> Deviation:
    d = _lock(deviation)
    _ensure_responsible(user, d)
    _ensure_open(d)
    if d.status == Status.INVESTIGATING:
        return d
    now = timezone.now()
    if d.status == Status.REPORTED:
        d.received_at = now
        record_event(d, EventKind.RECEIVED, user, d.responsible_unit, at=now)
    d.status, d.investigation_started_at = Status.INVESTIGATING, now
    d.investigator, d.investigator_name = user, name_of(user)
    d.save()
    record_event(d, EventKind.INVESTIGATING, user, d.responsible_unit, at=now)
    audit(actor, d, AuditAction.CHANGE, "utredning av avvikelse påbörjad")
    return d


def hand_over(d: Deviation, *, user, to_unit: CareUnit, reason: str, at) -> int:
    """Move a locked deviation to `to_unit` (reported anew there); returns the number of
    forwards so far. The caller sends (or has sent) the new unit its inbox item."""
    record_event(
        d, EventKind.FORWARDED, user, d.responsible_unit, at=at, to_unit=to_unit, reason=reason
    )
    d.responsible_unit, d.status = to_unit, Status.REPORTED
    d.received_at = d.investigation_started_at = None
    d.investigator, d.investigator_name = None, ""
    _open_relationship(d, to_unit, user)
    return d.events.filter(kind=EventKind.FORWARDED).count()


@transaction.atomic
def forward(*, actor: Actor, user, deviation: Deviation, to_unit: CareUnit, reason: str):
    """Hand the deviation to another unit (often the other principal's) with a reason; it is
    then reported anew there. The same forward again (a double click) changes nothing."""
    d = _lock(deviation)
    if d.responsible_unit_id == getattr(to_unit, "pk", None):
        last = d.events.filter(kind=EventKind.FORWARDED).last()
        if last is not None and last.to_unit_id == to_unit.pk:
            return d
    _ensure_responsible(user, d)
    _ensure_open(d)
    reason = (reason or "").strip()
    errors = {}
    if to_unit is None:
        errors["to_unit"] = "Välj den enhet som ska ta över avvikelsen."
    elif to_unit.pk == d.responsible_unit_id:
        errors["to_unit"] = "Avvikelsen ligger redan hos den enheten."
    if len(reason) < MIN_REASON:
        errors["reason"] = f"Skriv varför (minst {MIN_REASON} tecken)."
    if errors:
        raise DeviationError("Avvikelsen kunde inte skickas vidare.", errors)
    reason = _text(reason, "reason", "skälet", required=True)
    now = timezone.now()
    from_unit = d.responsible_unit
    hops = hand_over(d, user=user, to_unit=to_unit, reason=reason, at=now)
    d.routed_item = _send(
        d,
        to_unit=to_unit,
        user=user,
        actor=actor,
        key=f"deviations.routed:{d.pk}:{hops}",
        intro=f"{from_unit.name} har skickat vidare en avvikelse till {to_unit.name}. "
        f"Skäl: {reason}",
        now=now,
    )
    d.save()
    audit(actor, d, AuditAction.CHANGE, f"avvikelse skickad vidare till {to_unit.name}")
    return d


@transaction.atomic
def comment(*, actor: Actor, user, deviation: Deviation, text: str, key: str) -> Comment:
    """A comment seen by every party (both principals)."""
    existing = Comment.objects.filter(key=key).first()
    if existing is not None:
        return existing
    d = deviation
    if not is_party(user, d):
        raise DeviationError("Bara de enheter som berörs av avvikelsen kan kommentera.")
    text = _text(text, "text", "kommentaren", required=True)
    units = _units(user)
    unit = (
        d.responsible_unit
        if d.responsible_unit_id in units
        else d.reporting_unit
        if d.reporting_unit_id in units
        else unit_of(user)
    )
    try:
        with transaction.atomic():
            c = Comment.objects.create(
                key=key,
                deviation=d,
                author=user,
                author_name=name_of(user),
                unit=unit,
                text=text,
                created_at=timezone.now(),
            )
    except IntegrityError:
        return Comment.objects.get(key=key)
    audit(actor, d, AuditAction.CHANGE, "kommentar till avvikelse")
    return c


@transaction.atomic
def close(
    *,
    actor: Actor,
    user,
    deviation: Deviation,
    conclusion: str,
    measures: str,
    escalation: str | None = None,
) -> Deviation:
    """Close with measures and a conclusion. Of two investigators closing at once the first
    wins; the second gets AlreadyClosed with the winner's name (the same user again: no-op)."""
    d = _lock(deviation)
    if d.is_closed and d.closed_by_name == name_of(user):
        return d
    _ensure_open(d)
    _ensure_responsible(user, d)
    errors = {}
    if escalation is not None and escalation not in Escalation.values:
        errors["escalation"] = "Välj lex Maria, lex Sarah eller nej."
    if not (measures or "").strip():
        errors["measures"] = "Skriv vilka åtgärder som har vidtagits eller planeras."
    if not (conclusion or "").strip():
        errors["conclusion"] = "Skriv utredningens slutsats."
    if errors:
        raise DeviationError("Avvikelsen kan inte avslutas ännu.", errors)
    now = timezone.now()
    d.conclusion = _text(conclusion, "conclusion", "slutsatsen", required=True)
    d.measures = _text(measures, "measures", "åtgärderna", required=True)
    if escalation is not None:
        d.escalation = escalation
    if d.received_at is None:
        d.received_at = now
    if not d.investigator_name:
        d.investigator, d.investigator_name = user, name_of(user)
    d.status, d.closed_at, d.closed_by_name = Status.CLOSED, now, name_of(user)
    d.save()
    record_event(d, EventKind.CLOSED, user, d.responsible_unit, at=now)
    if d.person_id is not None:
        close_relationship(
            kind=RELATIONSHIP_KIND, source_type=SOURCE_TYPE, source_id=d.pk, ended_at=now
        )
    if d.reporting_unit_id != d.responsible_unit_id:
        send_item(
            to_unit=d.reporting_unit,
            kind=kinds.CLOSED.code,
            subject=f"Avvikelse avslutad: {d.category_label}"[:200],
            body=f"{d.responsible_unit.name} har avslutat avvikelsen.\n\nÅtgärder: {d.measures}"
            f"\n\nSlutsats: {d.conclusion}",
            person=d.person,
            sender=user,
            idempotency_key=f"deviations.closed:{d.pk}",
            actor=actor,
            due_at=None,
            source=_source(d),
            now=now,
        )
    audit(actor, d, AuditAction.CHANGE, "avvikelse avslutad")
    return d
