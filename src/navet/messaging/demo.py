"""Example items in the inboxes of the demo users' units, so that `./navet demo` shows the inbox:
a notice and an invitation about persons the unit has a care relationship with (else persons
registered in its municipality), a reminder, and an old message that has gone past its deadline
and been escalated to the unit head.

Idempotent: every item has a fixed key ("demo:<unit>:<what>"); a second run adds nothing.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from navet.access.audit import system_actor
from navet.access.models import CareRelationship
from navet.access.purposes import Purpose
from navet.demo import _STAFF_ROLES
from navet.messaging.kinds import INVITATION, MESSAGE, NOTICE, REMINDER
from navet.messaging.models import InboxItem
from navet.messaging.services import escalate_overdue, send_item
from navet.organisation.models import CareUnit, Staff, UnitKind
from navet.residents.models import Person, Residence


def _demo_units() -> list[CareUnit]:
    usernames = [row[1] for row in _STAFF_ROLES]
    today = timezone.localdate()
    units: dict[int, CareUnit] = {}
    for staff in Staff.objects.filter(user__username__in=usernames).order_by("user__username"):
        assignment = (
            staff.assignments.filter(valid_from__lte=today)
            .exclude(valid_to__lt=today)
            .select_related("unit")
            .order_by("-fte", "pk")
            .first()
        )
        if assignment is not None:
            units.setdefault(assignment.unit_id, assignment.unit)
    return list(units.values())


def _person_for(unit: CareUnit, now, *, skip: int = 0) -> Person | None:
    """A living person without protected identity whom the unit has a care relationship with,
    else one registered in the unit's municipality (the item alone lets the unit read it)."""
    living = Q(death_date__isnull=True, protected_identity=False)
    related = (
        CareRelationship.objects.filter(CareRelationship.active_at(now), unit=unit)
        .filter(person__death_date__isnull=True, person__protected_identity=False)
        .order_by("person_id")
        .values_list("person_id", flat=True)
        .distinct()
    )
    person_id = next(iter(related[skip : skip + 1]), None)
    if person_id is not None:
        return Person.objects.get(pk=person_id)
    today = timezone.localdate(now)
    residents = Person.objects.filter(
        living,
        pk__in=Residence.objects.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=today),
            municipality_id=unit.municipality_id,
            valid_from__lte=today,
        ).values("person_id"),
    ).order_by("pk")
    return residents[skip : skip + 1].first()


def _sender_for(unit: CareUnit) -> CareUnit | None:
    """A plausible sender: a ward for everyone but wards, a health centre for wards."""
    kind = (
        UnitKind.HEALTH_CENTRE if unit.kind == UnitKind.INPATIENT_WARD else UnitKind.INPATIENT_WARD
    )
    return (
        CareUnit.objects.filter(kind=kind)
        .filter(Q(active_to__isnull=True) | Q(active_to__gte=timezone.localdate()))
        .order_by("name")
        .first()
    )


def seed_demo_inbox(*, now=None) -> int:
    """Put example items in the demo units' inboxes; returns how many were new."""
    now = now or timezone.now()
    actor = system_actor("demo")
    before = InboxItem.objects.filter(key__startswith="demo:").count()
    for unit in _demo_units():
        sender = _sender_for(unit)
        first, second = _person_for(unit, now), _person_for(unit, now, skip=1)
        discharge = timezone.localdate(now) + timedelta(days=4)
        if first is not None and unit.kind == UnitKind.INPATIENT_WARD:
            send_item(
                to_unit=unit,
                kind=NOTICE.code,
                subject="Fast vårdkontakt utsedd inför utskrivning",
                body=(
                    "Vårdcentralen har utsett en fast vårdkontakt för personen. Kontakta "
                    "vårdcentralen inför utskrivningen så att vi kan kalla till SIP i tid."
                ),
                person=first,
                sender_unit=sender,
                idempotency_key=f"demo:{unit.pk}:notice",
                purpose=Purpose.DISCHARGE_PLANNING,
                actor=actor,
                now=now - timedelta(hours=2),
            )
        elif first is not None:
            send_item(
                to_unit=unit,
                kind=NOTICE.code,
                subject=f"Inskriven på {sender.name}" if sender else "Inskriven i slutenvården",
                body=(
                    "Personen skrevs in i dag efter ett fall i hemmet. Beräknat "
                    f"utskrivningsdatum: {discharge:%Y-%m-%d}. Behov av insatser efter "
                    "utskrivningen bedöms under vårdtiden."
                ),
                person=first,
                sender_unit=sender,
                idempotency_key=f"demo:{unit.pk}:notice",
                purpose=Purpose.DISCHARGE_PLANNING,
                actor=actor,
                now=now - timedelta(hours=2),
            )
        if second is not None:
            meeting = timezone.localdate(now) + timedelta(days=7)
            send_item(
                to_unit=unit,
                kind=INVITATION.code,
                subject=f"Kallelse till SIP-möte {meeting:%Y-%m-%d} kl. 13.00",
                body=(
                    "Vi kallar er enhet till ett möte om en samordnad individuell plan (SIP). "
                    "Personen har samtyckt. Mötet hålls som videomöte; länken kommer i kallelsen "
                    "från samordnaren. Kvittera att ni har tagit emot kallelsen."
                ),
                person=second,
                sender_unit=sender,
                idempotency_key=f"demo:{unit.pk}:invitation",
                purpose=Purpose.SIP,
                actor=actor,
                now=now - timedelta(minutes=30),
            )
            send_item(
                to_unit=unit,
                kind=MESSAGE.code,
                subject="Fråga om aktuell läkemedelslista",
                body=(
                    "Hej! Vi behöver en uppdaterad läkemedelslista inför hembesöket. "
                    "Kan någon hos er skicka den?"
                ),
                person=second,
                sender_unit=sender,
                idempotency_key=f"demo:{unit.pk}:overdue",
                actor=actor,
                now=now - timedelta(days=4),
            )
        send_item(
            to_unit=unit,
            kind=REMINDER.code,
            subject="Påminnelse: se över enhetens e-postavisering",
            body=(
                "Inkorgen kan skicka e-post till enhetens funktionsbrevlåda eller till dig när "
                "något nytt kommer. E-posten innehåller aldrig personuppgifter."
            ),
            idempotency_key=f"demo:{unit.pk}:reminder",
            actor=actor,
            now=now - timedelta(hours=5),
        )
    escalate_overdue(now=now)
    return InboxItem.objects.filter(key__startswith="demo:").count() - before
