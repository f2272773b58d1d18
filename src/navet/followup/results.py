"""From aggregated cells to result rows: every key present once, values, suppression, status.

All of this works on a few thousand rows in pandas, after the engine has done the heavy part, so
it is shared by every engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from navet.followup import suppression
from navet.followup.days import Period
from navet.followup.inputs import AGE_BANDS
from navet.followup.registry import LEVELS, Indicator, Unit

RESULT_COLUMNS = (
    "indicator",
    "period_start",
    "period_end",
    "level",
    "level_value",
    "breakdown",
    "breakdown_value",
    "numerator",
    "denominator",
    "value",
    "suppressed",
    "status",
    "note",
)
LIVING_SITUATIONS = ("own_home", "home_care", "nursing_home", "short_term_stay")
VISIT_BANDS = ("4-9", "10-19", "20+")
BREAKDOWN_VALUES = {
    "total": ("total",),
    "sex": ("F", "M"),
    "age_band": tuple(band for band, _ in AGE_BANDS),
    "living_situation": LIVING_SITUATIONS,
    "visit_band": VISIT_BANDS,
}
NOTE_SMALL = "Dold: färre än {k} personer."
NOTE_COMPLEMENT = "Dold för att en annan dold cell inte ska kunna räknas fram."
NOTE_ZERO_DENOMINATOR = "Nämnaren är noll."


@dataclass
class Places:
    """The geography and units a snapshot knows, for the full set of result keys."""

    municipalities: list[str]
    subarea_of: dict[str, str]  # municipality → subarea
    units: pd.DataFrame  # unit_id, kind, municipality
    unit_county: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        self.unit_county = dict(
            zip(self.units.unit_id, self.units.municipality.str[:2], strict=True)
        )

    def values(self, level: str, indicator: Indicator) -> list[str]:
        if level == "municipality":
            return list(self.municipalities)
        if level == "subarea":
            return sorted(set(self.subarea_of.values()))
        if level == "county":
            return sorted({m[:2] for m in self.municipalities})
        kinds = set(indicator.unit_kinds)
        return sorted(self.units.unit_id[self.units.kind.isin(kinds)])

    def parents(self, frame: pd.DataFrame) -> dict[str, dict[str, list[tuple[str, str]]]]:
        """Geographic parents of every cell in `frame` (see suppression.groups)."""
        result: dict[str, dict[str, list[tuple[str, str]]]] = {}
        subarea_county: dict[str, str] = {}
        for municipality, subarea in self.subarea_of.items():
            subarea_county.setdefault(subarea, municipality[:2])
        for level, value in (
            frame[["level", "level_value"]].drop_duplicates().itertuples(index=False, name=None)
        ):
            if level == "municipality":
                links = [("county", value[:2])]
                if value in self.subarea_of:
                    links.insert(0, ("subarea", self.subarea_of[value]))
            elif level == "subarea" and value in subarea_county:
                links = [("county", subarea_county[value])]
            elif level == "unit" and value in self.unit_county:
                links = [("county", self.unit_county[value])]
            else:
                continue
            result.setdefault(level, {})[value] = links
        return result


def _order(values, preferred) -> list[str]:
    known = [v for v in preferred if v in values]
    return known + sorted(set(values) - set(known))


def layout(indicator: Indicator, places: Places, observed: pd.DataFrame | None) -> pd.DataFrame:
    """Every (level, level_value, breakdown, breakdown_value) the indicator reports, in order:
    the snapshot's places and the usual breakdown values, plus any others the data hold."""
    seen_levels: dict[str, set] = {}
    seen_values: dict[str, set] = {}
    if observed is not None:
        for level, values in observed.groupby("level").level_value:
            seen_levels[level] = set(values)
        for breakdown, values in observed.groupby("breakdown").breakdown_value:
            seen_values[breakdown] = set(values)
    breakdown_keys = [
        (breakdown, value)
        for breakdown in indicator.breakdowns
        for value in _order(
            set(BREAKDOWN_VALUES[breakdown]) | seen_values.get(breakdown, set()),
            BREAKDOWN_VALUES[breakdown],
        )
    ]
    keys = [
        (level, value, breakdown, breakdown_value)
        for level in LEVELS
        if level in indicator.levels
        for value in sorted(set(places.values(level, indicator)) | seen_levels.get(level, set()))
        for breakdown, breakdown_value in breakdown_keys
    ]
    return pd.DataFrame(keys, columns=suppression.KEY)


def finish(
    indicator: Indicator,
    period: Period,
    cells: pd.DataFrame,
    places: Places,
    min_subjects: int,
) -> pd.DataFrame:
    frame = layout(indicator, places, cells)
    frame = frame.merge(cells, on=suppression.KEY, how="left")
    counts = ["num", "den", "num_subjects", "den_subjects"]
    frame[counts] = frame[counts].fillna(0)
    frame["numerator_only"] = frame.breakdown.isin(indicator.numerator_only_breakdowns)
    _denominator_from_total(frame)

    den = frame["den"].to_numpy(dtype=float)
    num = frame["num"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(den > 0, num / den * indicator.scale, np.nan)
    if indicator.unit is Unit.COUNT:
        value = num.copy()
    hidden, first = suppression.suppress(
        frame, indicator.suppress_on, min_subjects, places.parents(frame)
    )
    note = np.where(first, NOTE_SMALL.format(k=min_subjects), np.where(hidden, NOTE_COMPLEMENT, ""))
    note = np.where(~hidden & np.isnan(value), NOTE_ZERO_DENOMINATOR, note)

    out = pd.DataFrame(
        {
            "indicator": indicator.id,
            "period_start": period.start,
            "period_end": period.end,
            "level": frame.level,
            "level_value": frame.level_value,
            "breakdown": frame.breakdown,
            "breakdown_value": frame.breakdown_value,
            "numerator": np.where(hidden, np.nan, num),
            "denominator": np.where(hidden | (indicator.unit is Unit.COUNT), np.nan, den),
            "value": np.where(hidden, np.nan, value),
            "suppressed": hidden,
            "status": "ok",
            "note": note,
        }
    )
    return out[list(RESULT_COLUMNS)]


def _denominator_from_total(frame: pd.DataFrame) -> None:
    """A numerator-only breakdown (visit_band) shares the denominator of its total cell."""
    if not frame["numerator_only"].any():
        return
    totals = frame[frame.breakdown == "total"].set_index(["level", "level_value"])
    index = pd.MultiIndex.from_frame(frame.loc[frame.numerator_only, ["level", "level_value"]])
    for column in ("den", "den_subjects"):
        frame.loc[frame.numerator_only, column] = totals[column].reindex(index).to_numpy()


def not_computable(
    indicator: Indicator, period: Period, places: Places, reason: str
) -> pd.DataFrame:
    frame = layout(indicator, places, None)
    out = pd.DataFrame(
        {
            "indicator": indicator.id,
            "period_start": period.start,
            "period_end": period.end,
            **{column: frame[column] for column in suppression.KEY},
            "numerator": np.nan,
            "denominator": np.nan,
            "value": np.nan,
            "suppressed": False,
            "status": "not_computable",
            "note": reason,
        }
    )
    return out[list(RESULT_COLUMNS)]


def empty() -> pd.DataFrame:
    return pd.DataFrame({column: [] for column in RESULT_COLUMNS})
