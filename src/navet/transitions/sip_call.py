"""The SIP call at discharge (issue 7 part 6): when both principals are needed after the stay
("SIP behövs", set by the ward or by the planning), the person's named care contact at the health
centre — or, with none appointed, the health centre's staff — invites to a SIP within 3 days of
the ready notice (lag 2017:612, 4 kap. 1 §).

Sending creates the SIP in navet.plans through its services: the health centre initiates it, the
person's consent to share with the municipality is recorded for the SIP, and the municipality's
unit that got the admission notice is invited through its inbox. The stay records the time.

    sip_call.mark_needed(actor=a, user=u, stay=s)
    sip_call.send(actor=a, user=u, stay=s, consent_method="in_person")
    sip_call.due_at(stay), sip_call.sip_call_sent_at(stay)   # also read by payment_source
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from navet.access.audit import Actor, record
from navet.access.models import AuditAction, ConsentGivenBy
from navet.access.purposes import Purpose
from navet.access.subjects import subject_for
from navet.listing.selectors import current_listing, current_named_contacts
from navet.messaging.errors import MessagingError
from navet.organisation.models import CareUnit, PrincipalKind
from navet.plans import services as plans
from navet.plans.errors import PlanError
from navet.transitions import config
from navet.transitions.errors import NotAllowed, OutOfOrder, TransitionError
from navet.transitions.models import InpatientStay, Notice, NoticeKind, SipCall

CONSENT_DAYS = 365


def _name(user) -> str:
    return (user.get_full_name() or user.get_username())[:200]


def _audit(actor: Actor, stay: InpatientStay, detail: str) -> None:
    record(
        actor,
        action=AuditAction.CHANGE,
        person_id=stay.person_id,
        object_type="stay",
        object_id=stay.pk,
        purpose=Purpose.DISCHARGE_PLANNING,
        detail=detail,
    )


def health_centre(stay: InpatientStay) -> CareUnit | None:
    """The health centre of the listing on the day of admission (the rule in force then)."""
    listing = current_listing(stay.person, on=timezone.localdate(stay.admitted_at))
    return listing.unit if listing else None


def named_care_contact(stay: InpatientStay, unit: CareUnit | None):
    """The person's named care contact at the health centre today, if appointed."""
    if unit is None:
        return None
    contacts = current_named_contacts(
        stay.person, on=timezone.localdate(), role="named_care_contact"
    )
    return next((c for c in contacts if c.unit_id == unit.pk), None)


def municipal_units(stay: InpatientStay) -> list[CareUnit]:
    """The municipality's units that got the admission notice: the SIP's invitees."""
    ids = Notice.objects.filter(
        stay=stay, kind=NoticeKind.ADMISSION, unit__principal__kind=PrincipalKind.MUNICIPALITY
    ).values("unit")
    return list(CareUnit.objects.filter(pk__in=ids).select_related("care_provider"))


def _involved_unit_ids(stay: InpatientStay) -> set[int]:
    notified = set(Notice.objects.filter(stay=stay).values_list("unit_id", flat=True))
    return notified | {stay.ward_id}


@transaction.atomic
def mark_needed(*, actor: Actor, user, stay: InpatientStay, now=None) -> SipCall:
    """ "SIP behövs": recorded once, by the ward or a unit planning the discharge."""
    now = now or timezone.now()
    stay = InpatientStay.objects.select_for_update().get(pk=stay.pk)
    existing = SipCall.objects.filter(stay=stay).first()
    if existing is not None:  # a double submission, or the other side was first
        return existing
    if stay.discharged_at is not None:
        raise OutOfOrder("Patienten är redan utskriven.")
    units = subject_for(user, on=timezone.localdate()).unit_ids
    if not units & _involved_unit_ids(stay):
        raise NotAllowed("Bara avdelningen och enheter som planerar utskrivningen kan ange det.")
    call = SipCall.objects.create(
        stay=stay, needed_at=now, needed_by_name=_name(user), health_centre=health_centre(stay)
    )
    _audit(actor, stay, "SIP behövs efter utskrivningen")
    return call


def due_at(stay: InpatientStay) -> datetime | None:
    """3 days after the ready notice, when a SIP is needed; None otherwise."""
    call = getattr(stay, "sip_call", None)
    if call is None or stay.ready_at is None:
        return None
    return stay.ready_at + config.sip_call_deadline()


def sip_call_required(stay: InpatientStay) -> bool:
    return SipCall.objects.filter(stay=stay).exists()


def sip_call_sent_at(stay: InpatientStay) -> datetime | None:
    """When the SIP invitation was sent (for the payment rules and the indicator)."""
    call = SipCall.objects.filter(stay=stay).first()
    return call.sent_at if call else None


def _ensure_may_send(user, stay: InpatientStay, unit: CareUnit | None) -> None:
    if unit is None:
        raise TransitionError("Personen var inte listad på någon vårdcentral vid inskrivningen.")
    subject = subject_for(user, on=timezone.localdate())
    if unit.pk not in subject.unit_ids:
        raise NotAllowed(f"Kallelsen till SIP skickas av {unit.name}.")
    contact = named_care_contact(stay, unit)
    staff = getattr(user, "staff", None)
    if contact is not None and (staff is None or contact.staff_id != staff.pk):
        raise NotAllowed(f"Kallelsen skickas av den fasta vårdkontakten {contact.staff}.")


@transaction.atomic
def send(*, actor: Actor, user, stay: InpatientStay, consent_method: str, now=None) -> SipCall:
    """Create the SIP and invite the municipality; idempotent (a sent call is returned as is)."""
    now = now or timezone.now()
    call = SipCall.objects.select_for_update().filter(stay=stay).first()
    if call is None:
        raise OutOfOrder("Ingen har angett att SIP behövs för vårdtillfället.")
    if call.sent_at is not None:
        return call
    stay = InpatientStay.objects.select_related("person").get(pk=stay.pk)
    unit = call.health_centre or health_centre(stay)
    _ensure_may_send(user, stay, unit)
    invitees = municipal_units(stay)
    if not invitees:
        raise TransitionError("Kommunen har inte fått något inskrivningsmeddelande att bjuda in.")
    key = f"transitions.sip:{stay.pk}"
    try:
        plan = plans.initiate(
            actor=actor,
            user=user,
            person=stay.person,
            need=f"Samordning efter utskrivning från {stay.ward.name} (lag 2017:612).",
            key=key,
        )
        plans.record_consent(
            actor=actor,
            user=user,
            plan=plan,
            key=f"{key}:consent",
            disclosing_provider=unit.care_provider,
            recipient_providers=[u.care_provider for u in invitees],
            given_by=ConsentGivenBy.PERSON,
            method=consent_method,
            valid_to=timezone.localdate(now) + timedelta(days=CONSENT_DAYS),
        )
        for invitee in invitees:
            plans.invite_unit(
                actor=actor, user=user, plan=plan, unit=invitee, key=f"{key}:{invitee.pk}"
            )
    except (PlanError, MessagingError) as error:
        raise TransitionError(error.message) from error
    call.sent_at, call.sent_by_name, call.plan, call.health_centre = now, _name(user), plan, unit
    call.save(update_fields=["sent_at", "sent_by_name", "plan", "health_centre"])
    _audit(actor, stay, "kallelse till SIP skickad")
    return call


def calls_to_send(unit_ids) -> QuerySet[SipCall]:
    """SIP calls the units must send: needed, not sent, the patient ready (the 3 days run)."""
    return (
        SipCall.objects.filter(
            health_centre_id__in=unit_ids,
            sent_at__isnull=True,
            stay__ready_at__isnull=False,
        )
        .select_related("stay__person", "stay__ward", "health_centre")
        .order_by("stay__ready_at", "pk")
    )


def overdue_calls(unit_ids, *, now: datetime) -> list[SipCall]:
    return [c for c in calls_to_send(unit_ids) if due_at(c.stay) < now]
