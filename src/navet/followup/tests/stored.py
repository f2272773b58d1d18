"""Stored runs for view tests, without the engine: a small result table written straight into
IndicatorRun/IndicatorResult (the engine's own storage is tested in test_runs.py)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from django.utils import timezone

from navet.followup import runs
from navet.followup.days import Period
from navet.followup.models import IndicatorRun, ResultKind, RunStatus, RunTrigger
from navet.followup.registry import REGISTRY

PREVIOUS = Period(dt.date(2024, 1, 1), dt.date(2024, 12, 31))
LATEST = Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
PLACES = [
    ("county", "19"),
    ("subarea", "Nod Västerås"),
    ("subarea", "Nod Sala"),
    ("municipality", "1980"),
    ("municipality", "1981"),
    ("unit", "HC1"),
    ("unit", "HC2"),
]
LABELS = {
    "county": {"19": "Västmanlands län"},
    "municipality": {"1980": "Västerås", "1981": "Sala"},
    "unit": {"HC1": "Vårdcentralen Skiljebo", "HC2": "Vårdcentralen Väsby"},
}


def _rows(indicator_id: str, period: Period, kind: str, base: float) -> list[dict]:
    indicator = REGISTRY[indicator_id]
    rows = []
    for n, (level, value) in enumerate(PLACES):
        if level not in indicator.levels:
            continue
        for breakdown in indicator.breakdowns[:2]:  # total and sex are enough here
            values = ["total"] if breakdown == "total" else ["F", "M"]
            for m, breakdown_value in enumerate(values):
                den = 200.0 - 20 * n - 10 * m
                num = round(den * (base + 0.01 * n), 0)
                hidden = level == "unit" and value == "HC2" and breakdown_value == "M"
                rows.append(
                    {
                        "indicator": indicator_id,
                        "period_start": period.start,
                        "period_end": period.end,
                        "level": level,
                        "level_value": value,
                        "breakdown": breakdown,
                        "breakdown_value": breakdown_value,
                        "numerator": np.nan if hidden else num,
                        "denominator": np.nan if hidden else den,
                        "value": np.nan if hidden else num / den,
                        "suppressed": hidden,
                        "status": "ok",
                        "note": "Dold: färre än 5 personer." if hidden else "",
                        "kind": kind,
                    }
                )
    return rows


def stored_run(
    indicators=("named_doctor_coverage", "phone_answered_same_day"), *, finished=None
) -> IndicatorRun:
    """A succeeded run: 2024 and 2025 with their months; coverage grows from 50 % to 60 %."""
    run = runs.request_run(
        trigger=RunTrigger.COMMAND, options=runs.RunOptions(period_end=LATEST.end)
    )
    rows = []
    for indicator_id in indicators:
        for offset, period in enumerate((PREVIOUS, LATEST)):
            base = 0.5 + 0.1 * offset
            rows += _rows(indicator_id, period, ResultKind.PERIOD, base)
            for i, month in enumerate(period.months()):
                rows += _rows(indicator_id, month, ResultKind.MONTH, base + 0.005 * i)
    count = runs.store(run, pd.DataFrame(rows))
    run.status = RunStatus.SUCCEEDED
    run.active = None
    run.started_at = run.created_at
    run.finished_at = finished or timezone.now()
    run.county_code = "19"
    run.labels = LABELS
    run.row_count = count
    run.parameters = {i: {p.name: p.default for p in REGISTRY[i].parameters} for i in indicators}
    run.snapshot_created = "2026-01-01T02:00:00+00:00"
    run.save()
    return run
