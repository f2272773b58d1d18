"""A snapshot in object storage: checked and computed exactly as the same snapshot in a folder.

S3 is served on this machine by moto's S3 server over HTTP; Navet reaches it only through the
standard AWS environment variables, as a region's installation would reach its own store."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pyarrow.fs as pafs
import pyarrow.parquet as pq
import pytest
from django.core.management import CommandError, call_command

from navet.followup import runner
from navet.followup.contract import ContractError, read_snapshot
from navet.followup.storage import StorageError, locate
from navet.followup.tests import random_county
from navet.followup.tests.support import BUCKET, YEAR_2025

KEY = ["indicator", "level", "level_value", "breakdown", "breakdown_value"]


@pytest.fixture(scope="module")
def local(tmp_path_factory):
    return random_county.build(persons=300).write(tmp_path_factory.mktemp("s3") / "snapshot")


def _upload(s3, local, folder: str) -> str:
    pafs.copy_files(
        str(local), f"{BUCKET}/{folder}", source_filesystem=pafs.LocalFileSystem(),
        destination_filesystem=s3,
    )  # fmt: skip
    return f"s3://{BUCKET}/{folder}"


@pytest.fixture(scope="module")
def uploaded(s3, local) -> str:
    return _upload(s3, local, "2025-12-31")


def _upload_without(s3, local, table: str) -> str:
    where = _upload(s3, local, f"without-{table}")
    s3.delete_file(f"{BUCKET}/without-{table}/{table}.parquet")
    return where


def test_the_contract_check_reads_a_snapshot_in_s3_as_it_reads_a_folder(uploaded, local):
    remote, here = read_snapshot(uploaded), read_snapshot(local)
    assert remote.manifest == here.manifest
    assert remote.tables == here.tables and remote.columns == here.columns
    assert remote.root == uploaded
    assert remote.source("visits").uri == f"s3a://{BUCKET}/2025-12-31/visits.parquet"  # Spark's


def test_indicators_from_s3_equal_those_from_the_folder(uploaded, local):
    # Two lanes: each lane's DuckDB connection registers the datasets itself (engine._current).
    remote = runner.run(uploaded, YEAR_2025, lanes=2).table
    here = runner.run(local, YEAR_2025, lanes=1).table
    assert len(remote) == len(here) and (here.status == "ok").sum() > 1000
    remote, here = (t.sort_values(KEY).reset_index(drop=True) for t in (remote, here))
    for column in [*KEY, "status", "suppressed", "note"]:
        assert remote[column].equals(here[column]), column
    for column in ("numerator", "denominator", "value"):
        a, b = remote[column].to_numpy(float), here[column].to_numpy(float)
        assert np.array_equal(np.isnan(a), np.isnan(b)), column
        # Sums of floats may differ in their last bits with the order rows arrive in.
        assert np.allclose(a[~np.isnan(a)], b[~np.isnan(b)], rtol=1e-12, atol=1e-12), column


def test_a_missing_table_in_s3_is_named(s3, local):
    where = _upload_without(s3, local, "episodes")
    with pytest.raises(ContractError, match=r"Tabellen episodes saknas: filen episodes\.parquet"):
        read_snapshot(where)


@pytest.mark.parametrize(
    "where",
    [f"s3://{BUCKET}/no-such-snapshot", "s3://no-such-bucket-here/2025-12-31"],
)
def test_a_folder_that_is_not_there_is_refused(s3, where):
    with pytest.raises(ContractError, match="finns inte eller är inte en mapp"):
        read_snapshot(where)


def test_an_unknown_scheme_or_a_uri_with_parameters_is_refused():
    with pytest.raises(StorageError, match=r"Okänt lagringsschema ftp://"):
        locate("ftp://example.org/snapshots")
    with pytest.raises(ContractError, match=r"får inte ha parametrar"):
        read_snapshot("s3://bucket/snapshot?endpoint_override=x")


def test_file_uris_and_folders_are_the_same_snapshot(local):
    by_uri = read_snapshot(local.as_uri())
    assert by_uri.tables == read_snapshot(local).tables
    assert by_uri.source("visits").local_path == str(local / "visits.parquet")  # DuckDB reads it
    assert by_uri.source("visits").uri == f"{local.as_uri()}/visits.parquet"  # Spark reads it


def test_the_command_line_takes_a_uri(uploaded, local, tmp_path):
    out = tmp_path / "results.csv"
    period = ["--from", "2025-01-01", "--to", "2025-12-31", "--indicator", "readmission_30d"]
    call_command(
        "indicators", "--snapshot", uploaded, *period, "--out", str(out), stdout=io.StringIO()
    )
    with pytest.raises(CommandError, match="Okänt lagringsschema"):
        call_command(
            "indicators", "--snapshot", "ftp://x/y", *period, "--out", str(out),
            stdout=io.StringIO(),
        )  # fmt: skip
    written = pd.read_csv(out)
    expected = runner.run(local, YEAR_2025, only=["readmission_30d"]).table
    assert len(written) == len(expected) and set(written.indicator) == {"readmission_30d"}


@pytest.mark.django_db
def test_a_stored_run_can_be_computed_from_s3(uploaded):
    from navet.followup import runs
    from navet.followup.models import IndicatorResult, RunStatus

    out = io.StringIO()
    call_command(
        "compute_indicators", "--snapshot", uploaded, "--to", "2025-12-31", "--months", "6",
        "--grain", "period", "--indicator=named_doctor_coverage", stdout=out, stderr=io.StringIO(),
    )  # fmt: skip
    run = runs.latest_run()
    assert run.status == RunStatus.SUCCEEDED and run.row_count > 0
    assert IndicatorResult.objects.filter(run=run).exists()
    assert f"Körning {run.pk} klar" in out.getvalue()


def test_results_are_written_to_s3_and_a_missing_bucket_is_refused_before_computing(
    s3, uploaded, local, monkeypatch
):
    period = ["--from", "2025-01-01", "--to", "2025-12-31", "--indicator", "readmission_30d"]
    where = f"s3://{BUCKET}/results/2025.parquet"
    out = io.StringIO()
    call_command("indicators", "--snapshot", uploaded, *period, "--out", where, stdout=out)

    assert f"skrevs till {where}" in out.getvalue()
    written = pq.read_table(f"{BUCKET}/results/2025.parquet", filesystem=s3).to_pandas()
    expected = runner.run(local, YEAR_2025, only=["readmission_30d"]).table
    assert len(written) == len(expected) > 0
    assert list(written.columns) == list(expected.columns)

    computed = []
    monkeypatch.setattr(runner, "run", lambda *a, **k: computed.append(a))
    with pytest.raises(CommandError, match=r"hinken\) finns inte"):
        call_command(
            "indicators", "--snapshot", uploaded, *period,
            "--out", "s3://no-such-bucket-here/results.csv", stdout=io.StringIO(),
        )  # fmt: skip
    assert computed == []
