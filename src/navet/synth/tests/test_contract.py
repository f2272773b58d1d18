"""The snapshot follows contract version 1: tables, columns, types, manifest."""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from navet.followup.contract import OPTIONAL_TABLES, REQUIRED_TABLES, TABLES
from navet.synth.tables import SCHEMAS

EXPECTED_COLUMNS = {
    "persons": "person_key sex birth_date municipality_code living_situation death_date",
    "units": "unit_id kind name municipality_code subarea principal ownership",
    "staff": "staff_key profession doctor_grade fte",
    "listings": "person_key unit_id valid_from valid_to origin",
    "named_contacts": "person_key role staff_key unit_id valid_from valid_to",
    "visits": "person_key staff_key unit_id profession care_level form visit_date",
    "ed_visits": "person_key unit_id arrival_time",
    "episodes": "episode_id person_key unit_id admission_time discharge_time admission_type "
    "care_type main_diagnosis ready_time discharge_destination",
    "care_requests": "person_key unit_id received_date reason_class first_assessment_date "
    "profession",
    "phone_calls": "unit_id received_time answered_same_day",
    "residence_history": "person_key municipality_code valid_from valid_to",
    "staff_assignments": "staff_key unit_id fte valid_from valid_to",
    "areas": "municipality_code municipality_name county_code subarea population population_year",
    "living_situation_history": "person_key living_situation valid_from valid_to",
}


def test_files_and_manifest(snapshot):
    folder, counts = snapshot
    names = {p.name for p in folder.iterdir()}
    assert names == {f"{t}.parquet" for t in (*REQUIRED_TABLES, *OPTIONAL_TABLES)} | {
        "manifest.json"
    }
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest == {
        "contract_version": 1,
        "created": "2025-12-31T23:59:59+01:00",
        "row_counts": counts,
        "source": "navet synth county=19 seed=7 scale=0.004 years=2 end_date=2025-12-31",
    }
    assert list(manifest["row_counts"]) == list(TABLES)  # every table, in the contract's order
    for table, n in counts.items():
        assert pq.ParquetFile(folder / f"{table}.parquet").metadata.num_rows == n
        assert n > 0, table


@pytest.mark.parametrize("table", sorted(EXPECTED_COLUMNS))
def test_columns_and_types(snapshot, table):
    folder, _ = snapshot
    schema = pq.read_schema(folder / f"{table}.parquet")
    assert schema.names == EXPECTED_COLUMNS[table].split()
    for field in schema:
        expected = SCHEMAS[table].field(field.name).type
        assert field.type == expected, (table, field.name)
        if pa.types.is_timestamp(field.type):
            assert (field.type.unit, field.type.tz) == ("us", "UTC")
        assert field.nullable == SCHEMAS[table].field(field.name).nullable


def test_types_spelled_out(snapshot):
    folder, _ = snapshot
    episodes = pq.read_schema(folder / "episodes.parquet")
    assert episodes.field("admission_time").type == pa.timestamp("us", tz="UTC")
    assert pq.read_schema(folder / "visits.parquet").field("visit_date").type == pa.date32()
    assert pq.read_schema(folder / "persons.parquet").field("person_key").type == pa.string()
    assert (
        pq.read_schema(folder / "phone_calls.parquet").field("answered_same_day").type == pa.bool_()
    )
    assert pq.read_schema(folder / "staff.parquet").field("fte").type == pa.float64()


def test_values_are_coherent(snapshot):
    folder, _ = snapshot
    read = lambda name: pq.read_table(folder / f"{name}.parquet").to_pylist()  # noqa: E731
    persons = {p["person_key"]: p for p in read("persons")}
    units = {u["unit_id"]: u for u in read("units")}
    staff = {s["staff_key"]: s for s in read("staff")}
    assert all(len(k) == 16 for k in persons)
    assert all(p["municipality_code"].startswith("19") for p in persons.values())
    for visit in read("visits"):
        assert visit["person_key"] in persons and visit["staff_key"] in staff
        assert units[visit["unit_id"]]["kind"] == (
            "health_centre" if visit["care_level"] == "primary" else "specialist_clinic"
        )
        assert visit["profession"] == staff[visit["staff_key"]]["profession"]
    for listing in read("listings"):
        assert units[listing["unit_id"]]["kind"] == "health_centre"
    for episode in read("episodes"):
        assert units[episode["unit_id"]]["kind"] == "inpatient_ward"
        assert episode["episode_id"].startswith("synth-19-i-")
        if episode["discharge_time"] is None:
            assert episode["discharge_destination"] is None
    kinds = {u["kind"] for u in units.values()}
    assert len(kinds) == 10
