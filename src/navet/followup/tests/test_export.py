"""`./navet snapshot`: the database as a pseudonymised snapshot that the contract reader accepts."""

from datetime import UTC, date, datetime

import pyarrow.parquet as pq
import pytest
from django.core.management import call_command

from navet.activity.models import InpatientEpisode, Visit
from navet.followup.contract import read_snapshot
from navet.followup.export import export_snapshot, pseudonym
from navet.synth.errors import SynthInputError

KEY = bytes(range(32))
ON = date(2025, 12, 31)


@pytest.fixture
def with_activity(small_county):
    elsa = small_county.persons["elsa"]
    gp = small_county.staff["allmanlakare"]
    Visit.objects.create(
        source_id="v1",
        person=elsa,
        staff=gp,
        unit=small_county.units["skiljebo"],
        profession="doctor",
        care_level="primary",
        form="physical",
        visit_date=date(2025, 5, 2),
    )
    Visit.objects.create(
        source_id="v2",
        person=elsa,
        staff=None,
        unit=small_county.units["skiljebo"],
        profession="nurse",
        care_level="primary",
        form="phone",
        visit_date=date(2025, 5, 3),
    )
    InpatientEpisode.objects.create(
        source_id="e1",
        person=elsa,
        unit=small_county.units["ward"],
        admission_time=datetime(2025, 3, 30, 22, 0, tzinfo=UTC),
        discharge_time=datetime(2025, 4, 4, 9, 0, tzinfo=UTC),
        admission_type="acute",
        care_type="somatic",
        main_diagnosis="I50.9",
        discharge_destination="home",
    )
    return small_county


def test_the_export_follows_the_contract_and_pseudonymises(with_activity, tmp_path):
    counts = export_snapshot(out_dir=tmp_path / "snap", on=ON, key=KEY)

    snapshot = read_snapshot(tmp_path / "snap")
    assert counts["visits"] == 2
    assert counts["episodes"] == 1
    assert {"residence_history", "staff_assignments", "areas"} <= snapshot.tables
    elsa = with_activity.persons["elsa"]
    persons = pq.read_table(snapshot.path("persons")).to_pylist()
    mine = next(p for p in persons if p["person_key"] == pseudonym(KEY, elsa.identifier))
    assert mine["municipality_code"] == "1980"  # moved from Sala to Västerås in 2012
    assert mine["living_situation"] == "home_care"
    visits = pq.read_table(snapshot.path("visits")).to_pylist()
    assert {v["staff_key"] for v in visits} == {
        pseudonym(KEY, with_activity.staff["allmanlakare"].hsa_id),
        "",
    }


def test_no_identity_number_or_name_leaves_the_database(with_activity, tmp_path):
    export_snapshot(out_dir=tmp_path / "snap", on=ON, key=KEY)

    everything = b"".join(p.read_bytes() for p in (tmp_path / "snap").iterdir())
    for person in with_activity.persons.values():
        assert person.identifier.encode() not in everything
        assert person.family_name.encode() not in everything
    for member in with_activity.staff.values():
        assert member.hsa_id.encode() not in everything


def test_keys_are_stable_for_one_key_and_differ_for_another(with_activity, tmp_path):
    export_snapshot(out_dir=tmp_path / "a", on=ON, key=KEY)
    export_snapshot(out_dir=tmp_path / "b", on=ON, key=KEY)
    export_snapshot(out_dir=tmp_path / "c", on=ON, key=bytes(32))

    def keys(folder):
        return pq.read_table(tmp_path / folder / "persons.parquet")["person_key"].to_pylist()

    assert keys("a") == keys("b")
    assert set(keys("a")).isdisjoint(keys("c"))


def test_an_existing_folder_is_refused_and_left_alone(with_activity, tmp_path):
    target = tmp_path / "snap"
    target.mkdir()
    (target / "keep.txt").write_text("mine")

    with pytest.raises(SynthInputError, match="finns redan"):
        export_snapshot(out_dir=target, on=ON, key=KEY)

    assert [p.name for p in target.iterdir()] == ["keep.txt"]


def test_the_command_keeps_the_key_outside_the_snapshot(with_activity, tmp_path, monkeypatch):
    key_path = tmp_path / "secret" / "snapshot_key"
    monkeypatch.setenv("NAVET_SNAPSHOT_KEY_FILE", str(key_path))

    call_command("snapshot", "--out", str(tmp_path / "snap"), "--on", "2025-12-31")

    assert key_path.stat().st_mode & 0o077 == 0
    key = bytes.fromhex(key_path.read_text())
    persons = pq.read_table(tmp_path / "snap" / "persons.parquet")["person_key"].to_pylist()
    assert pseudonym(key, with_activity.persons["elsa"].identifier) in persons
    assert key_path.read_text().encode() not in b"".join(
        p.read_bytes() for p in (tmp_path / "snap").iterdir()
    )


def test_the_export_is_logged_as_one_disclosure(with_activity, tmp_path):
    from navet.access.models import AuditAction, AuditEvent

    counts = export_snapshot(out_dir=tmp_path / "snap", on=ON, key=KEY)

    event = AuditEvent.objects.get(action=AuditAction.DISCLOSURE, object_type="snapshot")
    assert str(tmp_path / "snap") in event.detail
    assert f"visits {counts['visits']}" in event.detail
