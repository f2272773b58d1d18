import csv
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data" / "timelines.csv"


def test_the_command_writes_the_basis(small_county, tmp_path):
    out = tmp_path / "basis.csv"
    call_command(
        "invoice_basis", municipality="1980", month="2022-03", file=str(DATA), out=str(out)
    )
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert ["Summa belopp (kr)", "83700,00"] in rows
    assert [row[0] for row in rows if row and row[0].startswith("E")] == ["E1", "E2", "E3"]


def test_the_command_refuses_bad_input(small_county, tmp_path):
    with pytest.raises(CommandError, match="Okänd kommun"):
        call_command(
            "invoice_basis", municipality="9999", month="2022-03", file=str(DATA), out="x.csv"
        )
    with pytest.raises(CommandError, match="Okänd källa"):
        call_command(
            "invoice_basis", municipality="1980", month="2022-03", source="nej", out="x.csv"
        )
    with pytest.raises(CommandError, match="ÅÅÅÅ-MM"):
        call_command(
            "invoice_basis", municipality="1980", month="mars", file=str(DATA), out="x.csv"
        )
