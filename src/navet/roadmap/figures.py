"""Computed indicator figures for the roadmap: the one place where Follow-up's stored results are
read.

`latest_values` answers, for each indicator id, the latest computed value with its period, data
date and trend. **Follow-up does not store computed results yet**, so today every figure is
missing and the UI says "Inga beräknade resultat ännu" — never zero. When the stored results land,
replace the body of `latest_values` (keep its signature): the activity page, the overview and the
reports read figures through it and nothing else.

Units: Follow-up's shares are 0–1; a `Figure.value` is in the target's unit, so a share is
returned as a percentage (0.76 → 76).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

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

    @property
    def available(self) -> bool:
        return self.value is not None


def latest_values(
    indicator_ids: Iterable[str],
    *,
    county_code: str,
    level: str = "county",
    level_value: str | None = None,
) -> dict[str, Figure]:
    """The latest computed figure per indicator for a county (or a subarea, municipality or
    unit: `level`, `level_value` as in Follow-up's result table). Ids without results get a
    Figure without value whose note says so."""
    return {indicator_id: Figure(indicator_id) for indicator_id in dict.fromkeys(indicator_ids)}
