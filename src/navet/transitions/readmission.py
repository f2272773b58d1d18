"""Readmission watch (issue 7 part 10). On the discharge of an older person (65+, configurable)
the health centre — or the municipal home health care when the person has it — gets a follow-up
call to make 48–72 h after discharge (configurable) on its worklist and in its inbox; the call is
marked done with who and when. An acute admission within 30 days of a discharge is a
readmission, flagged on both the new and the index stay.

"Has municipal home health care": a named contact in force at a unit of the kind home health
care (the municipal nurse responsible). A later correction of the discharge time does not move
the follow-up call or the readmission flag (both record what was known when they were made).
"""

from __future__ import annotations

import contextlib
from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from navet.access.audit import Actor, record
from navet.access.models import AuditAction
from navet.access.purposes import Purpose
from navet.access.subjects import subject_for
from navet.listing.selectors import current_listing, current_named_contacts
from navet.messaging import services as messaging
from navet.messaging.errors import MessagingError
from navet.messaging.kinds import register_kind
from navet.organisation.models import CareUnit, UnitKind
from navet.residents.services import person_age
from navet.transitions import config
from navet.transitions.discharge_notice import stay_source
from navet.transitions.errors import NotAllowed
from navet.transitions.models import (
    AdmissionType,
    Destination,
    FollowUpCall,
    InpatientStay,
    Readmission,
)
from navet.web.locking import lock_row

KIND = "follow_up_call"
register_kind(KIND, "Uppföljande samtal efter utskrivning", deadline_hours=72)
NOT_HOME = frozenset({Destination.DECEASED, Destination.OTHER_HOSPITAL})


def follow_up_unit(stay: InpatientStay, *, on) -> CareUnit | None:
    """The person's municipal home health care if they have it, else the health centre."""
    for contact in current_named_contacts(stay.person, on=on):
        if contact.unit.kind == UnitKind.HOME_HEALTH_CARE:
            return contact.unit
    listing = current_listing(stay.person, on=on)
    return listing.unit if listing else None


def create_follow_up(*, actor: Actor, stay: InpatientStay, now: datetime) -> FollowUpCall | None:
    """Called at discharge (inside its transaction); None when no call is due."""
    discharged = stay.discharged_at
    day = timezone.localdate(discharged)
    if stay.destination in NOT_HOME or person_age(stay.person, day) < config.follow_up_min_age():
        return None
    unit = follow_up_unit(stay, on=day)
    if unit is None or FollowUpCall.objects.filter(stay=stay).exists():
        return None
    start, end = config.follow_up_window()
    call = FollowUpCall.objects.create(
        stay=stay, unit=unit, due_from=discharged + start, due_by=discharged + end, created_at=now
    )
    try:
        item = messaging.send_item(
            to_unit=unit,
            kind=KIND,
            subject=f"Ring patienten efter utskrivning från {stay.ward.name}",
            body=(
                f"{stay.person.full_name} skrevs ut {discharged:%Y-%m-%d} "
                f"({timezone.localtime(discharged):%H:%M}). Ring mellan "
                f"{timezone.localtime(call.due_from):%Y-%m-%d %H:%M} och "
                f"{timezone.localtime(call.due_by):%Y-%m-%d %H:%M} och markera samtalet som gjort "
                "på vårdtillfällets sida."
            ),
            person=stay.person,
            sender_unit=stay.ward,
            sender_name=stay.ward.name,
            idempotency_key=f"transitions.{KIND}:{stay.pk}",
            purpose=Purpose.DISCHARGE_PLANNING,
            due_at=call.due_by,
            source=stay_source(stay),
            actor=actor,
            now=now,
        )
    except MessagingError:  # a closed unit: the call stays on the worklist of nobody's inbox
        return call
    call.inbox_item = item
    call.save(update_fields=["inbox_item"])
    return call


@transaction.atomic
def mark_done(*, actor: Actor, user, call: FollowUpCall, note: str = "", now=None) -> FollowUpCall:
    """The call was made: who and when. A second click returns the call unchanged."""
    now = now or timezone.now()
    # Only the call is locked: a correction of the stay must not wait for a call being marked.
    call = lock_row(FollowUpCall.objects.select_related("stay"), pk=call.pk)
    if call.done_at is not None:
        return call
    if call.unit_id not in subject_for(user, on=timezone.localdate()).unit_ids:
        raise NotAllowed(f"Samtalet görs av {call.unit.name}.")
    call.done_at, call.done_by = now, user
    call.done_by_name = (user.get_full_name() or user.get_username())[:200]
    call.note = " ".join(note.split())[:500]
    call.save(update_fields=["done_at", "done_by", "done_by_name", "note"])
    if call.inbox_item_id is not None:
        # Acknowledged already by a colleague: the call is still done.
        with contextlib.suppress(MessagingError):
            messaging.acknowledge(item=call.inbox_item, user=user, actor=actor, now=now)
    record(
        actor,
        action=AuditAction.CHANGE,
        person_id=call.stay.person_id,
        object_type="stay",
        object_id=call.stay_id,
        purpose=Purpose.DISCHARGE_PLANNING,
        detail="uppföljande samtal efter utskrivning gjort",
    )
    return call


def flag_readmission(stay: InpatientStay) -> Readmission | None:
    """Called at admission: an acute stay within the window of the person's latest discharge."""
    if stay.admission_type != AdmissionType.ACUTE:
        return None
    index = (
        InpatientStay.objects.filter(
            person=stay.person, discharged_at__isnull=False, discharged_at__lte=stay.admitted_at
        )
        .exclude(pk=stay.pk)
        .order_by("-discharged_at")
        .first()
    )
    if index is None:
        return None
    days = (timezone.localdate(stay.admitted_at) - timezone.localdate(index.discharged_at)).days
    if days > config.readmission_days():
        return None
    return Readmission.objects.create(index_stay=index, new_stay=stay, days=days)


def calls_open(unit_ids) -> QuerySet[FollowUpCall]:
    return (
        FollowUpCall.objects.filter(unit_id__in=unit_ids, done_at__isnull=True)
        .select_related("stay__person", "stay__ward", "unit")
        .order_by("due_by", "pk")
    )


def readmission_flags(stay: InpatientStay) -> dict:
    """For the stay's page: the stay it re-admits after, and the readmissions after it."""
    return {
        "readmission_of": Readmission.objects.filter(new_stay=stay)
        .select_related("index_stay")
        .first(),
        "readmitted": list(Readmission.objects.filter(index_stay=stay).select_related("new_stay")),
    }
