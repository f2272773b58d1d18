"""The discharge notice (meddelande om utskrivning, issue 7 part 7): no later than the discharge
day, every unit that got the admission notice is told that the patient leaves, through its inbox,
with the patient's summary (named contacts, the planned SIP time, the plans in force). The ward
sends it before the discharge, or it goes when the discharge is registered.

On time (the indicator `discharge_notice_on_time`): sent on or before the discharge day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from navet.access.purposes import Purpose
from navet.access.subjects import subject_for
from navet.listing.selectors import current_named_contacts
from navet.messaging.errors import MessagingError
from navet.messaging.kinds import register_kind
from navet.messaging.services import Source, send_item
from navet.plans.coordinated import CoordinatedCare, coordinated_plan
from navet.transitions import notices, sip_call
from navet.transitions.errors import NotAllowed, OutOfOrder
from navet.transitions.models import DischargeNotice, InpatientStay
from navet.web.locking import lock_row

KIND = "discharge_notice"
register_kind(KIND, "Meddelande om utskrivning", deadline_hours=24)


@dataclass(frozen=True)
class Summary:
    """What the receivers and the patient get to know at discharge."""

    stay: InpatientStay
    contacts: list  # NamedContact rows in force today
    sip_due_at: datetime | None
    sip_sent_at: datetime | None
    care: CoordinatedCare


def stay_source(stay: InpatientStay) -> Source:
    """The inbox item links back to the stay's page."""
    return Source(
        notices.SOURCE_TYPE,
        stay.pk,
        "transitions:stay",
        {"person_id": stay.person_id, "stay_id": stay.pk},
    )


def summary(stay: InpatientStay, *, now: datetime | None = None) -> Summary:
    now = now or timezone.now()
    return Summary(
        stay=stay,
        contacts=current_named_contacts(stay.person, on=timezone.localdate(now)),
        sip_due_at=sip_call.due_at(stay),
        sip_sent_at=sip_call.sip_call_sent_at(stay),
        care=coordinated_plan(stay.person, now=now),
    )


def _fmt(moment) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else "–"


def body_of(stay: InpatientStay, data: Summary) -> str:
    planned = stay.discharged_at or stay.estimated_discharge
    when = _fmt(stay.discharged_at) if stay.discharged_at else f"{planned or 'ej bestämt'}"
    lines = [
        f"Namn: {stay.person.full_name}",
        f"Personnummer: {stay.person.identifier}",
        f"Avdelning: {stay.ward.name}",
        f"Utskrivning: {when}",
    ]
    for contact in data.contacts:
        lines.append(f"{contact.get_role_display()}: {contact.staff}, {contact.unit.name}")
    if not data.contacts:
        lines.append("Fast vårdkontakt: ingen utsedd")
    if data.sip_sent_at:
        lines.append(f"Kallelse till SIP skickad {_fmt(data.sip_sent_at)}")
    elif data.sip_due_at:
        lines.append(f"Kallelse till SIP senast {_fmt(data.sip_due_at)}")
    meeting = data.care.upcoming_meetings[0] if data.care.upcoming_meetings else None
    if meeting:
        lines.append(f"Planerat SIP-möte: {_fmt(meeting.starts_at)}")
    lines.append(
        f"Gällande planer: {len(data.care.plans)} SIP, "
        f"{len(data.care.agreements)} dokumenterade överenskommelser"
    )
    return "\n".join(lines)


@transaction.atomic
def send(*, actor, user, stay: InpatientStay, now=None) -> notices.Sent:
    """To every notified unit that has not had it; idempotent per unit."""
    now = now or timezone.now()
    stay = lock_row(InpatientStay.objects.select_related("person", "ward"), pk=stay.pk)
    if user is not None and stay.ward_id not in subject_for(user, on=timezone.localdate()).unit_ids:
        raise NotAllowed(f"Meddelandet om utskrivning skickas av {stay.ward.name}.")
    already = set(stay.discharge_notices.values_list("unit_id", flat=True))
    units = [u for u in notices.notified_units(stay) if u.pk not in already]
    result = notices.Sent()
    if not units and not already:
        raise OutOfOrder("Inga enheter har fått inskrivningsmeddelande om vårdtillfället.")
    body = body_of(stay, summary(stay, now=now))
    name = (user.get_full_name() or user.get_username())[:200] if user else stay.ward.name
    for unit in units:
        try:
            item = send_item(
                to_unit=unit,
                kind=KIND,
                subject=f"Meddelande om utskrivning från {stay.ward.name}",
                body=body,
                person=stay.person,
                sender=user,
                sender_unit=stay.ward,
                sender_name="" if user is not None else stay.ward.name,
                idempotency_key=f"transitions.{KIND}:{stay.pk}:{unit.pk}",
                purpose=Purpose.DISCHARGE_PLANNING,
                source=stay_source(stay),
                actor=actor,
                now=now,
            )
        except MessagingError as error:
            result.missing.append(error.message)
            continue
        DischargeNotice.objects.create(
            stay=stay, unit=unit, sent_at=now, sent_by_name=name, inbox_item=item
        )
    return result


def sent_at(stay: InpatientStay) -> datetime | None:
    """The first time a discharge notice went out for the stay."""
    first = stay.discharge_notices.order_by("sent_at").first()
    return first.sent_at if first else None


def discharge_notice_on_time(stay: InpatientStay) -> bool | None:
    """True when the first discharge notice went on or before the discharge day; False when
    late or never sent to a notified unit; None while the patient is in hospital or when no
    unit was notified (nothing was due)."""
    if stay.discharged_at is None or not stay.notices.exists():
        return None
    first = sent_at(stay)
    if first is None:
        return False
    return timezone.localdate(first) <= timezone.localdate(stay.discharged_at)


def send_on_discharge(*, actor, user, stay: InpatientStay, now=None) -> notices.Sent:
    """At discharge: the notice to the units that have not had it yet (none when nobody was
    notified of the stay)."""
    if not notices.notified_units(stay):
        return notices.Sent()
    return send(actor=actor, user=user, stay=stay, now=now)
