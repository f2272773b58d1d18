"""From records to cells: the records are materialised once, then grouped per level × breakdown.

The grouping is the same for every indicator, so it is written once as plain SQL that DuckDB and
Spark SQL both accept (UNION ALL of simple GROUP BYs over one temporary table). Building it as an
Ibis expression instead gave a query with the records inlined 20–30 times: hundreds of kilobytes
of SQL that took longer to compile and plan than to run.
"""

from __future__ import annotations

import ibis
import pandas as pd

from navet.followup.engine import Engine
from navet.followup.registry import Indicator, Subjects

CELL_COLUMNS = (
    "level", "level_value", "breakdown", "breakdown_value",
    "num", "den", "num_subjects", "den_subjects",
)  # fmt: skip


def with_geography(records: ibis.Table, geography: ibis.Table) -> ibis.Table:
    """Add county (first two digits of the municipality code) and subarea."""
    geography = geography.rename(geo_municipality="municipality")
    joined = records.left_join(geography, records.municipality == geography.geo_municipality)
    return joined.drop("geo_municipality").mutate(county=joined.municipality.substr(0, 2))


def cells_sql(table: str, indicator: Indicator) -> str:
    """One GROUP BY per (level, breakdown), unioned. Keys are never null in the output: a record
    without a unit, say, simply has no unit cell."""
    count = "COUNT({})" if indicator.subjects is Subjects.ROWS else "COUNT(DISTINCT {})"
    measures = (
        f"SUM(num) AS num, SUM(den) AS den, {count.format('num_subject')} AS num_subjects, "
        f"{count.format('den_subject')} AS den_subjects"
    )
    # Only our own names go into this text: levels and breakdowns from the registry's fixed
    # vocabulary (checked when an indicator is registered) and a table name we generated.
    parts = []
    for level in indicator.levels:
        for breakdown in indicator.breakdowns:
            keys = [level] if breakdown == "total" else [level, breakdown]
            value = "'total'" if breakdown == "total" else f"CAST({breakdown} AS STRING)"
            not_null = " AND ".join(f"{key} IS NOT NULL" for key in keys)
            parts.append(
                f"SELECT '{level}' AS level, CAST({level} AS STRING) AS level_value, "  # noqa: S608
                f"'{breakdown}' AS breakdown, {value} AS breakdown_value, {measures} "
                f"FROM {table} WHERE {not_null} GROUP BY {', '.join(keys)}"
            )
    return "\nUNION ALL\n".join(parts)


def execute(engine: Engine, records: ibis.Table, indicator: Indicator) -> pd.DataFrame:
    name = engine.materialise(records)
    try:
        frame = engine.query(cells_sql(name, indicator))
    finally:
        engine.drop(name)
    frame = frame.astype({"num": "float64", "den": "float64"})
    for column in ("num", "den"):
        frame[column] = frame[column].fillna(0.0)  # SUM over only nulls
    frame[["num_subjects", "den_subjects"]] = frame[["num_subjects", "den_subjects"]].astype(
        "int64"
    )
    return frame[list(CELL_COLUMNS)]
