"""The snapshot reader accepts a contract-v1 folder and names table and column when it does not."""

import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from navet.followup.contract import (
    OPTIONAL_TABLES,
    REQUIRED_TABLES,
    TABLES,
    ContractError,
    arrow_schema,
    read_snapshot,
)
from navet.followup.tests.builder import SnapshotBuilder


@pytest.fixture
def snapshot(tmp_path):
    builder = SnapshotBuilder()
    builder.person("P1").listing("P1", origin="automatic").visit("P1", "2025-03-01")
    return builder.write(tmp_path / "snap")


def _rewrite(root, table, change):
    path = root / f"{table}.parquet"
    pq.write_table(change(pq.read_table(path)), path)


def test_a_valid_snapshot_is_described(snapshot):
    result = read_snapshot(snapshot)
    assert set(REQUIRED_TABLES) <= result.tables
    assert result.has("listings", "origin")
    assert result.has("areas") and not result.has("residence_history")
    assert result.manifest["contract_version"] == 1


def test_required_and_optional_tables_are_those_of_the_issue():
    assert REQUIRED_TABLES == (
        "persons", "units", "staff", "listings", "named_contacts", "visits", "ed_visits",
        "episodes", "care_requests", "phone_calls",
    )  # fmt: skip
    assert {"residence_history", "staff_assignments", "areas"} <= set(OPTIONAL_TABLES)


def test_the_writers_arrow_schema_comes_from_the_contract():
    # Columns in order, then the optional ones (listings.origin); nullable only where "?" says.
    assert arrow_schema("listings") == pa.schema(
        [
            pa.field("person_key", pa.string(), nullable=False),
            pa.field("unit_id", pa.string(), nullable=False),
            pa.field("valid_from", pa.date32(), nullable=False),
            pa.field("valid_to", pa.date32(), nullable=True),
            pa.field("origin", pa.string(), nullable=False),
        ]
    )
    assert arrow_schema("episodes").field("admission_time") == pa.field(
        "admission_time", pa.timestamp("us", tz="UTC"), nullable=False
    )
    assert arrow_schema("staff").field("fte").type == pa.float64()
    assert arrow_schema("areas").field("population").type == pa.int64()
    assert arrow_schema("stays").field("sip_call_required") == pa.field(
        "sip_call_required", pa.bool_(), nullable=True
    )
    assert arrow_schema("monitoring_alerts").names == [
        "enrolment_key", "person_key", "unit_id", "measure", "measure_code", "value",
        "raised_time", "acknowledged_time",
    ]  # fmt: skip


def test_every_table_written_in_the_writers_schema_passes_the_reader(tmp_path):
    for name in TABLES:
        pq.write_table(arrow_schema(name).empty_table(), tmp_path / f"{name}.parquet")
    manifest = {"contract_version": 1, "created": "2026-01-01T00:00:00+00:00", "source": "test"}
    manifest["row_counts"] = {name: 0 for name in TABLES}
    (tmp_path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    result = read_snapshot(tmp_path)
    assert result.tables == set(TABLES)
    assert result.has("listings", "origin")
    # The Parquet files mark exactly the contract's not-null columns as required.
    episodes = pq.ParquetFile(tmp_path / "episodes.parquet").schema
    assert episodes.column(0).max_definition_level == 0  # episode_id: required
    assert episodes.column(4).max_definition_level == 1  # discharge_time: optional


def test_missing_required_table_is_named(snapshot):
    (snapshot / "episodes.parquet").unlink()
    with pytest.raises(ContractError, match="Tabellen episodes saknas"):
        read_snapshot(snapshot)


def test_missing_column_is_named(snapshot):
    _rewrite(snapshot, "visits", lambda t: t.drop_columns(["visit_date"]))
    with pytest.raises(ContractError, match="Tabellen visits saknar kolumnen visit_date"):
        read_snapshot(snapshot)


@pytest.mark.parametrize(
    ("table", "column", "replacement", "expected"),
    [
        ("persons", "birth_date", lambda n: pa.array(["1950-01-01"] * n), "date32"),
        (
            "episodes",
            "admission_time",
            lambda n: pa.array([], pa.timestamp("ns", tz="UTC")),
            r"timestamp\[us, UTC\]",
        ),
        (
            "ed_visits",
            "arrival_time",
            lambda n: pa.array([], pa.timestamp("us")),
            r"timestamp\[us, UTC\]",
        ),
        ("staff", "fte", lambda n: pa.array(["1.0"] * n), "float"),
        ("phone_calls", "answered_same_day", lambda n: pa.array([], pa.int64()), "bool"),
        ("units", "unit_id", lambda n: pa.array(range(n), pa.int64()), "string"),
    ],
)
def test_wrong_type_names_table_column_and_types(snapshot, table, column, replacement, expected):
    _rewrite(
        snapshot,
        table,
        lambda t: t.set_column(t.schema.get_field_index(column), column, replacement(t.num_rows)),
    )
    with pytest.raises(ContractError, match=f"Tabellen {table}, kolumnen {column}: .*{expected}"):
        read_snapshot(snapshot)


def test_nulls_in_a_not_null_column_are_rejected(snapshot):
    _rewrite(
        snapshot, "persons",
        lambda t: t.set_column(t.schema.get_field_index("sex"), "sex",
                               pa.array([None] * t.num_rows, pa.string())),
    )  # fmt: skip
    with pytest.raises(ContractError, match="Tabellen persons, kolumnen sex: 1 tomma värden"):
        read_snapshot(snapshot)


def test_unknown_contract_version_is_named(tmp_path):
    root = SnapshotBuilder().write(tmp_path / "snap", version=2)
    with pytest.raises(ContractError, match=r"kontraktsversion 2 är okänd.*kända versioner: 1"):
        read_snapshot(root)


def test_manifest_must_exist_and_be_complete(snapshot):
    manifest = json.loads((snapshot / "manifest.json").read_text())
    del manifest["row_counts"]
    (snapshot / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ContractError, match="row_counts"):
        read_snapshot(snapshot)
    (snapshot / "manifest.json").unlink()
    with pytest.raises(ContractError, match=r"manifest\.json saknas"):
        read_snapshot(snapshot)


def test_row_counts_must_match_the_files(snapshot):
    manifest = json.loads((snapshot / "manifest.json").read_text())
    manifest["row_counts"]["visits"] = 99
    (snapshot / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ContractError, match=r"Tabellen visits: manifest\.json anger 99 rader"):
        read_snapshot(snapshot)


def test_extra_tables_and_columns_are_allowed(snapshot):
    _rewrite(snapshot, "visits", lambda t: t.append_column("note", pa.array(["x"], pa.string())))
    pq.write_table(pa.table({"a": [1]}), snapshot / "a_later_table.parquet")
    assert "visits" in read_snapshot(snapshot).tables


def test_a_present_sip_table_is_checked_like_a_required_one(snapshot):
    """sip_plans and sip_meetings are optional, but a file that is there must follow them."""
    assert not read_snapshot(snapshot).has("sip_plans")
    pq.write_table(pa.table({"plan_key": ["x"]}), snapshot / "sip_meetings.parquet")
    with pytest.raises(ContractError, match="Tabellen sip_meetings saknar kolumnen meeting_date"):
        read_snapshot(snapshot)


def test_dictionary_encoded_strings_are_strings(snapshot):
    _rewrite(
        snapshot,
        "persons",
        lambda t: t.set_column(
            t.schema.get_field_index("sex"), "sex", t.column("sex").dictionary_encode()
        ),
    )
    assert read_snapshot(snapshot).has("persons", "sex")


def test_a_wrong_optional_column_type_is_rejected(snapshot):
    _rewrite(
        snapshot,
        "listings",
        lambda t: t.set_column(
            t.schema.get_field_index("origin"), "origin", pa.array([1], pa.int64())
        ),
    )
    with pytest.raises(ContractError, match="Tabellen listings, kolumnen origin"):
        read_snapshot(snapshot)
