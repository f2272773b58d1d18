"""From records to cells, in one query per indicator.

The grouping is the same for every indicator, so it is written once as plain SQL that DuckDB and
Spark SQL both accept, around the indicator's records (an Ibis expression compiled for the
engine): GROUP BY GROUPING SETS, a set per (level, breakdown). (An Ibis union of GROUP BYs
inlined the records 20–30 times: hundreds of kilobytes of SQL that took longer to compile and
plan than to run; on Spark each GROUP BY of a union is a shuffle. Ibis also took longer to
compile the compaction below than the records themselves.)

Before that, records are compacted by municipality, unit and breakdown values (county and
subarea follow from the municipality and are added afterwards):
- a side whose records are each their own subject (Subjects.ROWS) counts its records;
- a side whose subjects may repeat (Subjects.DISTINCT, episodes of one person) must count each
  person once per cell. A person all of whose records share one municipality, unit and set of
  breakdown values is in exactly the cells that hold that combination, so such persons are
  simply counted per combination, like rows. Only the few persons whose records differ (moved,
  turned 65, were discharged from two wards) keep one row per combination and person, and the
  cells count them in two steps (per cell and person, then per cell) instead of COUNT(DISTINCT),
  which DuckDB runs slowly inside grouping sets.

Records may carry municipalities, units and living situations as codes (see inputs.CODED): they
are grouped as codes; a coded municipality is given its text when the geography is added (it
needs the text), the others when the cells come back.
"""

from __future__ import annotations

from typing import Protocol

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
CODED_COLUMNS = ("municipality", "unit", "living_situation")


class Codes(Protocol):
    """What decoding needs of the run's Inputs."""

    def dictionary(self, attribute: str) -> ibis.Table: ...

    def decoder(self, attribute: str) -> dict[int, str]: ...


KEY = ["level", "level_value", "breakdown", "breakdown_value"]


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


def compact_sql(indicator: Indicator, coded_municipality: bool = False) -> str:
    """CTEs from `records` and `geography` to `compacted`: the key columns of every level and
    breakdown, `person` and `person_key` (who a row is about when that person must be counted
    once across rows, else null), num, den, num_subjects and den_subjects (subjects counted as
    rows), num_flag and den_flag (1 when the row's person counts on that side; counted once per
    cell)."""
    keys = ", ".join(_compact_keys(indicator))
    distinct_num, distinct_den = _is_distinct(indicator)
    # Only our own names go into this text: levels and breakdowns from the registry's fixed
    # vocabulary (checked when an indicator is registered).
    if not (distinct_num or distinct_den):
        compacted = (
            f"SELECT {keys}, SUM(num) AS num, SUM(den) AS den, "  # noqa: S608
            "SUM(num_counted) AS num_subjects, SUM(den_counted) AS den_subjects "
            f"FROM records GROUP BY {keys}"
        )
    else:
        flag_num = "num_counted" if distinct_num else "0"
        flag_den = "den_counted" if distinct_den else "0"
        once = f"({flag_num} + {flag_den}) > 0"  # the record's subject is counted once per cell
        compacted = f"""
    SELECT {keys},
      CASE WHEN several THEN person END AS person,
      CASE WHEN several THEN person_key END AS person_key,
      SUM(num) AS num, SUM(den) AS den,
      SUM(CASE WHEN several THEN num_rows ELSE num_rows + num_flag END) AS num_subjects,
      SUM(CASE WHEN several THEN den_rows ELSE den_rows + den_flag END) AS den_subjects,
      MAX(CASE WHEN several THEN num_flag ELSE 0 END) AS num_flag,
      MAX(CASE WHEN several THEN den_flag ELSE 0 END) AS den_flag
    FROM (
      SELECT *, (person IS NOT NULL OR person_key IS NOT NULL)
        AND COUNT(*) OVER (PARTITION BY person, person_key) > 1 AS several
      FROM (
        SELECT {keys}, person, person_key, SUM(num) AS num, SUM(den) AS den,
          SUM(num_rows) AS num_rows, SUM(den_rows) AS den_rows,
          MAX(num_flag) AS num_flag, MAX(den_flag) AS den_flag
        FROM (
          SELECT {keys}, num, den,
            {"0" if distinct_num else "num_counted"} AS num_rows,
            {"0" if distinct_den else "den_counted"} AS den_rows,
            {flag_num} AS num_flag, {flag_den} AS den_flag,
            CASE WHEN {once} THEN subject END AS person,
            CASE WHEN {once} THEN subject_key END AS person_key
          FROM records
        ) AS r
        GROUP BY {keys}, person, person_key
      ) AS per_person
    ) AS marked
    GROUP BY {keys}, CASE WHEN several THEN person END, CASE WHEN several THEN person_key END
"""  # noqa: S608
    if "municipality" in _compact_keys(indicator) and coded_municipality:
        others = [c for c in _compacted_columns(indicator) if c != "municipality"]
        located = (
            f"SELECT {', '.join(f'compacted.{c}' for c in others)}, "  # noqa: S608
            "named.municipality, geography.subarea, "
            "SUBSTRING(named.municipality, 1, 2) AS county "
            "FROM compacted LEFT JOIN municipality_names AS named "
            "ON compacted.municipality = named.code "
            "LEFT JOIN geography ON named.municipality = geography.municipality"
        )
    elif "municipality" in _compact_keys(indicator):
        located = (
            "SELECT compacted.*, geography.subarea, "
            "SUBSTRING(compacted.municipality, 1, 2) AS county "
            "FROM compacted LEFT JOIN geography "
            "ON compacted.municipality = geography.municipality"
        )
    else:
        located = "SELECT * FROM compacted"
    return f"compacted AS ({compacted}), located AS ({located})"


def _compacted_columns(indicator: Indicator) -> list[str]:
    keys = _compact_keys(indicator)
    if any(_is_distinct(indicator)):
        return [*keys, "person", "person_key", *MEASURES, "num_flag", "den_flag"]
    return [*keys, *MEASURES]


def cells_sql(
    indicator: Indicator, records: str, geography: str, municipality_names: str | None = None
) -> str:
    """The whole query: records (SQL) compacted, then grouped per level and breakdown.
    GROUPING() tells which set a row belongs to (a null key alone could not: a record may
    lack a unit). `municipality_names` (SQL: code, municipality) when the records' municipality
    is a code."""
    columns = _key_columns(indicator)
    sets = [
        [level] if breakdown == "total" else [level, breakdown]
        for level in indicator.levels
        for breakdown in indicator.breakdowns
    ]
    keys = ", ".join(f"CAST({c} AS STRING) AS {c}" for c in columns)
    grouped = ", ".join(f"GROUPING({c}) AS grouped_{c}" for c in columns)
    sums = ", ".join(f"SUM({m}) AS {m}" for m in MEASURES)
    names = f"municipality_names AS ({municipality_names}), " if municipality_names else ""
    compacted = compact_sql(indicator, coded_municipality=municipality_names is not None)
    head = f"WITH records AS ({records}), geography AS ({geography}), {names}{compacted} "
    if not any(_is_distinct(indicator)):
        grouping = ", ".join(f"({', '.join(s)})" for s in sets)
        select = f"SELECT {keys}, {grouped}, {sums} FROM located"  # noqa: S608
        return f"{head}{select} GROUP BY GROUPING SETS ({grouping})"
    grouping = ", ".join(f"({', '.join([*s, 'person', 'person_key'])})" for s in sets)
    per_person = (
        f"SELECT {keys}, {grouped}, {sums}, "  # noqa: S608
        f"MAX(num_flag) AS num_flag, MAX(den_flag) AS den_flag "
        f"FROM located GROUP BY GROUPING SETS ({grouping})"
    )
    outer = ", ".join([*columns, *[f"grouped_{c}" for c in columns]])
    totals = (
        "SUM(num) AS num, SUM(den) AS den, "
        "SUM(num_subjects) + SUM(num_flag) AS num_subjects, "
        "SUM(den_subjects) + SUM(den_flag) AS den_subjects"
    )
    return f"{head}SELECT {outer}, {totals} FROM ({per_person}) AS per_person GROUP BY {outer}"  # noqa: S608


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
    engine: Engine,
    records: ibis.Table,
    indicator: Indicator,
    geography: ibis.Table,
    codes: Codes | None = None,
) -> pd.DataFrame:
    """Cells with sums and subject counts. `codes` (the run's Inputs) names coded columns."""
    schema = records.schema()
    coded = [
        c for c in CODED_COLUMNS if c in schema and schema[c].is_integer() and codes is not None
    ]
    uses = [records, geography]
    names_sql = None
    if "municipality" in coded:
        d = codes.dictionary("municipality")
        names = d.select("code", municipality=d.value)
        names_sql, uses = engine.compile(names), [*uses, names]
    sql = cells_sql(indicator, engine.compile(records), engine.compile(geography), names_sql)
    frame = engine.query(sql, *uses)
    for column in coded:
        if column != "municipality" and column in frame.columns:
            names = {str(code): value for code, value in codes.decoder(column).items()}
            frame[column] = frame[column].map(names)
    frame = _long(frame, indicator)
    frame = frame.astype({"num": "float64", "den": "float64"})
    for column in ("num", "den"):
        frame[column] = frame[column].fillna(0.0)  # SUM over only nulls
    subjects = ["num_subjects", "den_subjects"]
    frame[subjects] = frame[subjects].fillna(0).astype("int64")
    return frame[list(CELL_COLUMNS)]
