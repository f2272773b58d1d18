"""Every kind of problem is reported with file, row, field and value, and nothing is written."""

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from navet.activity.importer import import_activity
from navet.activity.models import EdVisit, Visit
from navet.activity.tests.factories import (
    NOT_IN_NAVET,
    ORG,
    SAMPLE,
    sample,
    write_all_csv,
    write_csv,
    write_parquet,
)
from navet.identifiers import MESSAGES

PROFESSIONS = (
    "doctor, nurse, district_nurse, assistant_nurse, physiotherapist, occupational_therapist, "
    "psychologist, counsellor, care_manager, dietitian, administrator, analyst, other"
)
TIMESTAMP_HELP = "2025-03-01T08:15:00+01:00"

# (table, source_id of the row to break (row 2 is the first), column, bad value, reason)
FIELD_CASES = [
    ("visits", "V1", "personal_identity_number", "194608154715", MESSAGES["wrong_check_digit"]),
    ("visits", "V2", "personal_identity_number", "1946081", MESSAGES["wrong_length"]),
    ("visits", "V1", "personal_identity_number", NOT_IN_NAVET, "okänd person (finns inte i Navet)"),
    ("visits", "V1", "unit_hsa_id", f"{ORG}-NOPE", "okänd vårdenhet (HSA-id finns inte i Navet)"),
    (
        "visits",
        "V1",
        "unit_hsa_id",
        "VC01",
        MESSAGES["not_hsa_id_prefix"],
    ),
    (
        "visits",
        "V3",
        "staff_hsa_id",
        f"{ORG}-NOBODY",
        "okänd medarbetare (HSA-id finns inte i Navet)",
    ),
    ("visits", "V1", "care_level", "tertiary", "okänt värde; tillåtna: primary, specialist"),
    ("visits", "V1", "profession", "surgeon", f"okänt värde; tillåtna: {PROFESSIONS}"),
    (
        "visits",
        "V1",
        "form",
        "email",
        "okänt värde; tillåtna: physical, home, phone, video, written",
    ),
    ("visits", "V4", "visit_date", "2025-02-30", "ogiltigt datum"),
    ("visits", "V1", "visit_date", "01/03/2025", "ogiltigt datum (förväntat ÅÅÅÅ-MM-DD)"),
    ("visits", "V1", "source_id", "", "värde saknas"),
    ("visits", "V1", "source_id", "x" * 65, "får vara högst 64 tecken"),
    ("visits", "V1", "personal_identity_number", "", "värde saknas"),
    (
        "ed_visits",
        "E1",
        "arrival_time",
        "2025-03-01T08:15:00",
        f"tidsstämpel utan tidszon (ange t.ex. {TIMESTAMP_HELP} eller Z)",
    ),
    (
        "ed_visits",
        "E2",
        "arrival_time",
        "igår",
        f"ogiltig tidsstämpel (förväntat t.ex. {TIMESTAMP_HELP})",
    ),
    (
        "ed_visits",
        "E1",
        "departure_time",
        "2025-03-01T08:00:00+01:00",
        "avgångstiden ligger före ankomsttiden (arrival_time)",
    ),
    (
        "episodes",
        "A2",
        "discharge_time",
        "2025-03-08T09:59:59+01:00",
        "utskrivningen ligger före inskrivningen (admission_time)",
    ),
    (
        "episodes",
        "A1",
        "ready_time",
        "2025-03-11T00:00:00+01:00",
        "utskrivningsklar efter utskrivningen (discharge_time)",
    ),
    (
        "episodes",
        "A2",
        "main_diagnosis",
        "50I",
        "ogiltig ICD-10-kod (förväntat t.ex. I50, J44.1 eller N390)",
    ),
    ("episodes", "A2", "admission_type", "urgent", "okänt värde; tillåtna: acute, planned"),
    (
        "episodes",
        "A2",
        "discharge_destination",
        "home",
        "utskrivning till angiven men utskrivningstid saknas",
    ),
    (
        "care_requests",
        "C1",
        "first_assessment_date",
        "2025-03-02",
        "första medicinska bedömningen ligger före mottagningsdatumet (received_date)",
    ),
    (
        "care_requests",
        "C2",
        "reason_class",
        "pain",
        "okänt värde; tillåtna: new, worsened, no_effect, other",
    ),
    (
        "phone_calls",
        "T2",
        "answered_same_day",
        "kanske",
        "ogiltigt sanningsvärde; tillåtna: true, false, 1, 0, ja, nej",
    ),
    # An event at a unit of a kind it cannot happen at.
    (
        "episodes",
        "A1",
        "unit_hsa_id",
        f"{ORG}-VC01",
        "enheten är vårdcentral; episodes kräver vårdavdelning",
    ),
    (
        "ed_visits",
        "E1",
        "unit_hsa_id",
        f"{ORG}-AVD01",
        "enheten är vårdavdelning; ed_visits kräver akutmottagning",
    ),
    (
        "care_requests",
        "C1",
        "unit_hsa_id",
        f"{ORG}-AKM01",
        "enheten är akutmottagning; care_requests kräver vårdcentral",
    ),
    (
        "phone_calls",
        "T1",
        "unit_hsa_id",
        f"{ORG}-SPEC01",
        "enheten är specialistmottagning; phone_calls kräver vårdcentral",
    ),
    (
        "visits",
        "V1",
        "unit_hsa_id",
        f"{ORG}-ADM01",
        "enheten är förvaltning / stab och ger ingen vård",
    ),
]


def messages(result):
    return [str(issue) for issue in result.issues]


@pytest.mark.django_db
@pytest.mark.parametrize(("table", "source_id", "column", "value", "reason"), FIELD_CASES)
def test_a_bad_value_is_reported_and_nothing_is_written(
    world, tmp_path, table, source_id, column, value, reason
):
    write_all_csv(tmp_path)
    write_csv(tmp_path, table, sample(table, **{source_id: {column: value}}))
    row = 2 + [r["source_id"] for r in SAMPLE[table]].index(source_id)
    result = import_activity(tmp_path)
    assert messages(result) == [f'{table}.csv, rad {row}, {column}="{value}": {reason}']
    assert not result.written
    assert Visit.objects.count() == 0 and EdVisit.objects.count() == 0


@pytest.mark.django_db
def test_all_errors_are_collected_across_rows_and_files(world, tmp_path):
    write_all_csv(tmp_path)
    write_csv(
        tmp_path,
        "visits",
        sample("visits", V2={"care_level": "x", "visit_date": "x"}, V4={"form": "x"}),
    )
    write_csv(tmp_path, "phone_calls", sample("phone_calls", T1={"unit_hsa_id": f"{ORG}-X"}))
    found = [(i.file, i.row, i.field) for i in import_activity(tmp_path).issues]
    assert found == [
        ("visits.csv", 3, "care_level"),
        ("visits.csv", 3, "visit_date"),
        ("visits.csv", 5, "form"),
        ("phone_calls.csv", 2, "unit_hsa_id"),
    ]


@pytest.mark.django_db
def test_duplicate_source_id_within_a_file(world, tmp_path):
    write_csv(tmp_path, "visits", sample("visits", V3={"source_id": "V1"}))
    assert messages(import_activity(tmp_path)) == [
        'visits.csv, rad 4, source_id="V1": source_id förekommer redan på rad 2'
    ]


@pytest.mark.django_db
def test_missing_column_is_one_error(world, tmp_path):
    header = [name for name in SAMPLE["visits"][0] if name != "form"]
    write_csv(tmp_path, "visits", sample("visits"), header=header)
    assert messages(import_activity(tmp_path)) == ["visits.csv, form: kolumnen saknas"]


@pytest.mark.django_db
def test_unknown_and_repeated_columns(world, tmp_path):
    header = [*SAMPLE["phone_calls"][0], "colour", "unit_hsa_id"]
    write_csv(tmp_path, "phone_calls", sample("phone_calls"), header=header)
    assert messages(import_activity(tmp_path)) == [
        "phone_calls.csv, colour: okänd kolumn; förväntade kolumner: "
        "source_id, unit_hsa_id, received_time, answered_same_day",
        "phone_calls.csv, unit_hsa_id: kolumnen förekommer flera gånger",
    ]


@pytest.mark.django_db
def test_malformed_csv_row_is_named(world, tmp_path):
    path = write_csv(tmp_path, "phone_calls", sample("phone_calls"))
    lines = path.read_text().splitlines()
    lines[2] = lines[2] + ",extra"
    path.write_text("\n".join(lines) + "\n")
    assert messages(import_activity(tmp_path)) == [
        "phone_calls.csv, rad 3: fel antal fält (5, rubrikraden har 4)"
    ]


@pytest.mark.django_db
def test_broken_quoting_is_reported(world, tmp_path):
    path = write_csv(tmp_path, "phone_calls", sample("phone_calls"))
    path.write_text(path.read_text() + 'T9,"unterminated\n')
    [issue] = import_activity(tmp_path).issues
    assert (issue.file, issue.row) == ("phone_calls.csv", 5)
    assert issue.reason.startswith("felaktig CSV")


@pytest.mark.django_db
def test_not_utf8(world, tmp_path):
    path = write_csv(tmp_path, "phone_calls", sample("phone_calls"))
    path.write_bytes(path.read_bytes() + "T9,Vård\n".encode("latin-1"))
    assert messages(import_activity(tmp_path)) == [
        "phone_calls.csv, rad 5: ogiltig UTF-8; filen lästes inte vidare"
    ]


@pytest.mark.django_db
def test_empty_csv(world, tmp_path):
    (tmp_path / "visits.csv").write_text("")
    assert messages(import_activity(tmp_path)) == [
        "visits.csv, rad 1: filen är tom (rubrikraden saknas)"
    ]


@pytest.mark.django_db
def test_corrupt_parquet_names_the_file(world, tmp_path):
    (tmp_path / "visits.parquet").write_bytes(b"PAR1 this is not really parquet")
    [issue] = import_activity(tmp_path).issues
    assert (issue.file, issue.row, issue.field) == ("visits.parquet", None, None)
    assert issue.reason.startswith("filen kan inte läsas som Parquet")


@pytest.mark.django_db
def test_parquet_without_time_zone_is_one_column_error(world, tmp_path):
    write_parquet(
        tmp_path, "ed_visits", sample("ed_visits"), types={"arrival_time": pa.timestamp("us")}
    )
    assert messages(import_activity(tmp_path)) == [
        "ed_visits.parquet, arrival_time: kolumnen har typen timestamp[us] utan tidszon; "
        "använd t.ex. timestamp[us, UTC]"
    ]


@pytest.mark.django_db
def test_parquet_rows_count_from_one(world, tmp_path):
    write_parquet(tmp_path, "visits", sample("visits", V1={"care_level": "x"}))
    [issue] = import_activity(tmp_path).issues
    assert (issue.file, issue.row, issue.field, issue.value) == (
        "visits.parquet",
        1,
        "care_level",
        "x",
    )


@pytest.mark.django_db
def test_parquet_wrong_type(world, tmp_path):
    table = pa.table(
        {
            "source_id": ["T1"],
            "unit_hsa_id": [SAMPLE["phone_calls"][0]["unit_hsa_id"]],
            "received_time": pa.array([1.5]),
            "answered_same_day": [True],
        }
    )
    pq.write_table(table, tmp_path / "phone_calls.parquet")
    assert messages(import_activity(tmp_path)) == [
        'phone_calls.parquet, rad 1, received_time="1.5": fel datatyp (float)'
    ]


@pytest.mark.django_db
def test_unknown_file_name(world, tmp_path):
    write_all_csv(tmp_path)
    (tmp_path / "visit.csv").write_text("source_id\n")
    (tmp_path / ".DS_Store").write_text("ignored")
    [issue] = import_activity(tmp_path).issues
    assert issue.file == "visit.csv"
    assert issue.reason.startswith("okänt filnamn; tillåtna är <tabell>.csv eller <tabell>.parquet")
    assert Visit.objects.count() == 0


@pytest.mark.django_db
def test_one_table_in_two_files(world, tmp_path):
    write_csv(tmp_path, "visits", sample("visits"))
    write_parquet(tmp_path, "visits", sample("visits"))
    assert messages(import_activity(tmp_path)) == [
        "visits.parquet: tabellen visits finns redan i visits.csv"
    ]


@pytest.mark.django_db
def test_empty_or_missing_directory(tmp_path):
    assert [i.reason for i in import_activity(tmp_path).issues] == [
        "katalogen innehåller inga aktivitetsfiler"
    ]
    assert [i.reason for i in import_activity(tmp_path / "nope").issues] == ["katalogen finns inte"]
