"""Shared deviations in Follow-up's snapshot: table `deviations` (docs/snapshot.md).

One row per deviation: the person's pseudonym (empty for a routine), category, severity, the
reporting and the responsible principal and unit (HSA-id), the case kind, the event, report,
reception and closing times (UTC), status, the lex Maria / lex Sarah flag and how many times it
was forwarded. No free text leaves: not the description, the measures, the conclusion or the
comments. An installation where nobody reported a deviation writes no table ("no data")."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import UTC

import pyarrow as pa

from navet.deviations.models import Deviation, DeviationEvent, EventKind
from navet.followup.contract import arrow_schema

TABLE = "deviations"


def deviation_tables(person: Callable[[int], str], unit_ids: dict[int, str]) -> dict[str, pa.Table]:
    rows = list(
        Deviation.objects.order_by("pk").values_list(
            "pk",
            "person",
            "category",
            "severity",
            "reporting_unit__principal__kind",
            "reporting_unit",
            "responsible_unit__principal__kind",
            "responsible_unit",
            "case_kind",
            "occurred_at",
            "reported_at",
            "received_at",
            "closed_at",
            "status",
            "escalation",
        )
    )
    if not rows:
        return {}
    forwards = Counter(
        DeviationEvent.objects.filter(kind=EventKind.FORWARDED).values_list(
            "deviation_id", flat=True
        )
    )

    def utc(value):
        return value.astimezone(UTC) if value else None

    columns = {
        "deviation_id": [f"deviation-{r[0]}" for r in rows],
        "person_key": [person(r[1]) if r[1] else None for r in rows],
        "category": [r[2] for r in rows],
        "severity": [r[3] for r in rows],
        "reporting_principal": [r[4] for r in rows],
        "reporting_unit_id": [unit_ids[r[5]] for r in rows],
        "responsible_principal": [r[6] for r in rows],
        "responsible_unit_id": [unit_ids[r[7]] for r in rows],
        "case_kind": [r[8] or None for r in rows],
        "occurred_time": [utc(r[9]) for r in rows],
        "reported_time": [utc(r[10]) for r in rows],
        "received_time": [utc(r[11]) for r in rows],
        "closed_time": [utc(r[12]) for r in rows],
        "status": [r[13] for r in rows],
        "escalation": [r[14] or None for r in rows],
        "forwarded": [forwards.get(r[0], 0) for r in rows],
    }
    return {TABLE: pa.Table.from_pydict(columns, schema=arrow_schema(TABLE))}
