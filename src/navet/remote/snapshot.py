"""The digital waiting room in Follow-up's snapshot: table `consultations` (docs/snapshot.md).

One row per consultation: urgency, the queue (the asked unit and whether it was the person's
health centre or the on-call unit), when it was asked, its deadline, picked up, answered and
escalated. No free text (question, vital signs, advice, orders) and no names leave. No table when
no consultation was ever asked ("no data")."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pyarrow as pa

from navet.followup.contract import arrow_schema
from navet.remote.models import Consultation


def _utc(value: datetime | None) -> datetime | None:
    return value.astimezone(UTC) if value is not None else None


def consultation_tables(
    person: Callable[[int], str], unit_ids: dict[int, str], keyed: Callable[[str], str]
) -> dict[str, pa.Table]:
    rows = list(
        Consultation.objects.order_by("pk").values_list(
            "pk", "person", "asking_unit", "to_unit", "target", "urgency", "created_at",
            "due_at", "picked_at", "answered_at", "escalated_at", "status", "visit_needed",
        )
    )  # fmt: skip
    if not rows:
        return {}
    columns = {
        "consultation_key": [keyed(f"consultation:{r[0]}") for r in rows],
        "person_key": [person(r[1]) for r in rows],
        "asking_unit_id": [unit_ids[r[2]] for r in rows],
        "unit_id": [unit_ids[r[3]] for r in rows],
        "target": [r[4] for r in rows],
        "urgency": [r[5] for r in rows],
        "created_time": [_utc(r[6]) for r in rows],
        "due_time": [_utc(r[7]) for r in rows],
        "picked_time": [_utc(r[8]) for r in rows],
        "answered_time": [_utc(r[9]) for r in rows],
        "escalated_time": [_utc(r[10]) for r in rows],
        "status": [r[11] for r in rows],
        "visit_needed": [r[12] for r in rows],
    }
    return {"consultations": pa.Table.from_pydict(columns, schema=arrow_schema("consultations"))}
