"""Indicators whose records differ only in their measures are computed in one query
(aggregate.batches): the same result table as one query per indicator, with fewer queries."""

import pandas as pd

import navet.followup.indicators  # noqa: F401  (registers every indicator)
from navet.followup import aggregate, runner
from navet.followup.contract import read_snapshot
from navet.followup.engine import connect
from navet.followup.inputs import Inputs
from navet.followup.registry import REGISTRY
from navet.followup.tests import random_county
from navet.followup.tests.support import YEAR_2025

CONTINUITY = [
    "continuity_coc", "continuity_coc_share_0_7", "continuity_upc", "continuity_mmci",
    "continuity_secon",
]  # fmt: skip
READMISSION = ["readmission_30d", "readmission_7d", "readmission_3d"]


def _run(root, batch: bool) -> tuple[pd.DataFrame, int]:
    with connect("duckdb") as engine:
        queries = []
        query = engine.query
        engine.query = lambda sql, *uses: queries.append(sql) or query(sql, *uses)
        table = runner.run(root, YEAR_2025, engine=engine, batch=batch).table
    return table, len(queries)


def test_batched_queries_give_the_same_table_as_one_query_per_indicator(tmp_path):
    root = random_county.build().write(tmp_path / "snapshot")
    alone, alone_queries = _run(root, batch=False)
    together, together_queries = _run(root, batch=True)

    assert (alone.status == "ok").sum() > 1000
    pd.testing.assert_frame_equal(alone, together)
    # Continuity's five and readmission's three in one query each: 4 + 2 queries fewer.
    assert alone_queries - together_queries == 6


def test_only_indicators_with_the_same_records_but_measures_form_a_batch(tmp_path):
    root = random_county.build().write(tmp_path / "snapshot")
    with connect("duckdb") as engine:
        inputs = Inputs(engine, read_snapshot(root))
        built = [
            (i, i.build(inputs, YEAR_2025, i.params(None)))
            for i in REGISTRY
            if not runner.missing_inputs(i, inputs.snapshot)
        ]
        groups = [[i.id for i, _ in group] for group in aggregate.batches(built)]
        inputs.release()
    assert [g for g in groups if len(g) > 1] == [CONTINUITY, READMISSION]
    assert sum(len(g) for g in groups) == len(built)  # every indicator once
