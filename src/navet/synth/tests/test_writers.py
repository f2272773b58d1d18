"""All or nothing: a failing write or a failing check leaves no folder behind."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from navet.synth import services, writers
from navet.synth.errors import OutputCheckError
from navet.synth.tests.conftest import TINY


def test_failing_write_leaves_nothing(tmp_path, monkeypatch):
    real = writers.write_parquet
    calls = []

    def flaky(table, where):
        calls.append(where)
        if len(calls) == 3:
            raise OSError("disk full")
        real(table, where)

    monkeypatch.setattr(writers, "write_parquet", flaky)
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


def test_files_are_split_into_row_groups_that_keep_only_the_keys_they_use(tmp_path, monkeypatch):
    keys = pa.array([f"person-{i:07d}" for i in range(200_000)])
    codes = pa.array(
        np.array([5, 7, 5, 199_999, 3, 7, 11], dtype=np.int32),
        mask=np.array([0, 0, 1, 0, 0, 0, 0], bool),
    )
    table = pa.table({"key": pa.DictionaryArray.from_arrays(codes, keys), "n": range(7)}).slice(1)
    monkeypatch.setattr(writers, "ROW_GROUP_ROWS", 3)

    writers.write_parquet(table, tmp_path / "t.parquet")

    back = pq.read_table(tmp_path / "t.parquet")
    assert back.column("key").to_pylist() == [
        "person-0000007", None, "person-0199999", "person-0000003", "person-0000007",
        "person-0000011",
    ]  # fmt: skip
    assert back.column("n").to_pylist() == [1, 2, 3, 4, 5, 6]
    metadata = pq.ParquetFile(tmp_path / "t.parquet").metadata
    assert [metadata.row_group(i).num_rows for i in range(metadata.num_row_groups)] == [3, 3]
    # All 200 000 keys (≈ 40 kB compressed) would be there if the groups kept the whole dictionary.
    assert (tmp_path / "t.parquet").stat().st_size < 5_000


def test_an_empty_table_is_written_as_a_readable_file(tmp_path):
    table = pa.table({"key": pa.array([], pa.string()), "n": pa.array([], pa.int64())})
    writers.write_parquet(table, tmp_path / "t.parquet")
    back = pq.read_table(tmp_path / "t.parquet")
    assert back.num_rows == 0 and back.schema.names == ["key", "n"]


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
