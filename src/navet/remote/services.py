"""The digital waiting room's services: plain functions with keyword-only arguments, each one
transaction writing its own audit row. Asking takes an idempotency `key` (a double submission
makes one consultation); picking up and answering lock the consultation's row, so that of two
doctors picking the same case at once one wins and the other is told who.

    ask(actor=…, user=nurse, person=p, target=Target.HEALTH_CENTRE, urgency="today",
        question="…", vitals={"pulse": "112", …}, key=…)
    pick_up(actor=…, user=doctor, consultation=c)
    answer(actor=…, user=doctor, consultation=c, advice="…", orders="", visit_needed=False,
           video=True)
    escalate_overdue(now=…)   # ./navet manage escalate_consultations, from a timer
"""

from __future__ import annotations

import secrets
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from navet.access.audit import Actor, record, system_actor
from navet.access.models import AuditAction
from navet.access.purposes import Purpose
from navet.access.relationships import open_relationship
from navet.access.subjects import subject_for
from navet.listing.selectors import current_listing
from navet.messaging.errors import MessagingError
from navet.messaging.services import Source, escalation_target, send_item, settle
from navet.organisation.models import CareUnit
from navet.plans.services import name_of
from navet.remote import config, kinds, vitals
from navet.remote.errors import AlreadyPickedUp, RemoteError
from navet.remote.models import Consultation, OnCallRota, Status, Target, Urgency
from navet.web.locking import lock_row

OBJECT_TYPE = "consultation"
RELATIONSHIP_KIND = "consultation"
MAX_TEXT = 4000


def unit_of(user) -> CareUnit:
    ref = subject_for(user, on=timezone.localdate()).unit
    if ref is None:
        raise RemoteError("Du har ingen aktuell placering på någon enhet.")
    return CareUnit.objects.get(pk=ref.id)


def on_call_unit(unit: CareUnit, *, on) -> CareUnit | None:
    """The on-call unit of the subarea (node) that `unit`'s municipality belongs to."""
    rota = (
        OnCallRota.objects.filter(subarea_id=unit.municipality.subarea_id, valid_from__lte=on)
        .exclude(valid_to__lt=on)
        .select_related("unit")
        .order_by("-valid_from", "-pk")
        .first()
    )
    return rota.unit if rota else None


def target_unit(person, target: str, asking_unit: CareUnit, *, on) -> CareUnit:
    if target == Target.HEALTH_CENTRE:
        listing = current_listing(person, on=on)
        if listing is None:
            raise RemoteError(
                "Personen är inte listad på någon vårdcentral. Skicka frågan till jourhavande "
                "läkare i stället."
            )
        return listing.unit
    if target == Target.ON_CALL:
        unit = on_call_unit(asking_unit, on=on)
        if unit is None:
            raise RemoteError(
                "Det finns inget jourschema för ert delområde i dag. Skicka frågan till "
                "personens vårdcentral."
            )
        return unit
    raise RemoteError("Välj vem frågan ska till.")


def _audit(actor: Actor, c: Consultation, action, detail: str) -> None:
    record(
        actor,
        action=action,
        person_id=c.person_id,
        object_type=OBJECT_TYPE,
        object_id=c.pk,
        purpose=Purpose.CARE,
        detail=detail,
    )


def _source(c: Consultation) -> Source:
    return Source(
        "remote.consultation",
        c.pk,
        "remote:detail",
        {"person_id": c.person_id, "consultation_id": c.pk},
    )


def _clean_text(text: str, what: str, *, required: bool) -> str:
    text = (text or "").strip()
    if required and not text:
        raise RemoteError(f"Skriv {what}.")
    if len(text) > MAX_TEXT:
        raise RemoteError(f"Texten ({what}) får vara högst {MAX_TEXT} tecken.")
    return text


def question_body(c: Consultation) -> str:
    lines = [f"Brådska: {c.get_urgency_display()}. Svar senast {_local(c.due_at)}."]
    lines += [f"{label}: {value}" for label, value in vitals.shown(c)]
    lines += ["", c.question]
    return "\n".join(lines)


def _local(at: datetime) -> str:
    return f"{timezone.localtime(at):%Y-%m-%d %H:%M}"


@transaction.atomic
def ask(
    *,
    actor: Actor,
    user,
    person,
    target: str,
    urgency: str,
    question: str,
    vitals_raw: dict,
    key: str,
    now: datetime | None = None,
) -> Consultation:
    """Put a question in the target unit's queue; opens the target unit's care relationship
    with the person and sends the question to its inbox."""
    existing = Consultation.objects.filter(key=key).first()
    if existing is not None:
        return existing
    values, errors = vitals.validate(vitals_raw)
    if errors:
        raise RemoteError("Kontrollera vitalparametrarna.", errors)
    if urgency not in Urgency.values:
        raise RemoteError("Välj hur brådskande frågan är.", {"urgency": "Välj brådska."})
    question = _clean_text(question, "frågan", required=True)
    now = now or timezone.now()
    asking_unit = unit_of(user)
    to_unit = target_unit(person, target, asking_unit, on=timezone.localdate(now))
    try:
        with transaction.atomic():
            c = Consultation.objects.create(
                key=key,
                person=person,
                asked_by=user,
                asked_by_name=name_of(user),
                asking_unit=asking_unit,
                target=target,
                to_unit=to_unit,
                urgency=urgency,
                question=question,
                created_at=now,
                due_at=now + config.deadline(urgency),
                **values,
            )
    except IntegrityError:  # the same key in flight: that one wins
        return Consultation.objects.get(key=key)
    open_relationship(
        person=person,
        unit=to_unit,
        kind=RELATIONSHIP_KIND,
        source_type="remote.consultation",
        source_id=c.pk,
        reason="Konsultationsfråga i digitalt väntrum",
        opened_by=user,
    )
    try:
        c.question_item = send_item(
            to_unit=to_unit,
            kind=kinds.QUESTION.code,
            subject=f"Konsultationsfråga ({c.get_urgency_display().lower()})",
            body=question_body(c),
            person=person,
            sender=user,
            idempotency_key=f"remote.question:{c.pk}",
            actor=actor,
            due_at=None,  # the consultation's deadline governs; messaging must not escalate too
            source=_source(c),
            now=now,
        )
    except MessagingError as error:  # a closed unit: the whole question rolls back
        raise RemoteError(str(error)) from error
    c.save(update_fields=["question_item"])
    _audit(actor, c, AuditAction.CREATE, f"konsultationsfråga till {to_unit.name}")
    return c


def _lock(c: Consultation) -> Consultation:
    return lock_row(Consultation.objects, pk=c.pk)


def _ensure_serves(user, c: Consultation) -> None:
    if c.to_unit_id not in subject_for(user, on=timezone.localdate()).unit_ids:
        raise RemoteError("Konsultationen ligger i en annan enhets kö.")


@transaction.atomic
def pick_up(*, actor: Actor, user, consultation: Consultation) -> Consultation:
    """The doctor takes the case: one doctor at a time. Picking up one's own case again is a
    no-op; another doctor's raises AlreadyPickedUp with their name."""
    c = _lock(consultation)
    _ensure_serves(user, c)
    if c.picked_by_id is not None:
        if c.picked_by_id == user.pk:
            return c
        raise AlreadyPickedUp(c.picked_by_name)
    c.picked_by, c.picked_by_name = user, name_of(user)
    c.picked_at, c.status = timezone.now(), Status.PICKED_UP
    c.save(update_fields=["picked_by", "picked_by_name", "picked_at", "status"])
    _audit(actor, c, AuditAction.CHANGE, "konsultation tagen")
    return c


@transaction.atomic
def answer(
    *,
    actor: Actor,
    user,
    consultation: Consultation,
    advice: str,
    orders: str = "",
    visit_needed: bool = False,
    video: bool = False,
) -> Consultation:
    """The doctor who picked the case up answers; the answer goes to the asking unit's inbox.
    Answering twice (a double submit) returns the first answer."""
    c = _lock(consultation)
    if c.is_answered:
        return c
    if c.picked_by_id != user.pk:
        if c.picked_by_id is not None:
            raise AlreadyPickedUp(c.picked_by_name)
        raise RemoteError("Ta konsultationen innan du svarar.")
    c.advice = _clean_text(advice, "rådet", required=True)
    c.orders = _clean_text(orders, "ordinationerna", required=False)
    c.visit_needed = bool(visit_needed)
    if video:
        provider = config.video_provider()
        c.video_link = provider["url"].format(room=secrets.token_urlsafe(16))
        c.video_provider = provider["name"]
    c.answered_at, c.status = timezone.now(), Status.ANSWERED
    c.save()
    # The question (and its overdue notice) is done in the answering unit's inbox too.
    settle(
        _source(c).type,
        c.pk,
        user=user,
        actor=actor,
        now=c.answered_at,
        kinds=(kinds.QUESTION.code, kinds.OVERDUE.code),
    )
    send_item(
        to_unit=c.asking_unit,
        kind=kinds.ANSWER.code,
        subject="Svar på konsultationsfråga",
        body=answer_body(c),
        person=c.person,
        sender=user,
        idempotency_key=f"remote.answer:{c.pk}",
        actor=actor,
        source=_source(c),
    )
    _audit(actor, c, AuditAction.CHANGE, "konsultation besvarad")
    return c


def answer_body(c: Consultation) -> str:
    lines = [f"Råd: {c.advice}"]
    if c.orders:
        lines.append(f"Ordinationer: {c.orders}")
    lines.append("Besök behövs." if c.visit_needed else "Inget besök behövs.")
    if c.video_link:
        lines.append(f"Videolänk ({c.video_provider}): {c.video_link}")
    return "\n".join(lines)


def escalate_overdue(*, now: datetime | None = None) -> int:
    """Every unanswered consultation past its deadline escalates once: the unit's escalation
    target (messaging's, else the unit itself) gets an inbox item. The
    consultation stays in the queue, first and marked, until it is answered."""
    now = now or timezone.now()
    actor = system_actor("escalate_consultations")
    pks = list(
        Consultation.objects.exclude(status=Status.ANSWERED)
        .filter(due_at__lte=now, escalated_at__isnull=True)
        .values_list("pk", flat=True)
    )
    escalated = 0
    for pk in pks:
        with transaction.atomic():
            c = lock_row(Consultation.objects.select_related("to_unit"), pk=pk)
            if c.is_answered or c.escalated_at is not None:
                continue
            to = escalation_target(c.question_item) if c.question_item_id else c.to_unit
            send_item(
                to_unit=to,
                kind=kinds.OVERDUE.code,
                subject=f"Obesvarad konsultation till {c.to_unit.name}"[:200],
                body=(
                    f"En konsultationsfråga ({c.get_urgency_display().lower()}) från "
                    f"{c.asking_unit.name} mottogs {_local(c.created_at)} och skulle ha "
                    f"besvarats senast {_local(c.due_at)}. Den är inte besvarad."
                ),
                person=c.person,
                sender_name="Navet",
                idempotency_key=f"remote.overdue:{c.pk}",
                actor=actor,
                due_at=None,
                source=_source(c),
                now=now,
            )
            c.escalated_at = now
            c.save(update_fields=["escalated_at"])
            escalated += 1
    return escalated
