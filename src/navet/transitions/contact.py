"""The named care contact (fast vårdkontakt) before discharge (issue 7 part 4).

When the health centre gets the admission notice of a person without a named care contact
there, its inbox gets a prompt for the unit head to appoint one (through navet.listing's
`appoint_named_contact`, on the person's listing page). Discharge without one is allowed; the
stay is then flagged and counted.

    named_care_contact_at_discharge(stay) -> bool   # for the indicators (part 11)
    missing_named_care_contact(unit_ids, on=day)    # open stays the units must act on
    discharged_without_named_care_contact(unit_ids, since=day)
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from navet.access.purposes import Purpose
from navet.listing.selectors import current_named_contacts
from navet.messaging.kinds import register_kind
from navet.messaging.services import Source, send_item
from navet.organisation.models import UnitKind
from navet.transitions.models import InpatientStay, Notice, NoticeKind

ROLE = "named_care_contact"
PROMPT_KIND = "named_care_contact_prompt"
register_kind(PROMPT_KIND, "Utse fast vårdkontakt inför utskrivning", deadline_hours=48)


def health_centres(stay: InpatientStay) -> list:
    notices = Notice.objects.filter(
        stay=stay, kind=NoticeKind.ADMISSION, unit__kind=UnitKind.HEALTH_CENTRE
    ).select_related("unit")
    return list({n.unit_id: n.unit for n in notices}.values())


def named_care_contacts(stay: InpatientStay, *, on: date) -> list:
    """The person's named care contacts valid on `on` at the stay's health centre (at any unit
    when no health centre got the notice)."""
    contacts = current_named_contacts(stay.person, on=on, role=ROLE)
    centres = {u.pk for u in health_centres(stay)}
    return [c for c in contacts if not centres or c.unit_id in centres]


def named_care_contact_at_discharge(stay: InpatientStay) -> bool:
    """Whether the person had a named care contact on the day of discharge (for an open stay:
    today). The indicator named_care_contact_before_discharge counts discharged stays."""
    moment = stay.discharged_at or timezone.now()
    return bool(named_care_contacts(stay, on=timezone.localdate(moment)))


def _notified_health_centre_stays(unit_ids):
    notified = Notice.objects.filter(
        kind=NoticeKind.ADMISSION, unit_id__in=unit_ids, unit__kind=UnitKind.HEALTH_CENTRE
    ).values("stay")
    return InpatientStay.objects.filter(pk__in=notified).select_related("person", "ward")


def missing_named_care_contact(unit_ids, *, on: date) -> list[InpatientStay]:
    """Open stays notified to the units' health centres whose person has no named care contact
    there yet."""
    stays = _notified_health_centre_stays(unit_ids).filter(discharged_at__isnull=True)
    return [s for s in stays.order_by("admitted_at", "pk") if not named_care_contacts(s, on=on)]


def discharged_without_named_care_contact(unit_ids, *, since: date) -> list[InpatientStay]:
    """Stays discharged since `since` without a named care contact, for the units' health
    centres and for the treating ward."""
    notified = Notice.objects.filter(kind=NoticeKind.ADMISSION, unit_id__in=unit_ids).values("stay")
    stays = InpatientStay.objects.filter(
        Q(pk__in=notified) | Q(ward_id__in=unit_ids),
        needs_assessed_at__isnull=False,
        discharged_at__date__gte=since,
    ).select_related("person", "ward")
    return [s for s in stays.order_by("-discharged_at") if not named_care_contact_at_discharge(s)]


@receiver(post_save, sender=Notice, dispatch_uid="transitions.prompt_named_care_contact")
def prompt_named_care_contact(sender, instance: Notice, created: bool, **kwargs) -> None:
    """The health centre's first admission notice of a stay: prompt its unit head when the
    person has no named care contact there."""
    if not created or instance.kind != NoticeKind.ADMISSION or instance.version != 1:
        return
    unit = instance.unit
    if unit.kind != UnitKind.HEALTH_CENTRE:
        return
    stay = instance.stay
    on = timezone.localdate(instance.sent_at)
    if any(c.unit_id == unit.pk for c in current_named_contacts(stay.person, on=on, role=ROLE)):
        return
    send_item(
        to_unit=unit,
        kind=PROMPT_KIND,
        subject=(
            f"Till verksamhetschefen: utse fast vårdkontakt inför utskrivning från {stay.ward.name}"
        ),
        body=(
            "Patienten är inskriven i slutenvården och saknar fast vårdkontakt på "
            f"{unit.name}. Utse en före utskrivningen: öppna planeringen och följ länken "
            "till listningen."
        ),
        person=stay.person,
        sender_name="Navet",
        idempotency_key=f"transitions.{PROMPT_KIND}:{stay.pk}:{unit.pk}",
        purpose=Purpose.DISCHARGE_PLANNING,
        source=Source(
            "transitions.stay",
            stay.pk,
            "transitions:planning",
            {"person_id": stay.person_id, "stay_id": stay.pk},
        ),
        now=instance.sent_at,
    )
