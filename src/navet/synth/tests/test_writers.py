"""All or nothing: a failing write or a failing check leaves no folder behind."""

from __future__ import annotations

import pyarrow as pa
import pytest

from navet.synth import services, writers
from navet.synth.errors import OutputCheckError
from navet.synth.tests.conftest import TINY


def test_failing_write_leaves_nothing(tmp_path, monkeypatch):
    real = writers.pq.write_table
    calls = []

    def flaky(table, where, **options):
        calls.append(where)
        if len(calls) == 3:
            raise OSError("disk full")
        real(table, where, **options)

    monkeypatch.setattr(writers.pq, "write_table", flaky)
    with pytest.raises(OSError, match="disk full"):
        services.generate_to_parquet(out_dir=tmp_path / "out", **TINY)
    assert list(tmp_path.iterdir()) == []
    assert 3 <= len(calls) < 14  # the rest were cancelled


def test_failing_check_writes_nothing(tmp_path, monkeypatch):
    def broken(persons, end_date):
        raise OutputCheckError("persons", 5, "identity_number", "x", "fel")

    monkeypatch.setattr(services, "check_identities", broken)
    with pytest.raises(OutputCheckError):
        services.generate_to_parquet(out_dir=tmp_path / "out", **TINY)
    assert list(tmp_path.iterdir()) == []


def _tables():
    from navet.synth.generate import Params, generate
    from navet.synth.tables import build_tables

    g = generate(Params(**TINY))
    return build_tables(g), g.county.codes, TINY["end_date"]


def test_check_names_table_row_field_value():
    from navet.synth.checks import check_tables

    tables, codes, end = _tables()
    persons = tables["persons"]
    column = persons.column("municipality_code").to_pylist()
    column[3] = "9999"
    tables["persons"] = persons.set_column(
        persons.schema.get_field_index("municipality_code"),
        "municipality_code",
        pa.array(column, pa.string()),
    )
    with pytest.raises(OutputCheckError) as error:
        check_tables(tables, codes, end)
    message = str(error.value)
    for part in ("persons.parquet", "rad 3", "municipality_code", "9999"):
        assert part in message


def test_check_finds_a_date_after_the_end():
    from navet.synth.checks import check_tables

    tables, codes, end = _tables()
    visits = tables["visits"]
    dates = visits.column("visit_date").to_pylist()
    dates[0] = dates[0].replace(year=2030)
    tables["visits"] = visits.set_column(
        visits.schema.get_field_index("visit_date"), "visit_date", pa.array(dates, pa.date32())
    )
    with pytest.raises(OutputCheckError, match=r"visits\.parquet rad 0.*visit_date"):
        check_tables(tables, codes, end)


def test_check_finds_a_missing_table_and_a_wrong_type():
    from navet.synth.checks import check_tables

    tables, codes, end = _tables()
    broken = dict(tables)
    del broken["phone_calls"]
    with pytest.raises(OutputCheckError, match="phone_calls"):
        check_tables(broken, codes, end)
    staff = tables["staff"]
    tables["staff"] = staff.set_column(
        3, "fte", pa.array([str(v) for v in staff.column("fte").to_pylist()])
    )
    with pytest.raises(OutputCheckError, match=r"staff\.parquet.*fte"):
        check_tables(tables, codes, end)
