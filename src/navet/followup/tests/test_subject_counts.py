"""The cells' subject counts (what small-cell suppression rests on) against a plain count.

aggregate.py counts persons without COUNT(DISTINCT): most persons are counted like rows and only
those whose records differ go through a per-person step. Here the records of every indicator
whose subjects may repeat, on a small generated county (every table, persons who move, turn 65
or use two health centres), are counted the obvious way in pandas — distinct persons per cell,
per side — and the engine's cells must agree exactly, at the municipality and unit levels and
every breakdown.
"""

import pandas as pd
import pytest

from navet.followup import aggregate, runner
from navet.followup.contract import read_snapshot
from navet.followup.engine import connect
from navet.followup.inputs import Inputs
from navet.followup.registry import REGISTRY, Subjects
from navet.followup.tests.support import YEAR_2025
from navet.synth.services import generate_to_parquet

LEVELS = ("municipality", "unit")


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    root = tmp_path_factory.mktemp("county") / "snapshot"
    generate_to_parquet(
        county_code="19", seed=42, scale=0.01, years=2, end_date=YEAR_2025.end, out_dir=root
    )
    with connect("duckdb") as engine:
        inputs = Inputs(engine, read_snapshot(root))
        try:
            yield inputs
        finally:
            inputs.release()


def _decoded(inputs: Inputs, records: pd.DataFrame) -> pd.DataFrame:
    for column in aggregate.CODED_COLUMNS:
        if column in records and pd.api.types.is_numeric_dtype(records[column]):
            # A code (inputs.CODED); a column with nulls comes back as floats.
            decoder = {float(code): value for code, value in inputs.decoder(column).items()}
            records[column] = records[column].astype("float64").map(decoder)
    return records


def _plain_counts(records: pd.DataFrame, indicator, level: str, breakdown: str) -> pd.DataFrame:
    keys = [level] if breakdown == "total" else [level, breakdown]
    records = records.dropna(subset=keys)
    who = records.subject.astype("string").fillna("") + "|" + records.subject_key.fillna("")
    counts = {}
    for side, subjects in (
        ("num", indicator.numerator_subjects),
        ("den", indicator.denominator_subjects),
    ):
        counted = records[f"{side}_counted"] > 0
        if subjects is Subjects.DISTINCT:
            per_cell = who[counted].groupby([records.loc[counted, k] for k in keys]).nunique()
        else:
            per_cell = records[counted].groupby(keys).size()
        counts[f"{side}_subjects"] = per_cell
    frame = pd.DataFrame(counts).fillna(0).astype("int64").reset_index()
    frame.columns = [*(["level_value"] if breakdown == "total" else ["level_value", "value"]),
                     "num_subjects", "den_subjects"]  # fmt: skip
    frame["breakdown_value"] = "total" if breakdown == "total" else frame.pop("value")
    return frame.astype({"level_value": str, "breakdown_value": str})


DISTINCT = [
    indicator.id
    for indicator in REGISTRY
    if Subjects.DISTINCT in (indicator.numerator_subjects, indicator.denominator_subjects)
]


@pytest.mark.parametrize("indicator_id", DISTINCT)
def test_subject_counts_equal_a_plain_distinct_count(county, indicator_id):
    indicator = REGISTRY[indicator_id]
    assert runner.missing_inputs(indicator, county.snapshot) is None
    records = indicator.build(county, YEAR_2025, indicator.params(None))
    cells = aggregate.execute(county.engine, records, indicator, county.geography(), county)
    plain_records = _decoded(county, county.engine.to_pandas(records))
    assert len(plain_records) > 0, "the random county must give this indicator records"
    for level in (lv for lv in LEVELS if lv in indicator.levels):
        for breakdown in indicator.breakdowns:
            expected = _plain_counts(plain_records, indicator, level, breakdown)
            expected = expected[(expected.num_subjects > 0) | (expected.den_subjects > 0)]
            got = cells[(cells.level == level) & (cells.breakdown == breakdown)]
            got = got[(got.num_subjects > 0) | (got.den_subjects > 0)]
            key = ["level_value", "breakdown_value"]
            merged = expected.merge(got[[*key, "num_subjects", "den_subjects"]], on=key,
                                    how="outer", suffixes=("_plain", "_engine"))  # fmt: skip
            for side in ("num_subjects", "den_subjects"):
                differs = merged[merged[f"{side}_plain"] != merged[f"{side}_engine"]]
                assert differs.empty, f"{indicator_id} {level}/{breakdown} {side}:\n{differs}"
