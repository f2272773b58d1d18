"""From records to cells: compacted and materialised once, then grouped per level × breakdown.

The grouping is the same for every indicator, so it is written once as plain SQL that DuckDB and
Spark SQL both accept: GROUP BY GROUPING SETS, a set per (level, breakdown), over one temporary
table. (An Ibis union of GROUP BYs inlined the records 20–30 times: hundreds of kilobytes of SQL
that took longer to compile and plan than to run; on Spark each GROUP BY of a union is a shuffle.)

Before that, records are compacted on the engine:
- where each record is its own subject (Subjects.ROWS): records with equal keys are summed and
  their subjects counted, which makes a per-call or per-person table a few thousand rows;
- where subjects may repeat (Subjects.DISTINCT, episodes of one person): one row per keys and
  subject, and the cells count subjects in two steps (per cell and subject, then per cell)
  instead of COUNT(DISTINCT), which DuckDB runs slowly inside grouping sets.
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
MEASURES = ("num", "den", "num_subjects", "den_subjects")
KEY = ["level", "level_value", "breakdown", "breakdown_value"]


def with_geography(records: ibis.Table, geography: ibis.Table) -> ibis.Table:
    """Add county (first two digits of the municipality code) and subarea."""
    geography = geography.rename(geo_municipality="municipality")
    joined = records.left_join(geography, records.municipality == geography.geo_municipality)
    return joined.drop("geo_municipality").mutate(county=joined.municipality.substr(0, 2))


def compact(records: ibis.Table, indicator: Indicator, distinct: bool) -> ibis.Table:
    keys = _key_columns(indicator)
    if not distinct:
        return records.group_by(keys).aggregate(
            num=records.num.sum(),
            den=records.den.sum(),
            num_subjects=records.num_subject.count(),
            den_subjects=records.den_subject.count(),
        )
    subject = records.den_subject.coalesce(records.num_subject)
    records = records.mutate(subject=subject)
    return records.group_by([*keys, "subject"]).aggregate(
        num=records.num.sum(),
        den=records.den.sum(),
        num_subjects=records.num_subject.notnull().cast("int64").max(),
        den_subjects=records.den_subject.notnull().cast("int64").max(),
    )


def cells_sql(table: str, indicator: Indicator, distinct: bool) -> str:
    """The grouping-sets query over a compacted table. GROUPING() tells which set a row
    belongs to (a null key alone could not: a record may lack a unit)."""
    columns = _key_columns(indicator)
    sets = [
        [level] if breakdown == "total" else [level, breakdown]
        for level in indicator.levels
        for breakdown in indicator.breakdowns
    ]
    keys = ", ".join(f"CAST({c} AS STRING) AS {c}" for c in columns)
    grouped = ", ".join(f"GROUPING({c}) AS grouped_{c}" for c in columns)
    sums = ", ".join(f"SUM({m}) AS {m}" for m in MEASURES)
    # Only our own names go into this text: levels and breakdowns from the registry's fixed
    # vocabulary (checked when an indicator is registered) and a table name we generated.
    if not distinct:
        grouping = ", ".join(f"({', '.join(s)})" for s in sets)
        return f"SELECT {keys}, {grouped}, {sums} FROM {table} GROUP BY GROUPING SETS ({grouping})"  # noqa: S608
    grouping = ", ".join(f"({', '.join([*s, 'subject'])})" for s in sets)
    per_subject = (
        f"SELECT {keys}, {grouped}, SUM(num) AS num, SUM(den) AS den, "  # noqa: S608
        f"MAX(num_subjects) AS num_subjects, MAX(den_subjects) AS den_subjects "
        f"FROM {table} GROUP BY GROUPING SETS ({grouping})"
    )
    outer = ", ".join([*columns, *[f"grouped_{c}" for c in columns]])
    return f"SELECT {outer}, {sums} FROM ({per_subject}) AS per_subject GROUP BY {outer}"  # noqa: S608


def _key_columns(indicator: Indicator) -> list[str]:
    return [*indicator.levels, *[b for b in indicator.breakdowns if b != "total"]]


def _long(frame: pd.DataFrame, indicator: Indicator) -> pd.DataFrame:
    """Grouping-set rows → (level, level_value, breakdown, breakdown_value) rows. Rows whose
    level or breakdown value is null (records without a unit, say) have no cell."""
    parts = []
    for level in indicator.levels:
        at_level = frame[frame[f"grouped_{level}"] == 0]
        for breakdown in indicator.breakdowns:
            others = [c for c in _key_columns(indicator) if c not in (level, breakdown)]
            mask = (at_level[[f"grouped_{c}" for c in others]] == 1).all(axis=1)
            if breakdown != "total":
                mask &= at_level[f"grouped_{breakdown}"] == 0
            rows = at_level[mask]
            value = "total" if breakdown == "total" else rows[breakdown]
            part = pd.DataFrame(
                {
                    "level": level,
                    "level_value": rows[level],
                    "breakdown": breakdown,
                    "breakdown_value": value,
                }
            )
            part = part.join(rows[["num", "den", "num_subjects", "den_subjects"]])
            parts.append(part.dropna(subset=["level_value", "breakdown_value"]))
    return pd.concat(parts, ignore_index=True)


def _cells(engine: Engine, records: ibis.Table, indicator: Indicator, distinct: bool):
    name = engine.materialise(compact(records, indicator, distinct))
    try:
        frame = _long(engine.query(cells_sql(name, indicator, distinct)), indicator)
    finally:
        engine.drop(name)
    return frame.set_index(KEY)


def execute(engine: Engine, records: ibis.Table, indicator: Indicator) -> pd.DataFrame:
    """Cells with sums and subject counts. When only one side counts distinct subjects (rare
    events over a population of one row a person), that side is counted on its own records,
    so the population never goes through the slower distinct count."""
    sides = {"num": indicator.numerator_subjects, "den": indicator.denominator_subjects}
    distinct = [side for side, mode in sides.items() if mode is Subjects.DISTINCT]
    frame = _cells(engine, records, indicator, distinct=len(distinct) == 2)
    if len(distinct) == 1:
        side = distinct[0]
        subset = records.filter(records[f"{side}_subject"].notnull())
        counted = _cells(engine, subset, indicator, distinct=True)[f"{side}_subjects"]
        frame[f"{side}_subjects"] = counted.reindex(frame.index).fillna(0)
    frame = frame.reset_index()
    frame = frame.astype({"num": "float64", "den": "float64"})
    for column in ("num", "den"):
        frame[column] = frame[column].fillna(0.0)  # SUM over only nulls
    frame[["num_subjects", "den_subjects"]] = frame[["num_subjects", "den_subjects"]].astype(
        "int64"
    )
    return frame[list(CELL_COLUMNS)]
