"""Municipalities, living situations and listing units as integer codes in the shared tables
(inputs.CODED): codes keep the order of the text, cover every source table, and the results
carry the text again."""

from navet.followup.contract import read_snapshot
from navet.followup.engine import connect
from navet.followup.inputs import Inputs
from navet.followup.tests.builder import SnapshotBuilder
from navet.followup.tests.support import cell, run


def _snapshot() -> SnapshotBuilder:
    b = SnapshotBuilder()
    b.person("P1", municipality="1981", living="own_home")
    b.person("P2", municipality="1980", living="home_care")
    b.residence("P2", "1904", "2019-01-01", "2024-12-31")  # only in the history
    b.residence("P2", "1980", "2025-01-01")
    b.living_period("P1", "nursing_home", "2025-06-01")
    b.listing("P1", "HC2")
    b.listing("P2", "HC9")  # a listing unit missing from `units`
    b.named_contact("P1", unit="HC2")
    return b


def test_codes_follow_the_order_of_the_values_and_cover_the_histories(tmp_path):
    root = _snapshot().write(tmp_path / "snapshot")
    with connect("duckdb") as engine:
        inputs = Inputs(engine, read_snapshot(root))
        try:
            for attribute, expected in {
                "municipality": ["1904", "1980", "1981"],
                "living_situation": ["home_care", "nursing_home", "own_home"],
                "unit": ["ED1", "HC1", "HC2", "HC9", "W1"],
            }.items():
                decoder = inputs.decoder(attribute)
                assert [decoder[code] for code in sorted(decoder)] == expected
            assert inputs.codes("living_situation", ["nursing_home", "unknown"]) == [
                code
                for code, value in inputs.decoder("living_situation").items()
                if value == "nursing_home"
            ]
        finally:
            inputs.release()


def test_cells_carry_the_text_of_coded_keys(tmp_path):
    table = run(_snapshot(), tmp_path, "named_doctor_coverage")
    assert cell(table, "named_doctor_coverage", "municipality", "1981").denominator == 1
    assert cell(table, "named_doctor_coverage", "municipality", "1980").denominator == 1
    assert cell(table, "named_doctor_coverage", "unit", "HC2").numerator == 1
    living = cell(table, "named_doctor_coverage", breakdown="living_situation",
                  breakdown_value="nursing_home")  # fmt: skip
    assert (living.numerator, living.denominator) == (1, 1)
    home_care = cell(table, "named_doctor_coverage", breakdown="living_situation",
                     breakdown_value="home_care")  # fmt: skip
    assert (home_care.numerator, home_care.denominator) == (0, 1)
