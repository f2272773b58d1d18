"""Happy paths: CSV and Parquet for every table, idempotent re-import, --update."""

from datetime import UTC, date, datetime

import pytest

from navet.activity.importer import import_activity
from navet.activity.models import CareRequest, EdVisit, InpatientEpisode, PhoneCall, Visit
from navet.activity.tests.factories import (
    DOCTOR,
    P1,
    P4,
    SAMPLE,
    sample,
    write_all_csv,
    write_all_parquet,
    write_csv,
)
from navet.organisation.models import CareUnit, Staff
from navet.residents.models import Person

MODELS = {
    "visits": Visit,
    "ed_visits": EdVisit,
    "episodes": InpatientEpisode,
    "care_requests": CareRequest,
    "phone_calls": PhoneCall,
}


def snapshot() -> dict[str, list[dict]]:
    """Every activity row, keyed by table, including primary keys."""
    return {
        name: list(model.objects.order_by("source_id").values()) for name, model in MODELS.items()
    }


def assert_sample_stored():
    assert {name: model.objects.count() for name, model in MODELS.items()} == {
        name: len(rows) for name, rows in SAMPLE.items()
    }
    v1 = Visit.objects.get(source_id="V1")
    assert (v1.person.identifier, v1.staff.hsa_id, v1.unit.hsa_id) == (
        P1,
        DOCTOR,
        SAMPLE["visits"][0]["unit_hsa_id"],
    )
    assert (v1.profession, v1.care_level, v1.form, v1.visit_date) == (
        "doctor",
        "primary",
        "physical",
        date(2025, 3, 1),
    )
    assert Visit.objects.get(source_id="V2").staff is None
    assert Visit.objects.get(source_id="V4").person.identifier == P4
    # Stored exactly as the ORM stores them, so that lookups work on every backend.
    assert EdVisit.objects.filter(arrival_time=datetime(2025, 3, 1, 7, 15, tzinfo=UTC)).count() == 1
    assert (
        EdVisit.objects.filter(arrival_time__gte=datetime(2025, 7, 5, 20, tzinfo=UTC)).count() == 1
    )
    assert Visit.objects.filter(visit_date__gte=date(2025, 3, 3)).count() == 2
    e1, e2 = EdVisit.objects.order_by("source_id")
    assert e1.arrival_time == datetime(2025, 3, 1, 7, 15, tzinfo=UTC)
    assert e1.departure_time == datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
    assert e2.arrival_time == datetime(2025, 7, 5, 20, 0, tzinfo=UTC)
    assert e2.departure_time is None
    a1, a2 = InpatientEpisode.objects.order_by("source_id")
    assert a1.main_diagnosis == "N39.0"
    assert a1.ready_time == datetime(2025, 3, 7, 8, 0, tzinfo=UTC)
    assert (a1.admission_type, a1.care_type, a1.discharge_destination) == (
        "acute",
        "somatic",
        "home",
    )
    assert (a2.discharge_time, a2.ready_time, a2.discharge_destination) == (None, None, "")
    assert a2.main_diagnosis == "F32.1"
    c1, c2 = CareRequest.objects.order_by("source_id")
    assert (c1.received_date, c1.first_assessment_date, c1.reason_class) == (
        date(2025, 3, 3),
        date(2025, 3, 4),
        "new",
    )
    assert c2.first_assessment_date is None
    assert list(
        PhoneCall.objects.order_by("source_id").values_list("answered_same_day", flat=True)
    ) == [True, False, True]
    assert PhoneCall.objects.get(source_id="T3").received_time == datetime(
        2025, 3, 4, 7, 59, 59, tzinfo=UTC
    )


def summary(result):
    return {s.table: (s.read, s.new, s.unchanged, s.updated) for s in result.summaries}


@pytest.mark.django_db
@pytest.mark.parametrize("writer", [write_all_csv, write_all_parquet], ids=["csv", "parquet"])
def test_every_table_is_imported(world, tmp_path, writer):
    writer(tmp_path)
    result = import_activity(tmp_path)
    assert result.ok and result.written, result.issues
    assert summary(result) == {name: (len(rows), len(rows), 0, 0) for name, rows in SAMPLE.items()}
    assert_sample_stored()


@pytest.mark.django_db
@pytest.mark.parametrize("writer", [write_all_csv, write_all_parquet], ids=["csv", "parquet"])
def test_reimport_changes_nothing(world, tmp_path, writer):
    writer(tmp_path)
    import_activity(tmp_path)
    before = snapshot()
    result = import_activity(tmp_path)
    assert result.ok, result.issues
    assert summary(result) == {name: (len(rows), 0, len(rows), 0) for name, rows in SAMPLE.items()}
    assert snapshot() == before


@pytest.mark.django_db
def test_parquet_and_csv_store_the_same(world, tmp_path):
    (tmp_path / "csv").mkdir()
    (tmp_path / "parquet").mkdir()
    write_all_csv(tmp_path / "csv")
    write_all_parquet(tmp_path / "parquet")
    import_activity(tmp_path / "csv")
    from_csv = snapshot()
    result = import_activity(tmp_path / "parquet")
    assert result.ok, result.issues
    assert all(s.unchanged == s.read for s in result.summaries)
    assert snapshot() == from_csv


@pytest.mark.django_db
def test_files_may_come_one_table_at_a_time(world, tmp_path):
    write_csv(tmp_path, "phone_calls", sample("phone_calls"))
    result = import_activity(tmp_path)
    assert [s.table for s in result.summaries] == ["phone_calls"]
    assert PhoneCall.objects.count() == 3 and Visit.objects.count() == 0


@pytest.mark.django_db
def test_changed_row_is_an_error_without_update_and_updated_with_it(world, tmp_path):
    write_all_csv(tmp_path)
    import_activity(tmp_path)
    before = snapshot()
    write_csv(
        tmp_path, "visits", sample("visits", V1={"visit_date": "2025-03-05", "form": "video"})
    )

    refused = import_activity(tmp_path)
    assert [str(i) for i in refused.issues] == [
        'visits.csv, rad 2, source_id="V1": finns redan i Navet med annat innehåll '
        "(form, visit_date); använd --update för att skriva över"
    ]
    assert snapshot() == before

    updated = import_activity(tmp_path, update=True)
    assert updated.ok
    assert summary(updated)["visits"] == (4, 0, 3, 1)
    v1 = Visit.objects.get(source_id="V1")
    assert (v1.visit_date, v1.form, v1.pk) == (date(2025, 3, 5), "video", before["visits"][0]["id"])
    assert Visit.objects.count() == 4


@pytest.mark.django_db
def test_dry_run_validates_but_writes_nothing(world, tmp_path):
    write_all_csv(tmp_path)
    result = import_activity(tmp_path, dry_run=True)
    assert result.ok and not result.written
    assert summary(result)["visits"] == (4, 4, 0, 0)
    assert all(model.objects.count() == 0 for model in MODELS.values())


@pytest.mark.django_db
def test_only_the_new_rows_of_a_grown_file_are_added(world, tmp_path):
    write_csv(tmp_path, "visits", sample("visits")[:2])
    import_activity(tmp_path)
    first = snapshot()["visits"]
    write_csv(tmp_path, "visits", sample("visits"))
    result = import_activity(tmp_path)
    assert summary(result)["visits"] == (4, 2, 2, 0)
    assert snapshot()["visits"][:2] == first


@pytest.mark.django_db
def test_lookups_do_not_touch_people_or_units(world, tmp_path):
    counts = Person.objects.count(), CareUnit.objects.count(), Staff.objects.count()
    write_all_csv(tmp_path)
    import_activity(tmp_path)
    assert (Person.objects.count(), CareUnit.objects.count(), Staff.objects.count()) == counts


@pytest.mark.django_db
def test_excel_style_csv_with_bom_crlf_quotes_and_spaces(world, tmp_path):
    rows = sample(
        "phone_calls", T1={"source_id": "T1\nwith a line break"}, T2={"source_id": " T2 "}
    )
    header = list(rows[0])
    lines = [",".join(header)] + [
        ",".join(f'"{row[name]}"' if "\n" in row[name] else row[name] for name in header)
        for row in rows
    ]
    (tmp_path / "phone_calls.csv").write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode())
    result = import_activity(tmp_path)
    assert result.ok, result.issues
    assert sorted(PhoneCall.objects.values_list("source_id", flat=True)) == [
        "T1\nwith a line break",
        "T2",
        "T3",
    ]


@pytest.mark.django_db
def test_blank_lines_are_skipped_but_counted_in_row_numbers(world, tmp_path):
    path = write_csv(tmp_path, "phone_calls", sample("phone_calls", T3={"answered_same_day": "?"}))
    lines = path.read_text().splitlines()
    path.write_text("\n".join([lines[0], "", *lines[1:]]) + "\n")
    [issue] = import_activity(tmp_path).issues
    assert (issue.row, issue.field) == (5, "answered_same_day")
