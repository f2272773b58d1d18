"""Writing a snapshot straight into object storage (`./navet synth --out s3://…`,
`./navet snapshot --out s3://…`): the same files as in a folder, or nothing at all.

S3 is moto's server on this machine (conftest.s3), reached through the AWS environment."""

from __future__ import annotations

import io

import pyarrow.fs as pafs
import pytest
from django.core.management import CommandError, call_command

from navet.followup.contract import read_snapshot
from navet.followup.export import export_snapshot
from navet.synth import services, writers
from navet.synth.errors import SynthInputError
from navet.synth.tests.conftest import TINY

from .support import BUCKET

KEY = bytes(range(32))


def _files(s3, folder: str) -> dict[str, bytes]:
    found = s3.get_file_info(pafs.FileSelector(f"{BUCKET}/{folder}", allow_not_found=True))
    files = {}
    for info in found:
        with s3.open_input_stream(info.path) as stream:
            files[info.base_name] = stream.read()
    return files


@pytest.fixture(scope="module")
def synthesised(tmp_path_factory):
    """The tiny county written to a folder, for comparison."""
    out = tmp_path_factory.mktemp("synth") / "county"
    services.generate_to_parquet(out_dir=out, **TINY)
    return out


def test_synth_writes_the_same_bytes_to_s3_as_to_a_folder(s3, synthesised):
    arguments = ["--county", TINY["county_code"], "--seed", str(TINY["seed"])]
    arguments += ["--scale", str(TINY["scale"]), "--years", str(TINY["years"])]
    call_command("synth", *arguments, "--out", f"s3://{BUCKET}/synth/county", stdout=io.StringIO())

    stored = _files(s3, "synth/county")
    assert stored == {p.name: p.read_bytes() for p in synthesised.iterdir()}
    assert read_snapshot(f"s3://{BUCKET}/synth/county").tables == read_snapshot(synthesised).tables


def test_a_folder_in_s3_that_is_not_empty_is_refused_and_left_alone(s3, synthesised):
    s3.create_dir(f"{BUCKET}/taken")
    with s3.open_output_stream(f"{BUCKET}/taken/keep.txt") as stream:
        stream.write(b"mine")

    with pytest.raises(SynthInputError, match="finns redan och är inte tom"):
        services.generate_to_parquet(out_dir=f"s3://{BUCKET}/taken", **TINY)

    assert _files(s3, "taken") == {"keep.txt": b"mine"}
    with pytest.raises(SynthInputError, match=r"taken/keep\.txt i lagringen är en fil"):
        services.generate_to_parquet(out_dir=f"s3://{BUCKET}/taken/keep.txt/county", **TINY)


def test_an_upload_that_fails_half_way_leaves_nothing(s3, synthesised, monkeypatch):
    real, copied = pafs.copy_files, []

    def failing(source, destination, **options):
        copied.append(destination)
        if len(copied) == 4:
            raise OSError("connection reset by peer")
        real(source, destination, **options)

    monkeypatch.setattr(writers.pafs, "copy_files", failing)
    with pytest.raises(SynthInputError, match=r"kunde inte skrivas till .*connection reset"):
        services.generate_to_parquet(out_dir=f"s3://{BUCKET}/half", **TINY)

    assert len(copied) == 4 and not copied[-1].endswith("manifest.json")
    assert _files(s3, "half") == {}


def test_a_bucket_that_is_not_there_is_refused_before_generating(s3):
    with pytest.raises(CommandError, match="hinken\\) finns inte"):
        call_command(
            "synth", "--county", "19", "--seed", "7", "--scale", "0.004", "--years", "1",
            "--out", "s3://no-such-bucket-here/county", stdout=io.StringIO(),
        )  # fmt: skip
    with pytest.raises(CommandError, match="Okänt lagringsschema ftp://"):
        call_command(
            "synth", "--county", "19", "--seed", "7", "--scale", "0.004",
            "--out", "ftp://example.org/county", stdout=io.StringIO(),
        )  # fmt: skip


@pytest.mark.django_db
def test_the_database_snapshot_goes_to_s3_as_to_a_folder(s3, small_county, tmp_path):
    counts = export_snapshot(out_dir=f"s3://{BUCKET}/db/2025-12-31", key=KEY)
    here = export_snapshot(out_dir=tmp_path / "snap", key=KEY)

    remote, local = read_snapshot(f"s3://{BUCKET}/db/2025-12-31"), read_snapshot(tmp_path / "snap")
    assert counts == here == remote.manifest["row_counts"]
    for table in local.tables:
        assert remote.read_table(table).equals(local.read_table(table)), table


@pytest.mark.django_db
def test_the_snapshot_command_refuses_a_taken_folder_before_reading_the_database(
    s3, small_county, django_assert_max_num_queries
):
    s3.create_dir(f"{BUCKET}/db-taken")
    with s3.open_output_stream(f"{BUCKET}/db-taken/manifest.json") as stream:
        stream.write(b"{}")

    with django_assert_max_num_queries(0), pytest.raises(CommandError, match="inte tom"):
        call_command("snapshot", "--out", f"s3://{BUCKET}/db-taken", stdout=io.StringIO())
