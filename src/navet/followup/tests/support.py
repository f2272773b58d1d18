"""Running indicators on a builder's snapshot and picking single cells out of the result."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from navet.followup import runner
from navet.followup.days import Period

YEAR_2025 = Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
BUCKET = "navet-snapshots"  # in the object store of conftest.s3


def run(builder, tmp_path, *ids, period=YEAR_2025, min_subjects=1, **options) -> pd.DataFrame:
    """Write the builder's snapshot and run the given indicators on DuckDB. Small-cell
    suppression is off by default (a threshold of 1 only hides empty cells), so hand-computed
    tests see their numbers; the suppression tests set it."""
    root = builder.write(tmp_path / "snapshot")
    return runner.run(root, period, only=ids, min_subjects=min_subjects, **options).table


def cell(
    table,
    indicator,
    level="county",
    value="19",
    breakdown="total",
    breakdown_value="total",
    period=YEAR_2025,
) -> pd.Series:
    rows = table[
        (table.indicator == indicator)
        & (table.level == level)
        & (table.level_value == value)
        & (table.breakdown == breakdown)
        & (table.breakdown_value == breakdown_value)
        & (table.period_start == period.start)
        & (table.period_end == period.end)
    ]
    assert len(rows) == 1, f"{len(rows)} rows for {indicator} {level}={value} {breakdown_value}"
    return rows.iloc[0]


def figures(table, indicator, **key) -> tuple:
    """(numerator, denominator, value) of one cell; NaN stays NaN."""
    row = cell(table, indicator, **key)
    return row.numerator, row.denominator, row.value
