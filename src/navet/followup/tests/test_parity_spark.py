"""DuckDB and Spark give the same results on one small snapshot (counts exactly, values within
1e-9). Marked `spark`: `./navet test` runs it once, in the SQLite lane (no database is used)."""

import importlib.util

import numpy as np
import pytest

from navet.followup import runner
from navet.followup.engine import connect
from navet.followup.tests import random_county
from navet.followup.tests.support import YEAR_2025

pytestmark = pytest.mark.spark

# Tiny data, many small queries: Java code generation (whole-stage and per expression), adaptive
# planning and the JVM's optimising compiler cost more than they save here. They change plans and
# speed, never results. For this test only: on a region's data they pay (./navet indicators keeps
# Spark's defaults). On 2 shared cores the Spark part of this test went from 217 s to 102 s.
SMALL_DATA = {
    "spark.sql.codegen.wholeStage": "false",
    "spark.sql.codegen.factoryMode": "NO_CODEGEN",  # interpret expressions, compile nothing
    "spark.sql.adaptive.enabled": "false",
    # The driver JVM lives for a few minutes: quick C1 code only, and the plain collector.
    "spark.driver.extraJavaOptions": "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
}
SAFE_DISCHARGE = (
    "admission_notice_within_24h",
    "sip_call_within_3d",
    "discharge_notice_on_time",
    "named_care_contact_before_discharge",
)
BY_URI = ("continuity_coc", "readmission_30d", "ready_for_discharge_days_mean")
KEY = [
    "indicator",
    "period_start",
    "period_end",
    "level",
    "level_value",
    "breakdown",
    "breakdown_value",
]


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    """A small generated county: the synthetic county generator when installed, else the
    random county of these tests."""
    root = tmp_path_factory.mktemp("parity") / "snapshot"
    if importlib.util.find_spec("navet.synth.services") is not None:
        from navet.synth.services import generate_to_parquet

        generate_to_parquet(
            county_code="19", seed=42, scale=0.01, years=2, end_date=YEAR_2025.end, out_dir=root
        )
        return root
    return random_county.build().write(root)


SIP = ("sip_active_per_1000", "sip_followup_on_time", "sip_with_own_goals",
       "sip_meetings_remote_share")  # fmt: skip


def _assert_same(duck, sparks) -> None:
    assert len(duck) == len(sparks)
    both = duck.merge(
        sparks,
        on=KEY,
        how="outer",
        suffixes=("_duckdb", "_spark"),
        indicator=True,
        validate="one_to_one",
    )
    assert (both._merge == "both").all()
    for column in ("suppressed", "status", "note"):
        assert (both[f"{column}_duckdb"] == both[f"{column}_spark"]).all(), column
    for column in ("numerator", "denominator", "value"):
        a, b = both[f"{column}_duckdb"].to_numpy(float), both[f"{column}_spark"].to_numpy(float)
        assert np.array_equal(np.isnan(a), np.isnan(b)), column
        present = ~np.isnan(a)
        assert np.allclose(a[present], b[present], rtol=1e-9, atol=1e-9), column


def test_duckdb_and_spark_agree(snapshot):
    pytest.importorskip("pyspark")
    duck = runner.run(snapshot, YEAR_2025, engine="duckdb").table
    # The SIP indicators again without small-cell suppression: at this scale most of their
    # cells are small, and the figures themselves are what must agree.
    duck_sip = runner.run(snapshot, YEAR_2025, engine="duckdb", only=SIP, min_subjects=1).table
    with connect("spark", shuffle_partitions=1, spark_conf=SMALL_DATA) as spark:
        sparks = runner.run(snapshot, YEAR_2025, engine=spark).table
        spark_sip = runner.run(snapshot, YEAR_2025, engine=spark, only=SIP, min_subjects=1).table
        # The snapshot named by a URI, as one in object storage is: Spark reads the files by it.
        by_uri = runner.run(snapshot.as_uri(), YEAR_2025, engine=spark, only=BY_URI).table
    _assert_same(duck, sparks)
    _assert_same(duck_sip, spark_sip)
    _assert_same(duck[duck.indicator.isin(BY_URI)], by_uri)
    # The comparison means something only if most cells hold figures.
    assert (duck.status == "ok").mean() > 0.9 and (~duck.suppressed).mean() > 0.3
    assert set(SIP) <= set(duck.indicator[duck.status == "ok"])
    totals = duck_sip[(duck_sip.level == "county") & (duck_sip.breakdown == "total")]
    assert set(totals.indicator) == set(SIP) and totals.numerator.notna().all()
    # The safe-discharge family reads the optional tables stays and notices: they are there.
    safe = duck[duck.indicator.isin(SAFE_DISCHARGE) & (duck.level == "county")]
    assert set(safe.indicator) == set(SAFE_DISCHARGE) and set(safe.status) == {"ok"}
    assert safe[safe.breakdown == "total"].value.notna().all()
