"""The notices of a stay: who receives them (routing), what they say, and their delivery as items
in the receiving units' inboxes (navet.messaging), where the receivers acknowledge them.

Routing follows the rule in force at admission: the municipality where the person was registered
on the day of admission (its intake unit) and the health centre of the listing on that day. A
move during the stay does not re-route (docs/transitions.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Max
from django.utils import timezone

from navet.access.models import RelationshipKind
from navet.access.purposes import Purpose
from navet.access.relationships import open_relationship
from navet.listing.selectors import current_listing
from navet.messaging.errors import MessagingError
from navet.messaging.kinds import register_kind
from navet.messaging.selectors import is_active
from navet.messaging.services import Source, send_item
from navet.organisation.models import CareUnit, PrincipalKind, UnitKind
from navet.residents.selectors import current_residence
from navet.transitions import config
from navet.transitions.models import ConsentAnswer, InpatientStay, IntakeUnit, Notice, NoticeKind

for _kind in NoticeKind:
    register_kind(_kind.value, _kind.label, deadline_hours=24)

SOURCE_TYPE = "transitions.stay"
NO_CONSENT = "Samtycke saknas"


@dataclass
class Sent:
    notices: list[Notice] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # why a party got nothing, in Swedish


def intake_unit(municipality, *, on) -> CareUnit | None:
    """The municipality's designated intake unit, else its first social-services unit."""
    designated = IntakeUnit.objects.filter(municipality=municipality).select_related("unit")
    candidates = [d.unit for d in designated]
    candidates += list(
        CareUnit.objects.filter(
            municipality=municipality,
            kind=UnitKind.SOCIAL_SERVICES,
            principal__kind=PrincipalKind.MUNICIPALITY,
        ).order_by("name", "pk")
    )
    return next((u for u in candidates if is_active(u, on=on)), None)


def receivers(stay: InpatientStay) -> tuple[list[CareUnit], list[str]]:
    """The units that the stay's admission notice goes to, and why a party is missing."""
    day = timezone.localdate(stay.admitted_at)
    units, missing = [], []
    if stay.municipality is None:
        missing.append("Personen var inte folkbokförd i någon kommun vid inskrivningen.")
    else:
        unit = intake_unit(stay.municipality, on=day)
        if unit is None:
            missing.append(
                f"{stay.municipality.name} har ingen enhet som tar emot inskrivningsmeddelanden."
            )
        else:
            units.append(unit)
    listing = current_listing(stay.person, on=day)
    if listing is None:
        missing.append("Personen var inte listad på någon vårdcentral vid inskrivningen.")
    else:
        units.append(listing.unit)
    return units, missing


def _fmt(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d kl. %H:%M}"


def body_of(stay: InpatientStay, kind: str) -> str:
    """The notice text: the content lag (2017:612) requires, and the admission reason only when
    the person has not refused consent."""
    person = stay.person
    residence = current_residence(person, on=timezone.localdate(stay.admitted_at))
    if person.protected_identity:
        address = "Skyddad personuppgift – adressen lämnas inte ut"
    elif residence is not None:
        address = f"{residence.street_address}, {residence.postal_code} {residence.city}"
    else:
        address = "Ingen folkbokföringsadress känd"
    estimate = (
        f"{stay.estimated_discharge:%Y-%m-%d}" if stay.estimated_discharge else "Inte bedömt än"
    )
    lines = [
        f"Namn: {person.full_name}",
        f"Personnummer: {person.identifier}",
        f"Folkbokföringsadress: {address}",
        f"Beräknat utskrivningsdatum: {estimate}",
        f"Avdelning: {stay.ward.name}",
        f"Inskriven: {_fmt(stay.admitted_at)}",
    ]
    if stay.consent == ConsentAnswer.REFUSED:
        lines.append(f"{NO_CONSENT}: inskrivningsorsaken lämnas inte ut.")
    elif stay.admission_reason:
        lines.append(f"Inskrivningsorsak: {stay.admission_reason}")
    if kind == NoticeKind.READY:
        lines.append(f"Utskrivningsklar: {_fmt(stay.ready_at)}")
    elif kind == NoticeKind.NOT_READY:
        lines.append("Patienten är inte längre utskrivningsklar. Ny underrättelse kommer.")
    return "\n".join(lines)


def _subject(stay: InpatientStay, kind: str, version: int) -> str:
    # No name or personnummer in the subject: it may reach an e-mail notification.
    label = NoticeKind(kind).label
    again = (
        " (ändrat beräknat utskrivningsdatum)"
        if kind == NoticeKind.ADMISSION and version > 1
        else ""
    )
    consent = f" – {NO_CONSENT.lower()}" if stay.consent == ConsentAnswer.REFUSED else ""
    return f"{label} från {stay.ward.name}{again}{consent}"


def _send(
    stay: InpatientStay, unit: CareUnit, kind: str, *, actor, user, now, due_at=None
) -> Notice:
    last = Notice.objects.filter(stay=stay, unit=unit, kind=kind).aggregate(v=Max("version"))
    version = (last["v"] or 0) + 1
    item = send_item(
        to_unit=unit,
        kind=kind,
        subject=_subject(stay, kind, version),
        body=body_of(stay, kind),
        person=stay.person,
        sender=user,
        sender_unit=stay.ward,
        sender_name="" if user is not None else stay.ward.name,
        idempotency_key=f"transitions.{kind}:{stay.pk}:{unit.pk}:{version}",
        purpose=Purpose.DISCHARGE_PLANNING,
        source=Source(
            SOURCE_TYPE,
            stay.pk,
            "transitions:stay",
            {"person_id": stay.person_id, "stay_id": stay.pk},
        ),
        actor=actor,
        now=now,
    )
    # Planning before discharge needs the receiving unit to read the person.
    open_relationship(
        person=stay.person,
        unit=unit,
        kind=RelationshipKind.ADMISSION,
        source_type=SOURCE_TYPE,
        source_id=stay.pk,
        starts_at=now,
        reason=f"Inskrivningsmeddelande från {stay.ward.name}",
    )
    return Notice.objects.create(
        stay=stay,
        kind=kind,
        unit=unit,
        version=version,
        estimate=stay.estimated_discharge,
        due_at=due_at,
        sent_at=now,
        inbox_item=item,
    )


def send_admission_notices(stay: InpatientStay, *, actor, user, now) -> Sent:
    """The first admission notice to every receiver that has none yet; due 24 h after the later
    of admission and the assessment of need."""
    units, missing = receivers(stay)
    already = set(
        Notice.objects.filter(stay=stay, kind=NoticeKind.ADMISSION).values_list("unit", flat=True)
    )
    trigger = max(stay.admitted_at, stay.needs_assessed_at or stay.admitted_at)
    result = Sent(missing=missing)
    for unit in units:
        if unit.pk in already:
            continue
        try:
            result.notices.append(
                _send(
                    stay,
                    unit,
                    NoticeKind.ADMISSION,
                    actor=actor,
                    user=user,
                    now=now,
                    due_at=trigger + config.notice_deadline(),
                )
            )
        except MessagingError as error:
            result.missing.append(error.message)
    return result


def notified_units(stay: InpatientStay) -> list[CareUnit]:
    ids = Notice.objects.filter(stay=stay, kind=NoticeKind.ADMISSION).values("unit")
    return list(CareUnit.objects.filter(pk__in=ids).order_by("name"))


def send_to_notified(stay: InpatientStay, kind: str, *, actor, user, now) -> Sent:
    """A notice of `kind` to every unit that got the admission notice (a re-sent admission
    notice, ready, no longer ready)."""
    result = Sent()
    for unit in notified_units(stay):
        try:
            result.notices.append(_send(stay, unit, kind, actor=actor, user=user, now=now))
        except MessagingError as error:
            result.missing.append(error.message)
    return result
