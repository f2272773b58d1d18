"""Changes in the digital reception: send a request, pick it up, write, offer video, close.

Idempotency: a request and a message carry the form's key (unique), so a double submit stores
one. Pick-up is one conditional UPDATE (`picked_by IS NULL`): of two staff members pressing
"Ta ärendet" at once exactly one row is changed, on SQLite and PostgreSQL alike, and the other
gets a Swedish refusal. Every change is written to the audit log in its own transaction."""

from __future__ import annotations

import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone

from navet.access.audit import Actor, record
from navet.access.models import AuditAction
from navet.access.purposes import Purpose
from navet.listing.selectors import current_listing
from navet.reception import config, notifications, triage
from navet.reception.errors import ReceptionError
from navet.reception.models import Channel, ReceptionMessage, ReceptionRequest, Status

OBJECT = "reception_request"


def _log(actor: Actor, request: ReceptionRequest, action, detail: str, purpose=Purpose.CARE):
    record(
        actor,
        action=action,
        person_id=request.person_id,
        object_type=OBJECT,
        object_id=request.pk,
        purpose=purpose,
        detail=detail,
    )


def open_request(person) -> ReceptionRequest | None:
    return (
        ReceptionRequest.objects.filter(person=person)
        .exclude(status=Status.CLOSED)
        .order_by("-created_at")
        .first()
    )


def submit_request(*, person, user, key: str, data: dict, actor: Actor) -> ReceptionRequest:
    """Send the triage form to the person's health centre. `data` is the form's cleaned data:
    problem_area, reason_class, since, description, channel and one bool per red flag."""
    existing = ReceptionRequest.objects.filter(key=key, person=person).first()
    if existing is not None:
        return existing  # the same form sent twice
    answers = {flag.code: bool(data.get(flag.code)) for flag in triage.RED_FLAGS}
    if (stop := triage.stop_for(answers)) is not None:
        raise ReceptionError(triage.STOP_MESSAGES[stop], code=f"call_{stop}")
    listing = current_listing(person, on=timezone.localdate())
    if listing is None:
        raise ReceptionError(
            "Du är inte listad på någon vårdcentral, så vi vet inte vart ärendet ska. Ring 1177 "
            "eller välj en vårdcentral under Mina kontakter.",
            code="not_listed",
        )
    if open_request(person) is not None:
        raise ReceptionError(
            "Du har redan ett öppet ärende. Skriv i det i stället, så hamnar allt på ett ställe.",
            code="already_open",
        )
    try:
        with transaction.atomic():
            request = ReceptionRequest.objects.create(
                key=key,
                person=person,
                unit=listing.unit,
                problem_area=data["problem_area"],
                reason_class=data["reason_class"],
                since=data["since"],
                description=data["description"],
                answers=answers,
                urgency=triage.urgency_for(data["reason_class"], answers),
                channel=data.get("channel") or Channel.CHAT,
            )
            _log(actor, request, AuditAction.CREATE, "sent by the resident", Purpose.OWN_DATA)
    except IntegrityError:  # the same key, raced in from a second tab
        return ReceptionRequest.objects.get(key=key, person=person)
    return request


def pick_up(*, request: ReceptionRequest, user, actor: Actor) -> ReceptionRequest:
    now = timezone.now()
    with transaction.atomic():
        won = ReceptionRequest.objects.filter(
            pk=request.pk, picked_by__isnull=True, status=Status.WAITING
        ).update(picked_by=user, picked_at=now, status=Status.IN_PROGRESS)
        request.refresh_from_db()
        if not won:
            if request.picked_by_id == user.pk:
                return request  # a second click of the same button
            raise ReceptionError(_taken_message(request), code="taken")
        _log(actor, request, AuditAction.CHANGE, "picked up")
        address = request.person.user.email if request.person.user_id else ""
        transaction.on_commit(lambda: notifications.notify_your_turn(request.pk, address))
    return request


def _taken_message(request: ReceptionRequest) -> str:
    if request.status == Status.CLOSED:
        return "Ärendet är redan avslutat."
    who = request.picked_by.get_full_name() or request.picked_by.get_username()
    return f"{who} har redan tagit ärendet."


def _holder(request: ReceptionRequest, user) -> None:
    if request.status == Status.CLOSED:
        raise ReceptionError("Ärendet är avslutat.", code="closed")
    if request.picked_by_id != user.pk:
        raise ReceptionError("Ta ärendet först; bara den som har tagit det svarar.", "not_holder")


def _assessed(request: ReceptionRequest, now) -> None:
    """The first staff reply is the first assessment (Follow-up: time to first assessment)."""
    ReceptionRequest.objects.filter(pk=request.pk, first_assessed_at__isnull=True).update(
        first_assessed_at=now
    )


def write(*, request: ReceptionRequest, user, body: str, key: str, actor: Actor, staff: bool):
    """A chat message from the resident (staff=False) or the holder (staff=True)."""
    body = body.strip()
    if not body:
        raise ReceptionError("Skriv ett meddelande.", code="empty")
    if (found := ReceptionMessage.objects.filter(key=key).first()) is not None:
        return found
    if staff:
        _holder(request, user)
    elif request.status == Status.CLOSED:
        raise ReceptionError("Ärendet är avslutat. Skicka ett nytt ärende om du behöver.", "closed")
    with transaction.atomic():
        message = ReceptionMessage.objects.create(
            request=request, key=key, from_staff=staff, author=user, body=body
        )
        if staff:
            _assessed(request, message.created_at)
        purpose = Purpose.CARE if staff else Purpose.OWN_DATA
        _log(actor, request, AuditAction.CHANGE, "chat message", purpose)
    return message


def offer_video(*, request: ReceptionRequest, user, actor: Actor) -> ReceptionRequest:
    _holder(request, user)
    if not request.video_url:
        room = secrets.token_urlsafe(12)
        with transaction.atomic():
            request.video_url = config.video_url_template().format(room=room)
            request.channel = Channel.VIDEO
            request.save(update_fields=["video_url", "channel"])
            _assessed(request, timezone.now())
            _log(actor, request, AuditAction.CHANGE, "video link offered")
    request.refresh_from_db()
    return request


def close(*, request: ReceptionRequest, user, outcome: str, actor: Actor) -> ReceptionRequest:
    if request.status == Status.CLOSED:
        return request
    _holder(request, user)
    now = timezone.now()
    with transaction.atomic():
        request.status, request.closed_at, request.outcome = Status.CLOSED, now, outcome[:200]
        request.save(update_fields=["status", "closed_at", "outcome"])
        _assessed(request, now)
        _log(actor, request, AuditAction.CHANGE, "closed")
    request.refresh_from_db()
    return request
