"""The stays and notices of safe discharge as the snapshot's optional tables `stays` and
`notices` (docs/snapshot.md), for `./navet snapshot` (navet.followup.export).

The caller passes the pseudonym of each person and the HSA-id of each unit; nothing here names
a person. What feeds each column, and which columns wait for parts not built yet (the SIP call,
the discharge notice), is in docs/transitions.md ("In the snapshot").
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pyarrow as pa
from django.utils import timezone

from navet.residents.models import NamedContact, NamedContactRole
from navet.synth.discharge import DISCHARGE_SCHEMAS
from navet.transitions import config
from navet.transitions.models import Destination, InpatientStay, Notice, NoticeKind

# The contract's destinations (those of `episodes`); home care is still "home" there.
DESTINATIONS = {Destination.HOME_WITH_HOME_CARE: "home"}


def _utc(value: datetime | None) -> datetime | None:
    return value.astimezone(UTC) if value is not None else None


def _table(name: str, rows: list[dict]) -> pa.Table:
    schema = DISCHARGE_SCHEMAS[name]
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


def snapshot_tables(person_key: Callable[[int], str], unit_ids: dict[int, str]) -> dict:
    """{"stays": …, "notices": …} as Arrow tables of the contract."""
    stays = list(InpatientStay.objects.select_related("activity_episode").order_by("pk"))
    named = _named_care_on_discharge(stays)
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
            "sip_call_required": None,  # recorded by the SIP call when it is built
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
    return {"stays": _table("stays", stay_rows), "notices": _table("notices", notice_rows)}
