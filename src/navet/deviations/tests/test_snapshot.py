"""Deviations reach Follow-up: the snapshot table `deviations`, pseudonymised and without free
text, from the database and from the generator."""

from datetime import UTC, date

import pyarrow.parquet as pq
import pytest

from navet.deviations.tests.support import act, close, report
from navet.followup.contract import OPTIONAL_TABLES, read_snapshot
from navet.followup.export import export_snapshot, pseudonym

KEY = bytes(range(32))


def test_the_contract_lists_the_table_as_optional():
    assert "deviations" in OPTIONAL_TABLES


@pytest.mark.django_db
def test_the_database_snapshot_has_the_table_once_a_deviation_was_reported(
    small_county, elsa_stay, tmp_path
):
    export_snapshot(out_dir=tmp_path / "empty", on=date(2025, 12, 31), key=KEY)
    assert "deviations" not in read_snapshot(tmp_path / "empty").tables
    elsa = small_county.persons["elsa"]
    d = report(elsa, case=("stay", elsa_stay.pk), description="Hemlig beskrivning om Elsa")
    d = act(
        "forward",
        d,
        "avdelningsskoterska",
        to_unit=small_county.units["skiljebo"],
        reason="Vårdcentralen ansvarar för läkemedelslistan.",
    )
    close(d, "allmanlakare", escalation="lex_maria")
    report(None, responsible_unit=small_county.units["home_health"], category="fall")

    export_snapshot(out_dir=tmp_path / "snap", on=date(2025, 12, 31), key=KEY)
    snapshot = read_snapshot(tmp_path / "snap")
    first, routine = pq.read_table(snapshot.path("deviations")).to_pylist()
    d.refresh_from_db()
    assert first["person_key"] == pseudonym(KEY, elsa.identifier)
    assert (first["category"], first["severity"], first["case_kind"]) == (
        "discharge",
        "moderate",
        "stay",
    )
    assert (first["reporting_principal"], first["responsible_principal"]) == (
        "municipality",
        "region",
    )
    assert first["responsible_unit_id"] == small_county.units["skiljebo"].hsa_id
    assert first["reporting_unit_id"] == small_county.units["home_health"].hsa_id
    assert first["closed_time"] == d.closed_at.astimezone(UTC)
    assert (first["status"], first["escalation"], first["forwarded"]) == ("closed", "lex_maria", 1)
    assert routine["person_key"] is None and routine["case_kind"] is None
    raw = (tmp_path / "snap" / "deviations.parquet").read_bytes().decode("latin-1")
    assert "Hemlig" not in raw and "Checklista" not in raw


def test_the_generator_writes_deviations_linked_to_stays_and_sips(tmp_path):
    from navet.synth.services import generate_to_parquet

    generate_to_parquet(county_code="19", seed=7, scale=0.05, years=2, out_dir=tmp_path / "s")
    snapshot = read_snapshot(tmp_path / "s")
    rows = pq.read_table(snapshot.path("deviations")).to_pylist()
    kinds = {r["case_kind"] for r in rows}
    assert {"stay", None} <= kinds
    assert all((r["person_key"] is None) == (r["case_kind"] is None) for r in rows)
    assert all(r["reported_time"] >= r["occurred_time"] for r in rows)
    assert all(r["closed_time"] is None or r["closed_time"] >= r["reported_time"] for r in rows)
    directions = {(r["reporting_principal"], r["responsible_principal"]) for r in rows}
    assert ("municipality", "region") in directions
