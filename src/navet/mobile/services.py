"""The mobile team's work as plain functions: a request arrives (in the team's inbox, opening the
team's care relationship to the person), is triaged, and ends in a home visit with an outcome.

Each step locks the request and checks its status, so steps in the wrong order (a visit before
acceptance, a second triage) are refused with a Swedish message; a double submit of a new request
is one request (its idempotency key). Every change is audited in its own transaction.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from navet.access.audit import Actor, record
from navet.access.models import AuditAction, RelationshipKind
from navet.access.purposes import Purpose
from navet.access.relationships import close_relationship, open_relationship
from navet.messaging.services import Source, send_item, settle
from navet.mobile.errors import MobileError
from navet.mobile.models import (
    Channel,
    FollowUpStatus,
    HomeVisit,
    JointFollowUp,
    MobileRequest,
    Status,
    Urgency,
    VisitOutcome,
)
from navet.organisation.models import CareUnit, UnitKind
from navet.residents.selectors import municipality_on

SOURCE_TYPE = "mobile.request"
FOLLOW_UP_SOURCE = "mobile.followup"
MIN_TEXT = 5
# A planned visit further ahead than this is a typing error, not a mobile-team visit.
MAX_PLAN_AHEAD = timedelta(days=60)

CHANNEL_OF_KIND = {
    UnitKind.HOME_HEALTH_CARE: Channel.HOME_HEALTH_CARE,
    UnitKind.HEALTH_CENTRE: Channel.HEALTH_CENTRE,
    UnitKind.EMERGENCY_DEPARTMENT: Channel.EMERGENCY_DEPARTMENT,
}


def _text(value: str, what: str) -> str:
    value = (value or "").strip()
    if len(value) < MIN_TEXT:
        raise MobileError(f"Skriv {what} (minst {MIN_TEXT} tecken).")
    return value


def _audit(actor: Actor, action, person_id: int, object_id, detail: str) -> None:
    record(
        actor,
        action=action,
        person_id=person_id,
        object_type="mobile_request",
        object_id=object_id,
        purpose=Purpose.CARE,
        detail=detail,
    )


@transaction.atomic
def create_request(
    *,
    key: str,
    team: CareUnit,
    person,
    channel: str,
    urgency: str,
    reason: str,
    user,
    from_unit: CareUnit | None,
    actor: Actor,
    now: datetime | None = None,
) -> MobileRequest:
    """A unit (or 1177) asks the team for a home assessment. Returns the request already made
    with `key` on a double submit."""
    existing = MobileRequest.objects.filter(key=key).first()
    if existing is not None:
        return existing
    if team.kind != UnitKind.MOBILE_TEAM:
        raise MobileError("Välj ett mobilt team.")
    if channel not in Channel.values:
        raise MobileError("Välj varifrån begäran kommer.")
    if urgency not in Urgency.values:
        raise MobileError("Välj hur brådskande besöket är.")
    reason = _text(reason, "orsaken till begäran")
    now = now or timezone.now()
    name = user.get_full_name() or user.get_username()
    request = MobileRequest(
        key=key,
        team=team,
        person=person,
        channel=channel,
        urgency=urgency,
        reason=reason,
        from_unit=from_unit,
        sent_by=user,
        sender_name=(name + (f", {from_unit.name}" if from_unit else ""))[:200],
        received_at=now,
    )
    try:
        with transaction.atomic():
            request.save(force_insert=True)
    except IntegrityError:  # the same key committed concurrently
        return MobileRequest.objects.get(key=key)
    # The request is the team's care relationship: without it the team could not read the
    # person it is asked to visit.
    open_relationship(
        person=person,
        unit=team,
        kind=RelationshipKind.MOBILE_TEAM,
        source_type=SOURCE_TYPE,
        source_id=request.pk,
        starts_at=now,
        reason=f"Begäran från {request.sender_name}",
        opened_by=user,
    )
    send_item(
        to_unit=team,
        kind="mobile_request",
        subject=f"Begäran om hembesök ({request.get_urgency_display().lower()})",
        body=reason,
        person=person,
        sender=user,
        sender_unit=from_unit,
        idempotency_key=f"mobile.request:{request.pk}",
        source=Source(
            SOURCE_TYPE,
            request.pk,
            "mobile:request",
            {"person_id": person.pk, "request_id": request.pk},
        ),
        actor=actor,
        now=now,
    )
    _audit(actor, AuditAction.CREATE, person.pk, request.pk, f"begäran till {team.name}")
    return request


def _received_minute(request: MobileRequest) -> datetime:
    """Forms give times to the minute: a visit in the minute the request arrived is after it."""
    return request.received_at.replace(second=0, microsecond=0)


def _locked(request_id: int) -> MobileRequest:
    return MobileRequest.objects.select_for_update().get(pk=request_id)


def _ensure_status(request: MobileRequest, expected: Status, doing: str) -> None:
    if request.status != expected:
        raise MobileError(
            f"Det går inte att {doing}: begäran har status "
            f"\u201d{request.get_status_display().lower()}\u201d."
        )


@transaction.atomic
def triage(
    request_id: int,
    *,
    decision: str,
    user,
    actor: Actor,
    planned_at: datetime | None = None,
    note: str = "",
    now: datetime | None = None,
) -> MobileRequest:
    """Accept (with a planned visit time), advise (with the advice) or decline (with the
    reason). A request is triaged once."""
    now = now or timezone.now()
    request = _locked(request_id)
    _ensure_status(request, Status.RECEIVED, "bedöma begäran")
    if decision == Status.ACCEPTED:
        if planned_at is None:
            raise MobileError("Ange planerad tid för besöket.")
        if planned_at < _received_minute(request):
            raise MobileError("Det planerade besöket kan inte ligga före begäran.")
        if planned_at > now + MAX_PLAN_AHEAD:
            raise MobileError("Det planerade besöket ligger för långt fram (högst 60 dagar).")
        request.planned_at = planned_at
        request.triage_note = (note or "").strip()
    elif decision == Status.ADVISED:
        request.triage_note = _text(note, "rådet")
    elif decision == Status.DECLINED:
        request.triage_note = _text(note, "skälet till att begäran avböjs")
    else:
        raise MobileError("Välj ett beslut: acceptera, ge råd eller avböj.")
    request.status, request.triaged_at, request.triaged_by = decision, now, user
    request.save()
    settle(SOURCE_TYPE, request.pk, user=user, actor=actor, now=now)  # done in the inbox too
    if decision != Status.ACCEPTED:  # no visit follows: the relationship ends after its grace
        close_relationship(
            kind=RelationshipKind.MOBILE_TEAM,
            source_type=SOURCE_TYPE,
            source_id=request.pk,
            ended_at=now,
        )
    _audit(actor, AuditAction.CHANGE, request.person_id, request.pk, request.get_status_display())
    return request


@transaction.atomic
def record_visit(
    request_id: int,
    *,
    visited_at: datetime,
    staff,
    findings: str,
    actions: str,
    outcome: str,
    user,
    actor: Actor,
    now: datetime | None = None,
) -> HomeVisit:
    """The home visit of an accepted request, once."""
    now = now or timezone.now()
    request = _locked(request_id)
    _ensure_status(request, Status.ACCEPTED, "registrera hembesöket")
    if visited_at < _received_minute(request):
        raise MobileError("Besöket kan inte ligga före begäran.")
    if visited_at > now:
        raise MobileError("Besöket kan inte ligga i framtiden.")
    if not staff:
        raise MobileError("Ange vem eller vilka som gjorde besöket.")
    if outcome not in VisitOutcome.values:
        raise MobileError("Välj utfall.")
    visit = HomeVisit.objects.create(
        request=request,
        visited_at=visited_at,
        findings=_text(findings, "bedömning och fynd"),
        actions=_text(actions, "åtgärder"),
        outcome=outcome,
        recorded_by=user,
        recorded_at=now,
    )
    visit.staff.set(staff)
    request.status = Status.VISITED
    request.save(update_fields=["status"])
    # The relationship lasts through the outcome check: grace period after the visit.
    close_relationship(
        kind=RelationshipKind.MOBILE_TEAM,
        source_type=SOURCE_TYPE,
        source_id=request.pk,
        ended_at=visited_at,
    )
    _audit(actor, AuditAction.CREATE, request.person_id, request.pk, "hembesök registrerat")
    return visit


@transaction.atomic
def open_follow_up(
    *,
    key: str,
    team: CareUnit,
    person,
    ed_visits: int,
    contact: str,
    plan: str,
    user,
    actor: Actor,
    now: datetime | None = None,
) -> JointFollowUp:
    """Start the joint follow-up of a frequent attender with the person's municipality. One open
    follow-up per team and person; a double submit returns the first."""
    existing = JointFollowUp.objects.filter(key=key).first()
    if existing is not None:
        return existing
    now = now or timezone.now()
    if JointFollowUp.objects.filter(team=team, person=person, status=FollowUpStatus.OPEN).exists():
        raise MobileError("Det finns redan en pågående uppföljning för personen.")
    municipality = municipality_on(person, timezone.localdate(now))
    if municipality is None:
        raise MobileError("Personen är inte folkbokförd i länet; uppföljning går inte att starta.")
    follow_up = JointFollowUp.objects.create(
        key=key,
        team=team,
        person=person,
        municipality=municipality,
        ed_visits=ed_visits,
        contact=_text(contact, "kontaktperson i kommunen"),
        plan=_text(plan, "den överenskomna planen"),
        opened_at=now,
        opened_by=user,
    )
    open_relationship(
        person=person,
        unit=team,
        kind=RelationshipKind.MOBILE_TEAM,
        source_type=FOLLOW_UP_SOURCE,
        source_id=follow_up.pk,
        starts_at=now,
        reason="Gemensam uppföljning av mångbesökare",
        opened_by=user,
    )
    record(
        actor,
        action=AuditAction.CREATE,
        person_id=person.pk,
        object_type="mobile_follow_up",
        object_id=follow_up.pk,
        purpose=Purpose.CARE,
        detail=f"gemensam uppföljning med {municipality.name}",
    )
    return follow_up


@transaction.atomic
def close_follow_up(
    follow_up_id: int, *, outcome: str, actor: Actor, now: datetime | None = None
) -> JointFollowUp:
    now = now or timezone.now()
    follow_up = JointFollowUp.objects.select_for_update().get(pk=follow_up_id)
    if follow_up.status != FollowUpStatus.OPEN:
        raise MobileError("Uppföljningen är redan avslutad.")
    follow_up.outcome = _text(outcome, "utfallet")
    follow_up.status, follow_up.closed_at = FollowUpStatus.CLOSED, now
    follow_up.save()
    close_relationship(
        kind=RelationshipKind.MOBILE_TEAM,
        source_type=FOLLOW_UP_SOURCE,
        source_id=follow_up.pk,
        ended_at=now,
    )
    record(
        actor,
        action=AuditAction.CHANGE,
        person_id=follow_up.person_id,
        object_type="mobile_follow_up",
        object_id=follow_up.pk,
        purpose=Purpose.CARE,
        detail="gemensam uppföljning avslutad",
    )
    return follow_up
