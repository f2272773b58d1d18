"""Mobile teams in Follow-up's snapshot: `mobile_requests` and `mobile_visits` (docs/snapshot.md).

No free text leaves (reason, advice, findings, actions, the sender's name): only codes, times,
units and the 7-day outcome, computed here as `selectors.outcome_check` computes it (ED visits and
admissions after the visit and at most N days later), for the visits whose N days have passed
when the snapshot is taken. No table when no request was ever made ("no data")."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pyarrow as pa

from navet.activity.models import EdVisit, InpatientEpisode
from navet.followup.contract import arrow_schema
from navet.mobile import config
from navet.mobile.models import HomeVisit, MobileRequest


def _utc(value: datetime | None) -> datetime | None:
    return value.astimezone(UTC) if value is not None else None


def _triage(status: str) -> str | None:
    triage = {"accepted": "accepted", "visited": "accepted", "advised": "advised"}
    return triage.get(status, "declined" if status == "declined" else None)


def _moments_by_person(model, field: str, persons: set[int]) -> dict[int, list[datetime]]:
    found: dict[int, list[datetime]] = defaultdict(list)
    rows = model.objects.filter(person_id__in=persons).values_list("person_id", field)
    for person, moment in rows.iterator(chunk_size=10_000):
        found[person].append(moment)
    for moments in found.values():
        moments.sort()
    return found


def _within(moments: list[datetime], start: datetime, end: datetime) -> bool:
    i = bisect_right(moments, start)
    return i < len(moments) and moments[i] <= end


def mobile_tables(
    person: Callable[[int], str],
    unit_ids: dict[int, str],
    keyed: Callable[[str], str],
    *,
    now: datetime,
) -> dict[str, pa.Table]:
    rows = list(
        MobileRequest.objects.order_by("pk").values_list(
            "pk", "person", "team", "channel", "from_unit", "urgency", "received_at",
            "status", "triaged_at", "planned_at",
        )
    )  # fmt: skip
    if not rows:
        return {}
    key = {r[0]: keyed(f"mobile:{r[0]}") for r in rows}
    requests = {
        "request_key": [key[r[0]] for r in rows],
        "person_key": [person(r[1]) for r in rows],
        "unit_id": [unit_ids[r[2]] for r in rows],
        "channel": [r[3] for r in rows],
        "from_unit_id": [unit_ids[r[4]] if r[4] else None for r in rows],
        "urgency": [r[5] for r in rows],
        "received_time": [_utc(r[6]) for r in rows],
        "triage": [_triage(r[7]) for r in rows],
        "triaged_time": [_utc(r[8]) for r in rows],
        "planned_time": [_utc(r[9]) for r in rows],
        "status": [r[7] for r in rows],
    }
    visits = list(
        HomeVisit.objects.order_by("request_id").values_list(
            "request_id", "request__person", "request__team", "visited_at", "outcome"
        )
    )
    persons = {v[1] for v in visits}
    ed = _moments_by_person(EdVisit, "arrival_time", persons)
    admitted = _moments_by_person(InpatientEpisode, "admission_time", persons)
    window = timedelta(days=config.outcome_days())

    def outcome(found: dict, v) -> bool | None:
        if now < v[3] + window:
            return None  # the N days have not passed yet
        return _within(found.get(v[1], []), v[3], v[3] + window)

    visit_columns = {
        "request_key": [key[v[0]] for v in visits],
        "person_key": [person(v[1]) for v in visits],
        "unit_id": [unit_ids[v[2]] for v in visits],
        "visited_time": [_utc(v[3]) for v in visits],
        "outcome": [v[4] for v in visits],
        "ed_visit_within_7d": [outcome(ed, v) for v in visits],
        "admitted_within_7d": [outcome(admitted, v) for v in visits],
    }
    return {
        "mobile_requests": pa.Table.from_pydict(requests, schema=arrow_schema("mobile_requests")),
        "mobile_visits": pa.Table.from_pydict(visit_columns, schema=arrow_schema("mobile_visits")),
    }
