"""`manage.py indicators`: the files it writes, and a failed run leaving the old file alone."""

import csv
import io

import openpyxl
import pyarrow.parquet as pq
import pytest
from django.core.management import CommandError, call_command

from navet.followup import output
from navet.followup.tests.builder import SnapshotBuilder


@pytest.fixture
def snapshot(tmp_path):
    b = SnapshotBuilder()
    for key in b.persons("P", 6, birth="1940-01-01"):
        b.listing(key).named_contact(key)
        b.visit(key, "2025-02-01").visit(key, "2025-03-01", staff="D2")
    b.phone_call("2025-04-01 10:00", True)
    return b.write(tmp_path / "snap")


def _run(snapshot, out, *extra):
    stdout = io.StringIO()
    call_command(
        "indicators",
        "--snapshot",
        str(snapshot),
        "--from",
        "2025-01-01",
        "--to",
        "2025-12-31",
        "--out",
        str(out),
        "--indicator",
        "named_doctor_coverage",
        "--indicator",
        "continuity_mmci",
        "--indicator",
        "listed_per_doctor_fte",
        *extra,
        stdout=stdout,
    )
    return stdout.getvalue()


def test_csv_is_utf8_comma_separated_with_dot_decimals(snapshot, tmp_path):
    report = _run(snapshot, tmp_path / "results.csv")
    assert "listed_per_doctor_fte" in report  # named as not computable
    text = (tmp_path / "results.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == list(output.SCHEMA.names)
    county = next(
        r
        for r in rows
        if r["indicator"] == "continuity_mmci"
        and r["level"] == "county"
        and r["breakdown"] == "total"
    )
    # Two visits to two doctors: MMCI = (1 − 2/2.1) / (1 − 1/2.1) = 1/11 for each of six.
    assert float(county["numerator"]) == pytest.approx(6 / 11) and county["denominator"] == "6"
    assert county["value"].startswith("0.0909") and county["suppressed"] == "false"
    hidden = next(r for r in rows if r["suppressed"] == "true")
    assert hidden["numerator"] == hidden["denominator"] == hidden["value"] == ""
    assert "Dold" in hidden["note"]


def test_parquet_and_excel_carry_the_same_table(snapshot, tmp_path):
    _run(snapshot, tmp_path / "results.parquet")
    _run(snapshot, tmp_path / "results.xlsx", "--grain", "month")
    parquet = pq.read_table(tmp_path / "results.parquet")
    assert parquet.schema.equals(output.SCHEMA)
    book = openpyxl.load_workbook(tmp_path / "results.xlsx", read_only=True)
    assert book.sheetnames == ["resultat", "definitioner"]
    assert next(book["resultat"].iter_rows(values_only=True)) == tuple(output.SCHEMA.names)
    assert book["resultat"].max_row - 1 == 13 * parquet.num_rows  # year + 12 months


def test_a_failed_run_leaves_the_previous_results_in_place(snapshot, tmp_path):
    out = tmp_path / "results.csv"
    _run(snapshot, out)
    before = out.read_bytes()
    (snapshot / "visits.parquet").unlink()
    with pytest.raises(CommandError, match="Tabellen visits saknas"):
        _run(snapshot, out)
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_failing_writer_leaves_no_partial_file(tmp_path, monkeypatch):
    out = tmp_path / "results.csv"
    out.write_text("old")

    def broken(table, path):
        path.write_text("half")
        raise OSError("disk full")

    monkeypatch.setattr(output, "_csv", broken)
    with pytest.raises(OSError, match="disk full"):
        output.write(output.pd.DataFrame(), out)
    assert out.read_text() == "old" and len(list(tmp_path.iterdir())) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2025-13-01"], "Ogiltigt datum"),
        (["--from", "2026-01-01"], "före sin början"),
        (["--out", "results.txt"], "--out ska sluta på"),
        (["--engine", "duckdb", "--min-cell", "0"], "minst 1"),
    ],
)
def test_bad_arguments_are_explained(snapshot, tmp_path, args, message):
    base = {"--from": "2025-01-01", "--to": "2025-12-31", "--out": str(tmp_path / "r.csv")}
    extra = []
    for flag, value in zip(args[::2], args[1::2], strict=True):
        if flag in base:
            base[flag] = value if flag != "--out" else str(tmp_path / value)
        else:
            extra += [flag, value]
    argv = [item for pair in base.items() for item in pair]
    with pytest.raises(CommandError, match=message):
        call_command("indicators", "--snapshot", str(snapshot), *argv, *extra, stdout=io.StringIO())
