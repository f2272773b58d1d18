"""From records to cells: compacted and materialised once, then grouped per level × breakdown.

The grouping is the same for every indicator, so it is written once as plain SQL that DuckDB and
Spark SQL both accept: GROUP BY GROUPING SETS, a set per (level, breakdown), over one temporary
table. (An Ibis union of GROUP BYs inlined the records 20–30 times: hundreds of kilobytes of SQL
that took longer to compile and plan than to run; on Spark each GROUP BY of a union is a shuffle.)

Before that, records are compacted on the engine into one small table, by municipality, unit and
breakdown values (county and subarea follow from the municipality and are added afterwards):
- a side whose records are each their own subject (Subjects.ROWS) counts its records;
- a side whose subjects may repeat (Subjects.DISTINCT, episodes of one person) must count each
  person once per cell. A person all of whose records share one municipality, unit and set of
  breakdown values is in exactly the cells that hold that combination, so such persons are
  simply counted per combination, like rows. Only the few persons whose records differ (moved,
  turned 65, were discharged from two wards) keep one row per combination and person, and the
  cells count them in two steps (per cell and person, then per cell) instead of COUNT(DISTINCT),
  which DuckDB runs slowly inside grouping sets.
"""

from __future__ import annotations

import ibis
import numpy as np
import pandas as pd

from navet.followup.engine import Engine
from navet.followup.registry import GEOGRAPHY, Indicator, Subjects

CELL_COLUMNS = (
    "level", "level_value", "breakdown", "breakdown_value",
    "num", "den", "num_subjects", "den_subjects",
)  # fmt: skip
MEASURES = ("num", "den", "num_subjects", "den_subjects")
KEY = ["level", "level_value", "breakdown", "breakdown_value"]
NO_ID = ibis.null("int64")
NO_KEY = ibis.null("string")
ZERO = ibis.literal(0, "int64")


def _compact_keys(indicator: Indicator) -> list[str]:
    """What records are grouped by before the geography is added."""
    keys = ["municipality"] if set(indicator.levels) & set(GEOGRAPHY) else []
    if "unit" in indicator.levels:
        keys.append("unit")
    return keys + [b for b in indicator.breakdowns if b != "total"]


def _is_distinct(indicator: Indicator) -> tuple[bool, bool]:
    return (
        indicator.numerator_subjects is Subjects.DISTINCT,
        indicator.denominator_subjects is Subjects.DISTINCT,
    )


def compact(records: ibis.Table, indicator: Indicator, geography: ibis.Table) -> ibis.Table:
    """Columns: the key columns of every level and breakdown, `person` and `person_key` (who a
    row is about when a person must be counted once across rows, else null), num, den,
    num_subjects and den_subjects (subjects counted as rows), num_flag and den_flag (1 when
    the row's person counts on that side; to be counted once per cell)."""
    keys = _compact_keys(indicator)
    distinct_num, distinct_den = _is_distinct(indicator)
    if not (distinct_num or distinct_den):
        table = records.group_by(keys).aggregate(
            num=records.num.sum(),
            den=records.den.sum(),
            num_subjects=records.num_counted.sum(),
            den_subjects=records.den_counted.sum(),
        )
        table = table.mutate(person=NO_ID, person_key=NO_KEY, num_flag=ZERO, den_flag=ZERO)
        return _with_geography(table, geography)

    flag_num = records.num_counted if distinct_num else ZERO
    flag_den = records.den_counted if distinct_den else ZERO
    once = (flag_num + flag_den) > 0  # the record's subject must be counted once per cell
    r = records.mutate(
        rows_num=ZERO if distinct_num else records.num_counted,
        rows_den=ZERO if distinct_den else records.den_counted,
        flag_num=flag_num,
        flag_den=flag_den,
        person=ibis.ifelse(once, records.subject, NO_ID),
        person_key=ibis.ifelse(once, records.subject_key, NO_KEY),
    )
    per_person = r.group_by([*keys, "person", "person_key"]).aggregate(
        num=r.num.sum(),
        den=r.den.sum(),
        num_subjects=r.rows_num.sum(),
        den_subjects=r.rows_den.sum(),
        num_flag=r.flag_num.max(),
        den_flag=r.flag_den.max(),
    )
    known = per_person.filter(per_person.person.notnull() | per_person.person_key.notnull())
    several = (
        known.group_by("person", "person_key")
        .aggregate(rows=known.count())
        .filter(lambda t: t.rows > 1)
        .select(m_person="person", m_key="person_key", several=ibis.literal(True))
    )
    marked = per_person.left_join(
        several,
        [
            per_person.person.identical_to(several.m_person),
            per_person.person_key.identical_to(several.m_key),
        ],
    ).drop("m_person", "m_key")
    marked = marked.mutate(several=marked.several.fill_null(False))
    single = marked.filter(~marked.several)
    single = single.group_by(keys).aggregate(
        num=single.num.sum(),
        den=single.den.sum(),
        num_subjects=(single.num_subjects + single.num_flag).sum(),
        den_subjects=(single.den_subjects + single.den_flag).sum(),
    )
    single = single.mutate(person=NO_ID, person_key=NO_KEY, num_flag=ZERO, den_flag=ZERO)
    columns = [*keys, "person", "person_key", *MEASURES, "num_flag", "den_flag"]
    multiple = marked.filter(marked.several).select(*columns)
    return _with_geography(ibis.union(single.select(*columns), multiple), geography)


def _with_geography(table: ibis.Table, geography: ibis.Table) -> ibis.Table:
    """Add county (first two digits of the municipality code) and subarea."""
    if "municipality" not in table.columns:
        return table
    geography = geography.rename(geo_municipality="municipality")
    joined = table.left_join(geography, table.municipality == geography.geo_municipality)
    return joined.drop("geo_municipality").mutate(county=joined.municipality.substr(0, 2))


def cells_sql(table: str, indicator: Indicator) -> str:
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
    if not any(_is_distinct(indicator)):
        grouping = ", ".join(f"({', '.join(s)})" for s in sets)
        return f"SELECT {keys}, {grouped}, {sums} FROM {table} GROUP BY GROUPING SETS ({grouping})"  # noqa: S608
    grouping = ", ".join(f"({', '.join([*s, 'person', 'person_key'])})" for s in sets)
    per_person = (
        f"SELECT {keys}, {grouped}, {sums}, "  # noqa: S608
        f"MAX(num_flag) AS num_flag, MAX(den_flag) AS den_flag "
        f"FROM {table} GROUP BY GROUPING SETS ({grouping})"
    )
    outer = ", ".join([*columns, *[f"grouped_{c}" for c in columns]])
    totals = (
        "SUM(num) AS num, SUM(den) AS den, "
        "SUM(num_subjects) + SUM(num_flag) AS num_subjects, "
        "SUM(den_subjects) + SUM(den_flag) AS den_subjects"
    )
    return f"SELECT {outer}, {totals} FROM ({per_person}) AS per_person GROUP BY {outer}"  # noqa: S608


def _key_columns(indicator: Indicator) -> list[str]:
    return [*indicator.levels, *[b for b in indicator.breakdowns if b != "total"]]


def _long(frame: pd.DataFrame, indicator: Indicator) -> pd.DataFrame:
    """Grouping-set rows → (level, level_value, breakdown, breakdown_value) rows. Rows whose
    level or breakdown value is null (records without a unit, say) have no cell.

    GROUPING() is 1 for each key column a row is not grouped by, so the bits of a row tell
    its set; each (level, breakdown) pair is one set."""
    columns = _key_columns(indicator)
    sets = [(level, breakdown) for level in indicator.levels for breakdown in indicator.breakdowns]
    number_of_set = {}
    for number, (level, breakdown) in enumerate(sets):
        bits = sum(1 << i for i, c in enumerate(columns) if c not in (level, breakdown))
        number_of_set[bits] = number
    bits = np.zeros(len(frame), dtype=np.int64)
    for i, column in enumerate(columns):
        bits |= frame[f"grouped_{column}"].to_numpy(dtype=np.int64) << i
    number = pd.Series(bits).map(number_of_set).to_numpy()
    keep = ~pd.isna(number)
    frame, number = frame[keep], number[keep].astype(np.int64)
    values = frame[columns].to_numpy(dtype=object)
    rows = np.arange(len(frame))
    position = {c: i for i, c in enumerate(columns)}
    levels = np.array([position[level] for level, _ in sets])[number]
    breakdowns = np.array([position.get(breakdown, -1) for _, breakdown in sets])[number]
    long = pd.DataFrame(
        {
            "level": np.array([level for level, _ in sets], dtype=object)[number],
            "level_value": values[rows, levels],
            "breakdown": np.array([breakdown for _, breakdown in sets], dtype=object)[number],
            "breakdown_value": np.where(
                breakdowns < 0, "total", values[rows, np.maximum(breakdowns, 0)]
            ),
            **{m: frame[m].to_numpy() for m in MEASURES},
            "set": number,
        }
    )
    long = long.dropna(subset=["level_value", "breakdown_value"])
    return long.sort_values("set", kind="stable").drop(columns="set").reset_index(drop=True)


def execute(
    engine: Engine, records: ibis.Table, indicator: Indicator, geography: ibis.Table
) -> pd.DataFrame:
    """Cells with sums and subject counts."""
    name = engine.materialise(compact(records, indicator, geography))
    try:
        frame = _long(engine.query(cells_sql(name, indicator)), indicator)
    finally:
        engine.drop(name)
    frame = frame.astype({"num": "float64", "den": "float64"})
    for column in ("num", "den"):
        frame[column] = frame[column].fillna(0.0)  # SUM over only nulls
    subjects = ["num_subjects", "den_subjects"]
    frame[subjects] = frame[subjects].fillna(0).astype("int64")
    return frame[list(CELL_COLUMNS)]
