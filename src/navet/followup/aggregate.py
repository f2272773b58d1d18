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
import ibis.expr.operations as ops
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


def _each(template: str, suffixes: tuple[str, ...]) -> str:
    """`template` once per measure set (see execute_batch), `{s}` replaced by its suffix."""
    return ", ".join(template.format(s=s) for s in suffixes)


def compact_sql(
    indicator: Indicator, coded_municipality: bool = False, suffixes: tuple[str, ...] = ("",)
) -> str:
    """CTEs from `records` and `geography` to `compacted`: the key columns of every level and
    breakdown, `person` and `person_key` (who a row is about when that person must be counted
    once across rows, else null), and per measure set (a suffix, "" for one indicator) num,
    den, num_subjects and den_subjects (subjects counted as rows), num_flag and den_flag (1 when
    the row's person counts on that side; counted once per cell)."""
    keys = ", ".join(_compact_keys(indicator))
    distinct_num, distinct_den = _is_distinct(indicator)
    # Only our own names go into this text: levels and breakdowns from the registry's fixed
    # vocabulary (checked when an indicator is registered), suffixes made by execute_batch.
    if not (distinct_num or distinct_den):
        sums = _each(
            "SUM(num{s}) AS num{s}, SUM(den{s}) AS den{s}, SUM(num_counted{s}) AS num_subjects{s}, "
            "SUM(den_counted{s}) AS den_subjects{s}",
            suffixes,
        )
        compacted = f"SELECT {keys}, {sums} FROM records GROUP BY {keys}"  # noqa: S608
    else:

        def flag_num(s: str) -> str:
            return f"num_counted{s}" if distinct_num else "0"

        def flag_den(s: str) -> str:
            return f"den_counted{s}" if distinct_den else "0"

        # The record's subject is counted once per cell (on some measure set's side).
        once = " OR ".join(f"({flag_num(s)} + {flag_den(s)}) > 0" for s in suffixes)
        rows = ", ".join(
            f"num{s}, den{s}, {'0' if distinct_num else f'num_counted{s}'} AS num_rows{s}, "
            f"{'0' if distinct_den else f'den_counted{s}'} AS den_rows{s}, "
            f"{flag_num(s)} AS num_flag{s}, {flag_den(s)} AS den_flag{s}"
            for s in suffixes
        )
        per_person = _each(
            "SUM(num{s}) AS num{s}, SUM(den{s}) AS den{s}, SUM(num_rows{s}) AS num_rows{s}, "
            "SUM(den_rows{s}) AS den_rows{s}, MAX(num_flag{s}) AS num_flag{s}, "
            "MAX(den_flag{s}) AS den_flag{s}",
            suffixes,
        )
        outer = _each(
            "SUM(num{s}) AS num{s}, SUM(den{s}) AS den{s}, "
            "SUM(CASE WHEN several THEN num_rows{s} ELSE num_rows{s} + num_flag{s} END) "
            "AS num_subjects{s}, "
            "SUM(CASE WHEN several THEN den_rows{s} ELSE den_rows{s} + den_flag{s} END) "
            "AS den_subjects{s}, "
            "MAX(CASE WHEN several THEN num_flag{s} ELSE 0 END) AS num_flag{s}, "
            "MAX(CASE WHEN several THEN den_flag{s} ELSE 0 END) AS den_flag{s}",
            suffixes,
        )
        compacted = f"""
    SELECT {keys},
      CASE WHEN several THEN person END AS person,
      CASE WHEN several THEN person_key END AS person_key,
      {outer}
    FROM (
      SELECT *, (person IS NOT NULL OR person_key IS NOT NULL)
        AND COUNT(*) OVER (PARTITION BY person, person_key) > 1 AS several
      FROM (
        SELECT {keys}, person, person_key, {per_person}
        FROM (
          SELECT {keys}, {rows},
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
        columns = _compacted_columns(indicator, suffixes)
        others = [c for c in columns if c != "municipality"]
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


def _measures(suffixes: tuple[str, ...]) -> list[str]:
    return [f"{m}{s}" for s in suffixes for m in MEASURES]


def _compacted_columns(indicator: Indicator, suffixes: tuple[str, ...] = ("",)) -> list[str]:
    keys = _compact_keys(indicator)
    if any(_is_distinct(indicator)):
        flags = [f"{f}{s}" for s in suffixes for f in ("num_flag", "den_flag")]
        return [*keys, "person", "person_key", *_measures(suffixes), *flags]
    return [*keys, *_measures(suffixes)]


def cells_sql(
    indicator: Indicator,
    records: str,
    geography: str,
    municipality_names: str | None = None,
    suffixes: tuple[str, ...] = ("",),
) -> str:
    """The whole query: records (SQL) compacted, then grouped per level and breakdown.
    GROUPING() tells which set a row belongs to (a null key alone could not: a record may
    lack a unit). `municipality_names` (SQL: code, municipality) when the records' municipality
    is a code. `suffixes`: the measure sets of indicators computed together (execute_batch)."""
    columns = _key_columns(indicator)
    sets = [
        [level] if breakdown == "total" else [level, breakdown]
        for level in indicator.levels
        for breakdown in indicator.breakdowns
    ]
    keys = ", ".join(f"CAST({c} AS STRING) AS {c}" for c in columns)
    grouped = ", ".join(f"GROUPING({c}) AS grouped_{c}" for c in columns)
    sums = ", ".join(f"SUM({m}) AS {m}" for m in _measures(suffixes))
    names = f"municipality_names AS ({municipality_names}), " if municipality_names else ""
    compacted = compact_sql(indicator, municipality_names is not None, suffixes)
    head = f"WITH records AS ({records}), geography AS ({geography}), {names}{compacted} "
    if not any(_is_distinct(indicator)):
        grouping = ", ".join(f"({', '.join(s)})" for s in sets)
        select = f"SELECT {keys}, {grouped}, {sums} FROM located"  # noqa: S608
        return f"{head}{select} GROUP BY GROUPING SETS ({grouping})"
    grouping = ", ".join(f"({', '.join([*s, 'person', 'person_key'])})" for s in sets)
    flags = _each("MAX(num_flag{s}) AS num_flag{s}, MAX(den_flag{s}) AS den_flag{s}", suffixes)
    per_person = (
        f"SELECT {keys}, {grouped}, {sums}, {flags} "  # noqa: S608
        f"FROM located GROUP BY GROUPING SETS ({grouping})"
    )
    outer = ", ".join([*columns, *[f"grouped_{c}" for c in columns]])
    totals = _each(
        "SUM(num{s}) AS num{s}, SUM(den{s}) AS den{s}, "
        "SUM(num_subjects{s}) + SUM(num_flag{s}) AS num_subjects{s}, "
        "SUM(den_subjects{s}) + SUM(den_flag{s}) AS den_subjects{s}",
        suffixes,
    )
    return f"{head}SELECT {outer}, {totals} FROM ({per_person}) AS per_person GROUP BY {outer}"  # noqa: S608


def _key_columns(indicator: Indicator) -> list[str]:
    return [*indicator.levels, *[b for b in indicator.breakdowns if b != "total"]]


def _long(
    frame: pd.DataFrame, indicator: Indicator, measures: tuple[str, ...] = MEASURES
) -> pd.DataFrame:
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
            **{m: frame[m].to_numpy() for m in measures},
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
    return execute_batch(engine, records, [indicator], geography, codes, suffixes=("",))[0]


def batch_suffix(number: int) -> str:
    return f"__{number}"


RECORD_MEASURES = ("num", "den", "num_counted", "den_counted")


def batches(built: list[tuple[Indicator, ibis.Table]]) -> list[list[tuple[Indicator, ibis.Table]]]:
    """Indicators whose records differ only in their measures (continuity's five indices over
    one per-person table, readmission within 30, 7 and 3 days over one index), with the same
    levels, breakdowns and subject rules, grouped to be computed in one query; the others
    alone. Groups keep the order of their first indicator."""
    groups: dict[object, list[tuple[Indicator, ibis.Table]]] = {}
    for number, (indicator, records) in enumerate(built):
        op = records.op()
        if isinstance(op, ops.Project):
            shared = tuple((k, v) for k, v in op.values.items() if k not in RECORD_MEASURES)
            key = (
                indicator.levels,
                indicator.breakdowns,
                indicator.numerator_subjects,
                indicator.denominator_subjects,
                op.parent,
                shared,
            )
        else:
            key = ("alone", number)
        groups.setdefault(key, []).append((indicator, records))
    return list(groups.values())


def combined(group: list[tuple[Indicator, ibis.Table]]) -> ibis.Table:
    """One records table for a group from `batches`: the shared columns once, and each
    indicator's measures with its batch_suffix."""
    first = group[0][1].op()
    columns = {k: v.to_expr() for k, v in first.values.items() if k not in RECORD_MEASURES}
    for number, (_, records) in enumerate(group):
        values = records.op().values
        for measure in RECORD_MEASURES:
            columns[f"{measure}{batch_suffix(number)}"] = values[measure].to_expr()
    return first.parent.to_expr().select(**columns)


def execute_batch(
    engine: Engine,
    records: ibis.Table,
    indicators: list[Indicator],
    geography: ibis.Table,
    codes: Codes | None = None,
    suffixes: tuple[str, ...] | None = None,
) -> list[pd.DataFrame]:
    """The cells of several indicators in one query: `records` carries one measure set per
    indicator (num, den, num_counted, den_counted with the suffix batch_suffix(i)) beside the
    shared keys and subject; the indicators share levels, breakdowns and subject rules."""
    suffixes = suffixes or tuple(batch_suffix(i) for i in range(len(indicators)))
    indicator = indicators[0]
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
    sql = cells_sql(
        indicator, engine.compile(records), engine.compile(geography), names_sql, suffixes
    )
    frame = engine.query(sql, *uses)
    for column in coded:
        if column != "municipality" and column in frame.columns:
            names = {str(code): value for code, value in codes.decoder(column).items()}
            frame[column] = frame[column].map(names)
    frame = _long(frame, indicator, tuple(_measures(suffixes)))
    cells = []
    for suffix in suffixes:
        one = frame[[*KEY, *(f"{m}{suffix}" for m in MEASURES)]]
        one = one.rename(columns={f"{m}{suffix}": m for m in MEASURES})
        one = one.astype({"num": "float64", "den": "float64"})
        for column in ("num", "den"):
            one[column] = one[column].fillna(0.0)  # SUM over only nulls
        subjects = ["num_subjects", "den_subjects"]
        one[subjects] = one[subjects].fillna(0).astype("int64")
        cells.append(one[list(CELL_COLUMNS)].reset_index(drop=True))
    return cells
