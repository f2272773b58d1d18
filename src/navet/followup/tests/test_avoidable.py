"""Avoidable inpatient care per 100 000 residents (research §2.2)."""

import pytest

from navet.followup.tests.builder import SnapshotBuilder
from navet.followup.tests.support import figures, run

ID = "avoidable_inpatient_care"


def _stays(b: SnapshotBuilder, codes) -> None:
    for number, code in enumerate(codes):
        key = f"P{number}"
        b.person(key).listing(key)
        b.episode(f"e{number}", key, "2025-05-01 10:00", "2025-05-04 10:00", diagnosis=code)


def test_main_diagnoses_on_the_code_list_count(tmp_path):
    b = SnapshotBuilder()
    counted = ["I50.9", "J44.1", "E11.6", "K25.4", "N10", "j45.9"]
    not_counted = ["R07.4", "J20.9", "E11.9", "K25.3", "G40.9", "S72.0"]
    _stays(b, counted + not_counted)
    table = run(b, tmp_path, ID)
    residents = len(counted) + len(not_counted)
    assert figures(table, ID) == pytest.approx((6, residents, 6 / residents * 100_000))


def test_convulsions_are_a_parameter(tmp_path):
    b = SnapshotBuilder()
    _stays(b, ["G40.9", "R07.4"])
    table = run(b, tmp_path, ID, parameters={ID: {"include_convulsions": True}})
    assert figures(table, ID) == (1, 2, 50_000)


def test_a_transferred_stay_counts_once_with_its_first_diagnosis(tmp_path):
    b = SnapshotBuilder()
    b.person("A").listing("A").person("B").listing("B")
    b.episode(
        "a1",
        "A",
        "2025-05-01 10:00",
        "2025-05-04 10:00",
        diagnosis="I50.9",
        destination="other_ward",
    )
    b.episode("a2", "A", "2025-05-04 12:00", "2025-05-09 10:00", diagnosis="I50.9")
    b.episode(
        "b1",
        "B",
        "2025-05-01 10:00",
        "2025-05-04 10:00",
        diagnosis="R07.4",
        destination="other_hospital",
    )
    b.episode("b2", "B", "2025-05-04 12:00", "2025-05-09 10:00", diagnosis="J44.1")
    # Admitted before the period: not counted.
    b.episode("a0", "A", "2024-12-30 10:00", "2025-01-02 10:00", diagnosis="I50.9")
    table = run(b, tmp_path, ID)
    assert figures(table, ID) == (1, 2, 50_000)


def test_stays_are_located_by_home_and_listing_at_admission(tmp_path):
    b = SnapshotBuilder()
    b.person("A", municipality="1981")
    b.residence("A", "1980", "2000-01-01", "2025-06-30").residence("A", "1981", "2025-07-01")
    b.listing("A", "HC1", end="2025-06-30").listing("A", "HC2", start="2025-07-01")
    b.episode("a1", "A", "2025-05-01 10:00", "2025-05-04 10:00", diagnosis="I50.9")
    b.person("B", municipality="1980").listing("B", "HC1")
    table = run(b, tmp_path, ID)
    assert figures(table, ID, level="municipality", value="1980") == (1, 1, 100_000)
    assert figures(table, ID, level="municipality", value="1981") == (0, 1, 0)
    assert figures(table, ID, level="unit", value="HC1") == (1, 1, 100_000)
