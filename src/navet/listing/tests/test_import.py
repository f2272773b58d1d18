"""The listing-file import: every row validated, every error reported with its row number, all
or nothing by default, only the valid rows with --valid-only; the command and its exit status."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from navet.access.models import AuditEvent
from navet.listing.importing import import_listings
from navet.listing.models import ImportMode, ListingImport
from navet.listing.tests.support import ACTOR
from navet.residents.models import Listing

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = (TODAY - timedelta(days=5)).isoformat()


def numbers(county):
    p = county.persons
    return {k: p[k].identifier for k in p}


def csv_text(*rows: str, header: str = "personnummer,hsa_id,datum") -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def valid_file(county) -> bytes:
    n, u = numbers(county), county.units
    return csv_text(
        f"{n['ahmed'][:8]}-{n['ahmed'][8:]},{u['city'].hsa_id},{DAY}",  # first listing
        f"{n['gustav']},{u['skiljebo'].hsa_id},{DAY}",  # a change
        f"{n['maria']},{u['skiljebo'].hsa_id},{DAY}",  # already listed there
    )


def test_a_valid_file_is_imported_with_relationships_and_audit(small_county):
    report = import_listings(valid_file(small_county), file_name="lista.csv", actor=ACTOR)
    assert report.errors == []
    assert (report.rows, report.listed, report.unchanged, report.committed) == (3, 2, 1, True)
    ahmed, gustav = small_county.persons["ahmed"], small_county.persons["gustav"]
    listing = Listing.objects.get(person=ahmed, valid_to__isnull=True)
    assert (listing.unit, listing.valid_from, listing.origin) == (
        small_county.units["city"], date.fromisoformat(DAY), "active_choice"
    )  # fmt: skip
    assert (
        Listing.objects.get(person=gustav, valid_to__isnull=True).unit.name
        == "Vårdcentralen Skiljebo"
    )
    assert AuditEvent.objects.filter(
        person_id=ahmed.pk, object_type="listing", action="create"
    ).exists()
    run = ListingImport.objects.get(pk=report.record_id)
    assert (run.file_name, run.listed, run.committed) == ("lista.csv", 2, True)
    # The same file again changes nothing.
    again = import_listings(valid_file(small_county), file_name="lista.csv", actor=ACTOR)
    assert (again.listed, again.unchanged, again.errors) == (0, 3, [])


def bad_file(county) -> bytes:
    n, u = numbers(county), county.units
    return csv_text(
        f"{n['ahmed']},{u['city'].hsa_id},{DAY}",  # row 2: valid
        f"19460113-6097,{u['city'].hsa_id},{DAY}",  # row 3: check digit
        f"{n['gustav']},SE0000000001-NOPE,{DAY}",  # row 4: unknown unit
        f"{n['leo']},{u['ward'].hsa_id},2025-13-01",  # row 5: not a health centre, bad date
        f"{n['ahmed']},{u['vasby'].hsa_id},{DAY}",  # row 6: the same person again
        "",
        f"{n['berit']},{u['city'].hsa_id},{(TODAY + timedelta(days=3)).isoformat()}",  # row 8
        f"{n['tomas']},{u['skiljebo'].hsa_id}",  # row 9: a field missing
        f"{n['elsa']},{u['ward'].hsa_id},{DAY}",  # row 10: not a health centre
    )


def test_every_error_is_reported_with_its_row_and_nothing_is_imported(small_county):
    before = Listing.objects.count()
    report = import_listings(bad_file(small_county), file_name="fel.csv", actor=ACTOR)
    assert not report.committed and report.listed == 0
    assert Listing.objects.count() == before
    found = [(e.row, e.field) for e in report.errors]
    assert found == [
        (3, "personnummer"),
        (4, "hsa_id"),
        (5, "datum"),
        (6, "personnummer"),
        (8, "datum"),
        (9, ""),
        (10, ""),
    ]
    text = "\n".join(str(e) for e in report.errors)
    assert 'rad 3, personnummer "19460113-6097": fel kontrollsiffra' in text
    assert "rad 6, personnummer" in text and "finns redan på rad 2" in text
    assert "rad 10: Avdelning 31, medicin är inte en vårdcentral." in text
    assert "Elsa" not in text and "Lindqvist" not in text  # no names from the register
    assert report.invalid == 7 and report.valid == 1
    assert "Inget importerades" in report.summary()


def test_valid_only_imports_the_valid_rows_and_reports_the_rest(small_county):
    report = import_listings(
        bad_file(small_county), file_name="fel.csv", actor=ACTOR, mode=ImportMode.VALID_ONLY
    )
    assert report.committed and report.listed == 1 and len(report.errors) == 7
    assert Listing.objects.filter(person=small_county.persons["ahmed"]).count() == 1
    assert "7 rader med fel hoppades över" in report.summary()


def test_check_only_writes_nothing(small_county):
    report = import_listings(
        valid_file(small_county), file_name="lista.csv", actor=ACTOR, mode=ImportMode.CHECK_ONLY
    )
    assert not report.committed and report.errors == []
    assert not Listing.objects.filter(person=small_county.persons["ahmed"]).exists()


def test_rules_and_caps_apply_to_imports_without_revealing_other_units(small_county):
    n, u = numbers(small_county), small_county.units
    vasby = u["vasby"]
    vasby.listing_cap = 3  # Gustav and Berit are listed: one place left
    vasby.save()
    data = csv_text(
        f"{n['elsa']},{vasby.hsa_id},{DAY}",
        f"{n['maria']},{vasby.hsa_id},{DAY}",
        f"{n['leo']},{vasby.hsa_id},2015-01-01",  # before his birth
        f"{n['anders']},{vasby.hsa_id},{DAY}",  # dead
    )
    report = import_listings(data, file_name="x.csv", actor=ACTOR)
    text = "\n".join(str(e) for e in report.errors)
    assert [e.row for e in report.errors] == [3, 4, 5]
    assert "når sitt listningstak (3) vid den här raden" in text
    assert "Personen är avliden före datumet." in text
    assert "Skiljebo" not in text


def test_a_unit_head_imports_only_to_their_own_units(small_county):
    n, u = numbers(small_county), small_county.units
    data = csv_text(f"{n['ahmed']},{u['city'].hsa_id},{DAY}")
    report = import_listings(
        data, file_name="x.csv", actor=ACTOR, allowed_unit_ids=frozenset({u["skiljebo"].pk})
    )
    assert "bara importera listningar till enheter du är verksamhetschef för" in str(
        report.errors[0]
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Filen är tom."),
        (b"namn,datum\nx,y\n", "Kolumnen personnummer saknas"),
        ("personnummer;hsa_id;datum\n".encode("utf-16"), "Filen är inte UTF-8"),
    ],
)
def test_file_errors(small_county, data, message):
    report = import_listings(data, file_name="x.csv", actor=ACTOR)
    assert report.file_error and message in str(report.errors[0])
    assert str(report.errors[0]).startswith("filen: ")


def test_semicolons_bom_and_origin_column(small_county):
    n, u = numbers(small_county), small_county.units
    data = (
        "\ufeffPersonnummer;HSA_id;Datum;Ursprung\r\n"
        f"{n['ahmed']};{u['city'].hsa_id};{DAY};automatisk\r\n"
    ).encode()
    report = import_listings(data, file_name="x.csv", actor=ACTOR)
    assert report.errors == [] and report.listed == 1
    assert Listing.objects.get(person=small_county.persons["ahmed"]).origin == "automatic"


def test_the_command(small_county, tmp_path, capsys):
    good, bad = tmp_path / "bra.csv", tmp_path / "fel.csv"
    good.write_bytes(valid_file(small_county))
    bad.write_bytes(bad_file(small_county))
    with pytest.raises(CommandError, match=r"7 fel i fel\.csv"):
        call_command("import_listings", str(bad))
    err = capsys.readouterr().err
    assert "fel.csv, rad 3, personnummer" in err
    call_command("import_listings", str(bad), "--valid-only")
    out = capsys.readouterr().out
    assert "1 nya listningar" in out
    call_command("import_listings", str(good), "--dry-run")
    assert "Kontroll: 3 rader, 3 giltiga" in capsys.readouterr().out
    with pytest.raises(CommandError, match="Kan inte läsa"):
        call_command("import_listings", str(tmp_path / "saknas.csv"))
