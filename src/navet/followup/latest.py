"""Follow-up's stored results for other apps: the latest value of an indicator for a place.

    latest_values(["named_doctor_coverage"], county_code="19", period=(start, end))

Other apps (the roadmap's activity page and reports) read computed figures only through this
selector, never through `IndicatorResult`. It reads the stored period rows (never the calendar
months) of the successful runs, newest run first, for the place's total (no breakdown), so it
returns aggregate values only; a cell hidden by small-cell suppression comes back without value
and says so — the suppression done by the run is kept, never undone here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from navet.followup.models import IndicatorResult, IndicatorRun, ResultKind, RunStatus

NOT_COMPUTED = "Inga beräknade resultat ännu"
NOT_IN_PERIOD = "Inga beräknade resultat för perioden"


@dataclass(frozen=True)
class StoredValue:
    indicator_id: str
    value: float | None = None  # as stored: a share is 0–1
    numerator: float | None = None
    denominator: float | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    data_date: dt.date | None = None  # the day of the snapshot the run computed from
    run_id: int | None = None
    trend: tuple[tuple[dt.date, float], ...] = ()  # (period end, value), oldest first
    note: str = NOT_COMPUTED  # why there is no value (Swedish); the run's note otherwise


def data_date(run: IndicatorRun) -> dt.date | None:
    """The snapshot's day (what the figures describe), else the day the run finished."""
    try:
        return dt.datetime.fromisoformat(run.snapshot_created).date()
    except ValueError:
        return run.finished_at.date() if run.finished_at else None


def latest_values(
    indicator_ids: Iterable[str],
    *,
    county_code: str,
    level: str = "county",
    level_value: str | None = None,
    period: tuple[dt.date, dt.date] | None = None,
) -> dict[str, StoredValue]:
    """Per indicator id, the newest stored period row for the place: from the newest
    successful run that has one, the period ending latest (within `period` when given: a
    period row counts when its last day falls inside). Ids without such a row get a
    StoredValue without value whose note says why."""
    ids = list(dict.fromkeys(indicator_ids))
    place = level_value if level_value is not None else county_code
    rows = IndicatorResult.objects.filter(
        run__status=RunStatus.SUCCEEDED,
        indicator__in=ids,
        kind=ResultKind.PERIOD,
        level=level,
        level_value=place,
        breakdown="total",
    ).select_related("run")
    if period is not None:
        rows = rows.filter(period_end__gte=period[0], period_end__lte=period[1])
    chosen: dict[str, list[IndicatorResult]] = {}
    for row in rows.order_by("-run__finished_at", "-run_id", "period_end"):
        same_run = chosen.setdefault(row.indicator, [row])
        if same_run[0].run_id == row.run_id and same_run[-1] is not row:
            same_run.append(row)
    missing = NOT_COMPUTED if period is None else NOT_IN_PERIOD
    return {i: _value(chosen[i]) if i in chosen else StoredValue(i, note=missing) for i in ids}


def _value(rows: list[IndicatorResult]) -> StoredValue:
    latest = rows[-1]
    trend = tuple((r.period_end, r.value) for r in rows if r.value is not None)
    note = latest.note
    if latest.value is None and not note:
        note = "Dold eller inte beräkningsbar för perioden"
    return StoredValue(
        indicator_id=latest.indicator,
        value=latest.value,
        numerator=latest.numerator,
        denominator=latest.denominator,
        period_start=latest.period_start,
        period_end=latest.period_end,
        data_date=data_date(latest.run),
        run_id=latest.run_id,
        trend=trend,
        note=note,
    )
