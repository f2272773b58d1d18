"""Continuity indices, hand-computed (research §2.1)."""

import math

import pytest

from navet.followup.tests.builder import SnapshotBuilder
from navet.followup.tests.support import cell, figures, run

ALL = (
    "continuity_coc",
    "continuity_coc_share_0_7",
    "continuity_upc",
    "continuity_mmci",
    "continuity_secon",
)


def test_indices_of_one_person_with_three_visits_to_two_doctors(tmp_path):
    b = SnapshotBuilder()
    b.person("A").listing("A")
    b.visit("A", "2025-01-10", staff="D1").visit("A", "2025-02-10", staff="D1")
    b.visit("A", "2025-03-10", staff="D2")
    b.person("ONE").listing("ONE").visit("ONE", "2025-05-01")  # a single visit: no index
    table = run(b, tmp_path, *ALL)
    # N = 3, n = (2, 1), M = 2; visit order D1, D1, D2.
    assert figures(table, "continuity_coc") == pytest.approx((1 / 3, 1, 1 / 3))
    assert cell(table, "continuity_upc").value == pytest.approx(2 / 3)
    mmci = (1 - 2 / 3.1) / (1 - 1 / 3.1)
    assert cell(table, "continuity_mmci").value == pytest.approx(mmci)
    assert mmci == pytest.approx(11 / 21)
    assert cell(table, "continuity_secon").value == pytest.approx(1 / 2)
    assert figures(table, "continuity_coc_share_0_7") == (0, 1, 0)


def test_only_primary_care_doctor_visits_in_the_18_months_count(tmp_path):
    b = SnapshotBuilder()
    b.person("E").listing("E")
    b.visit("E", "2025-04-01", staff="D1").visit("E", "2025-05-01", staff="D1")
    b.visit("E", "2025-06-01", staff="D2", profession="nurse")
    b.visit("E", "2025-06-02", staff="D2", care_level="specialist")
    b.visit("E", "2025-06-03", staff="D2", form="written")
    b.person("F").listing("F")
    b.visit("F", "2024-06-30", staff="D1")  # one day before the 18-month window
    b.visit("F", "2024-07-01", staff="D2").visit("F", "2025-12-31", staff="D2")
    b.visit("F", "2026-01-01", staff="D1")  # after the period
    table = run(b, tmp_path, "continuity_coc", "continuity_coc_share_0_7")
    assert figures(table, "continuity_coc") == (2, 2, 1)
    assert figures(table, "continuity_coc_share_0_7") == (2, 2, 1)


def test_persons_dead_on_the_period_end_do_not_count(tmp_path):
    b = SnapshotBuilder()
    b.person("A").listing("A").visit("A", "2025-01-10").visit("A", "2025-02-10", staff="D2")
    b.person("DEAD", death="2025-06-01").listing("DEAD", end="2025-06-01")
    b.visit("DEAD", "2025-01-10").visit("DEAD", "2025-02-10")
    table = run(b, tmp_path, "continuity_coc")
    assert figures(table, "continuity_coc") == (0, 1, 0)


def test_phone_and_video_visits_count_and_forms_are_a_parameter(tmp_path):
    b = SnapshotBuilder()
    b.person("A").listing("A")
    b.visit("A", "2025-01-10", staff="D1", form="phone")
    b.visit("A", "2025-02-10", staff="D2", form="video")
    table = run(b, tmp_path, "continuity_coc")
    assert figures(table, "continuity_coc") == (0, 1, 0)
    only_physical = {"continuity_coc": {"forms": ["physical"]}}
    table = run(b, tmp_path, "continuity_coc", parameters=only_physical)
    assert cell(table, "continuity_coc").suppressed  # nobody left: an empty cell is hidden


def test_same_day_visits_are_ordered_by_provider_for_secon(tmp_path):
    b = SnapshotBuilder()
    b.person("A").listing("A")
    b.visit("A", "2025-03-01", staff="D2").visit("A", "2025-03-01", staff="D1")
    b.visit("A", "2025-03-02", staff="D1")
    table = run(b, tmp_path, "continuity_secon")
    # Order D1, D2 (same day, by provider), D1: no consecutive pair shares a doctor.
    assert figures(table, "continuity_secon") == (0, 1, 0)


def test_persons_are_described_on_the_period_end(tmp_path):
    b = SnapshotBuilder()
    # 64 at the visits, 65 on 2025-12-31; moved from Västerås to Sala and to HC2 on 1 July.
    b.person("M", sex="M", birth="1960-12-01", municipality="1981")
    b.residence("M", "1980", "2000-01-01", "2025-06-30").residence("M", "1981", "2025-07-01")
    b.listing("M", "HC1", "2020-01-01", "2025-06-30").listing("M", "HC2", "2025-07-01")
    b.visit("M", "2025-02-01", staff="D1").visit("M", "2025-03-01", staff="D1")
    table = run(b, tmp_path, "continuity_coc")
    assert cell(table, "continuity_coc", breakdown="age_band", breakdown_value="65-79").value == 1
    assert cell(table, "continuity_coc", breakdown="sex", breakdown_value="M").value == 1
    assert cell(table, "continuity_coc", level="municipality", value="1981").value == 1
    assert cell(table, "continuity_coc", level="subarea", value="Nod Sala").value == 1
    assert cell(table, "continuity_coc", level="unit", value="HC2").value == 1
    assert math.isnan(cell(table, "continuity_coc", level="unit", value="HC1").value)


def test_minimum_visits_is_a_parameter(tmp_path):
    b = SnapshotBuilder()
    b.person("TWO").listing("TWO").visit("TWO", "2025-01-01").visit("TWO", "2025-02-01")
    b.person("THREE").listing("THREE")
    for date in ("2025-01-01", "2025-02-01", "2025-03-01"):
        b.visit("THREE", date)
    table = run(b, tmp_path, "continuity_coc", parameters={"continuity_coc": {"min_visits": 3}})
    assert figures(table, "continuity_coc") == (1, 1, 1)
