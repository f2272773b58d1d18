"""The digital reception in Follow-up's snapshot: table `reception_requests` (docs/snapshot.md).

One row per request: the person's pseudonym, the receiving health centre's HSA-id, when it was
sent and first answered by staff (UTC), the care-guarantee reason class, urgency 1–3, channel and
status. No free text leaves: not the description, not the chat. An installation where nobody
ever used the reception writes no table ("no data"), not an empty one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC

import pyarrow as pa

from navet.followup.contract import arrow_schema
from navet.reception.models import ReceptionRequest

TABLE = "reception_requests"


def reception_tables(person: Callable[[int], str], unit_ids: dict[int, str]) -> dict[str, pa.Table]:
    rows = list(
        ReceptionRequest.objects.order_by("pk").values_list(
            "person",
            "unit",
            "created_at",
            "first_assessed_at",
            "reason_class",
            "urgency",
            "channel",
            "status",
        )
    )
    if not rows:
        return {}
    columns = {
        "person_key": [person(r[0]) for r in rows],
        "unit_id": [unit_ids[r[1]] for r in rows],
        "created_time": [r[2].astimezone(UTC) for r in rows],
        "first_assessed_time": [r[3].astimezone(UTC) if r[3] else None for r in rows],
        "reason_class": [r[4] for r in rows],
        "urgency": [r[5] for r in rows],
        "channel": [r[6] for r in rows],
        "status": [r[7] for r in rows],
    }
    return {TABLE: pa.Table.from_pydict(columns, schema=arrow_schema(TABLE))}
