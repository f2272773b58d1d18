"""The stays and notices of safe discharge as the snapshot's optional tables `stays` and
`notices` (docs/snapshot.md), for `./navet snapshot` (navet.followup.export).

The caller passes the pseudonym of each person and the HSA-id of each unit; nothing here names
a person. What feeds each column is in docs/transitions.md ("In the snapshot").
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta

import pyarrow as pa
from django.utils import timezone

from navet.followup.contract import arrow_schema
from navet.residents.models import NamedContact, NamedContactRole
from navet.transitions import config
from navet.transitions.models import (
    Destination,
    DischargeNotice,
    InpatientStay,
    Notice,
    NoticeKind,
    SipCall,
)

# The contract's destinations (those of `episodes`); home care is still "home" there.
DESTINATIONS = {Destination.HOME_WITH_HOME_CARE: "home"}


def _utc(value: datetime | None) -> datetime | None:
    return value.astimezone(UTC) if value is not None else None


def _table(name: str, rows: list[dict]) -> pa.Table:
    schema = arrow_schema(name)
    return pa.Table.from_pylist([{f.name: row[f.name] for f in schema} for row in rows], schema)


def _named_care_on_discharge(stays: list[InpatientStay]) -> set[int]:
    """Ids of the discharged stays whose patient had a named care contact on the (local)
    discharge day."""
    discharged = [s for s in stays if s.discharged_at is not None]
    contacts: dict[int, list[tuple]] = {}
    for person, valid_from, valid_to in NamedContact.objects.filter(
        role=NamedContactRole.NAMED_CARE_CONTACT,
        person__in={s.person_id for s in discharged},
    ).values_list("person", "valid_from", "valid_to"):
        contacts.setdefault(person, []).append((valid_from, valid_to))
    found = set()
    for stay in discharged:
        day = timezone.localdate(stay.discharged_at)
        periods = contacts.get(stay.person_id, [])
        if any(start <= day and (end is None or end >= day) for start, end in periods):
            found.add(stay.pk)
    return found


def _end_of_local_day(moment: datetime) -> datetime:
    """The discharge notice is due no later than the discharge day: its local midnight."""
    day = timezone.localdate(moment) + timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, time.min))


def _sip_call_rows(stays, person_key, unit_ids) -> list[dict]:
    """One `sip_call` row per stay that needed one: due 3 days after the ready notice, sent when
    the health centre sent the invitation (null: not yet); the health centre is the unit."""
    by_stay = {s.pk: s for s in stays}
    rows = []
    for call in SipCall.objects.order_by("stay_id"):
        stay = by_stay[call.stay_id]
        rows.append(
            {
                "stay_id": f"stay-{stay.pk}",
                "person_key": person_key(stay.person_id),
                "kind": "sip_call",
                "unit_id": unit_ids.get(call.health_centre_id),
                "sender_unit_id": unit_ids.get(call.health_centre_id),
                "due_time": _utc(stay.ready_at + config.sip_call_deadline())
                if stay.ready_at
                else None,
                "sent_time": _utc(call.sent_at),
                "acknowledged_time": None,
            }
        )
    return rows


def _discharge_notice_rows(stays, person_key, unit_ids) -> list[dict]:
    """One `discharge_notice` row per discharged stay and unit that got its admission notice:
    due at the end of the local discharge day; a unit never told is a row never sent."""
    sent = {
        (n.stay_id, n.unit_id): n
        for n in DischargeNotice.objects.select_related("inbox_item").order_by("sent_at", "pk")
    }
    receivers: dict[int, set[int]] = {}
    for stay_id, unit_id in Notice.objects.filter(kind=NoticeKind.ADMISSION).values_list(
        "stay", "unit"
    ):
        receivers.setdefault(stay_id, set()).add(unit_id)
    for stay_id, unit_id in sent:
        receivers.setdefault(stay_id, set()).add(unit_id)
    rows = []
    for stay in stays:
        if stay.discharged_at is None:
            continue
        for unit_id in sorted(receivers.get(stay.pk, ())):
            notice = sent.get((stay.pk, unit_id))
            rows.append(
                {
                    "stay_id": f"stay-{stay.pk}",
                    "person_key": person_key(stay.person_id),
                    "kind": "discharge_notice",
                    "unit_id": unit_ids[unit_id],
                    "sender_unit_id": unit_ids[stay.ward_id],
                    "due_time": _utc(_end_of_local_day(stay.discharged_at)),
                    "sent_time": _utc(notice.sent_at) if notice else None,
                    "acknowledged_time": _utc(notice.inbox_item.acknowledged_at)
                    if notice
                    else None,
                }
            )
    return rows


def snapshot_tables(person_key: Callable[[int], str], unit_ids: dict[int, str]) -> dict:
    """{"stays": …, "notices": …} as Arrow tables of the contract."""
    stays = list(InpatientStay.objects.select_related("activity_episode").order_by("pk"))
    named = _named_care_on_discharge(stays)
    needs_sip = set(SipCall.objects.values_list("stay", flat=True))
    stay_rows = [
        {
            "stay_id": f"stay-{s.pk}",
            "person_key": person_key(s.person_id),
            "unit_id": unit_ids[s.ward_id],
            "episode_id": s.activity_episode.source_id if s.activity_episode else None,
            "admission_time": _utc(s.admitted_at),
            "needs_assessed_time": _utc(s.needs_assessed_at),
            "ready_time": _utc(s.ready_at),
            "discharge_time": _utc(s.discharged_at),
            "discharge_destination": DESTINATIONS.get(s.destination, s.destination or None),
            "sip_call_required": s.pk in needs_sip,
            "named_care_contact_at_discharge": (s.pk in named) if s.discharged_at else None,
        }
        for s in stays
    ]
    notices = Notice.objects.select_related("stay", "inbox_item").order_by("stay", "sent_at", "pk")
    notice_rows = [
        {
            "stay_id": f"stay-{n.stay_id}",
            "person_key": person_key(n.stay.person_id),
            "kind": n.kind,
            "unit_id": unit_ids[n.unit_id],
            "sender_unit_id": unit_ids[n.stay.ward_id],
            "due_time": _utc(n.due_at),
            "sent_time": _utc(n.sent_at),
            "acknowledged_time": _utc(n.inbox_item.acknowledged_at),
        }
        for n in notices
    ]
    # A stay whose need was assessed but whose admission notice reached no one (no intake unit,
    # no listing): one row without receiver and never sent, so that it counts as late.
    notified = set(Notice.objects.filter(kind=NoticeKind.ADMISSION).values_list("stay", flat=True))
    for s in stays:
        if s.needs_assessed_at is not None and s.pk not in notified:
            trigger = max(s.admitted_at, s.needs_assessed_at)
            notice_rows.append(
                {
                    "stay_id": f"stay-{s.pk}",
                    "person_key": person_key(s.person_id),
                    "kind": NoticeKind.ADMISSION.value,
                    "unit_id": None,
                    "sender_unit_id": unit_ids[s.ward_id],
                    "due_time": _utc(trigger + config.notice_deadline()),
                    "sent_time": None,
                    "acknowledged_time": None,
                }
            )
    notice_rows += _sip_call_rows(stays, person_key, unit_ids)
    notice_rows += _discharge_notice_rows(stays, person_key, unit_ids)
    return {"stays": _table("stays", stay_rows), "notices": _table("notices", notice_rows)}
