"""Home monitoring in Follow-up's snapshot: `monitoring_enrolments`, `monitoring_measurements`
and `monitoring_alerts` (docs/snapshot.md).

Measurements leave as structured values: the measure, its code (LOINC or Navet's), the UCUM
unit, the value and the time. No free text (the enrolment's reason, an alert's action) and no
device labels or tokens leave. No tables when nobody was ever enrolled ("no data")."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pyarrow as pa

from navet.followup.contract import arrow_schema
from navet.monitoring.measures import MEASURES
from navet.monitoring.models import Alert, Enrolment, Measurement

CHUNK = 50_000


def _utc(value: datetime | None) -> datetime | None:
    return value.astimezone(UTC) if value is not None else None


def _table(name: str, columns: dict) -> pa.Table:
    return pa.Table.from_pydict(columns, schema=arrow_schema(name))


def monitoring_tables(
    person: Callable[[int], str], unit_ids: dict[int, str], keyed: Callable[[str], str]
) -> dict[str, pa.Table]:
    enrolments = list(
        Enrolment.objects.order_by("pk").values_list(
            "pk", "person", "unit", "started_at", "ended_at"
        )
    )
    if not enrolments:
        return {}
    key = {e[0]: keyed(f"monitoring:{e[0]}") for e in enrolments}
    owner = {e[0]: person(e[1]) for e in enrolments}
    tables = {
        "monitoring_enrolments": _table(
            "monitoring_enrolments",
            {
                "enrolment_key": [key[e[0]] for e in enrolments],
                "person_key": [owner[e[0]] for e in enrolments],
                "unit_id": [unit_ids[e[2]] for e in enrolments],
                "started_time": [_utc(e[3]) for e in enrolments],
                "ended_time": [_utc(e[4]) for e in enrolments],
            },
        )
    }
    parts = []
    batch: list[tuple] = []
    values = Measurement.objects.order_by("pk").values_list(
        "enrolment", "measure", "unit", "value", "effective_at", "source"
    )
    for row in values.iterator(chunk_size=CHUNK):
        batch.append(row)
        if len(batch) == CHUNK:
            parts.append(_measurements(batch, key, owner))
            batch = []
    if batch or not parts:
        parts.append(_measurements(batch, key, owner))
    tables["monitoring_measurements"] = pa.concat_tables(parts).combine_chunks()
    alerts = list(
        Alert.objects.order_by("pk").values_list(
            "enrolment", "unit", "measurement__measure", "measurement__value", "created_at",
            "acknowledged_at",
        )
    )  # fmt: skip
    tables["monitoring_alerts"] = _table(
        "monitoring_alerts",
        {
            "enrolment_key": [key[a[0]] for a in alerts],
            "person_key": [owner[a[0]] for a in alerts],
            "unit_id": [unit_ids[a[1]] for a in alerts],
            "measure": [a[2] for a in alerts],
            "measure_code": [MEASURES[a[2]].code for a in alerts],
            "value": [float(a[3]) for a in alerts],
            "raised_time": [_utc(a[4]) for a in alerts],
            "acknowledged_time": [_utc(a[5]) for a in alerts],
        },
    )
    return tables


def _measurements(rows: list[tuple], key: dict, owner: dict) -> pa.Table:
    return _table(
        "monitoring_measurements",
        {
            "enrolment_key": [key[r[0]] for r in rows],
            "person_key": [owner[r[0]] for r in rows],
            "measure": [r[1] for r in rows],
            "measure_code": [MEASURES[r[1]].code for r in rows],
            "ucum_unit": [r[2] for r in rows],
            "value": [float(r[3]) for r in rows],
            "effective_time": [_utc(r[4]) for r in rows],
            "source": [r[5] for r in rows],
        },
    )
