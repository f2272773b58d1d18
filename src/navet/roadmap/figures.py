"""Computed indicator figures for the roadmap: the one place where Follow-up's stored results are
read, through Follow-up's selector `navet.followup.latest.latest_values`.

`latest_values` answers, for each indicator id, the latest computed value with its period, data
date (the snapshot's day) and trend; without a stored result the figure has no value and a note
("Inga beräknade resultat ännu", or "… för perioden" when a period was asked for) — never zero.
The activity page and the reports read figures through it and nothing else.

Units: Follow-up's shares are 0–1; a `Figure.value` is in the target's unit, so a share is
returned as a percentage (0.76 → 76).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from navet.roadmap.catalogue import indicator_catalogue
from navet.roadmap.models import TargetUnit

NO_RESULTS = "Inga beräknade resultat ännu"


@dataclass(frozen=True)
class Figure:
    indicator_id: str
    value: float | None = None  # in the target's unit (percent for shares)
    period_start: date | None = None
    period_end: date | None = None
    data_date: date | None = None  # the snapshot the result was computed from
    trend: tuple[tuple[date, float], ...] = ()  # (period end, value), oldest first
    note: str = NO_RESULTS  # why there is no value (Swedish), empty when there is one
    numerator: float | None = None
    denominator: float | None = None

    @property
    def available(self) -> bool:
        return self.value is not None


def latest_values(
    indicator_ids: Iterable[str],
    *,
    county_code: str,
    level: str = "county",
    level_value: str | None = None,
    period: tuple[date, date] | None = None,
) -> dict[str, Figure]:
    """The latest computed figure per indicator for a county (or a subarea, municipality or
    unit: `level`, `level_value` as in Follow-up's result table), within `period` when given.
    Ids without results get a Figure without value whose note says so."""
    from navet.followup.latest import latest_values as stored_values

    ids = list(dict.fromkeys(indicator_ids))
    stored = stored_values(
        ids, county_code=county_code, level=level, level_value=level_value, period=period
    )
    return {i: _figure(stored[i], _is_share(i)) for i in ids}


def _is_share(indicator_id: str) -> bool:
    info = indicator_catalogue().get(indicator_id)
    return info is not None and info.target_unit == TargetUnit.PERCENT


def _figure(stored, share: bool) -> Figure:
    def unit(value: float | None) -> float | None:
        return None if value is None else (value * 100 if share else value)

    return Figure(
        indicator_id=stored.indicator_id,
        value=unit(stored.value),
        period_start=stored.period_start,
        period_end=stored.period_end,
        data_date=stored.data_date,
        trend=tuple((end, unit(value)) for end, value in stored.trend),
        note="" if stored.value is not None else stored.note,
        numerator=stored.numerator,
        denominator=stored.denominator,
    )
