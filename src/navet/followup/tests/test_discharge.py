"""Days as ready for discharge, counted on Swedish local dates (research §2.4)."""

import pytest

from navet.followup.tests.builder import SnapshotBuilder
from navet.followup.tests.support import figures, run

ALL = (
    "ready_for_discharge_days_mean",
    "ready_for_discharge_days_total",
    "ready_for_discharge_days_per_1000_65plus",
)


def test_days_are_local_discharge_date_minus_local_ready_date(tmp_path):
    b = SnapshotBuilder()
    b.person("A", birth="1940-01-01").person("B", birth="1945-01-01")
    # One hour, but across local midnight (and the start of summer time): 1 day.
    b.episode("e1", "A", "2025-03-20 10:00", "2025-03-30 00:30", ready="2025-03-29 23:30")
    # Ready on the local 10th (the UTC 9th): 2 days, not 3.
    b.episode("e2", "B", "2025-06-01 10:00", "2025-06-12 12:00", ready="2025-06-10 00:30")
    # Same local day: 0 days, not counted.
    b.episode("e3", "A", "2025-08-01 10:00", "2025-08-05 20:00", ready="2025-08-05 10:00")
    # Discharged after the period (local 1 Jan, UTC 31 Dec): not counted.
    b.episode("e4", "B", "2025-12-01 10:00", "2026-01-01 00:30", ready="2025-12-20 10:00")
    # Still admitted, and one without a ready time: not counted.
    b.episode("e5", "A", "2025-12-28 10:00", None, ready="2025-12-29 10:00")
    b.episode("e6", "B", "2025-09-01 10:00", "2025-09-09 10:00")
    # Ready before the period, discharged in it: every day counts.
    b.episode("e7", "B", "2024-12-01 10:00", "2025-01-03 10:00", ready="2024-12-30 10:00")
    table = run(b, tmp_path, *ALL)
    assert figures(table, "ready_for_discharge_days_mean") == (1 + 2 + 4, 3, 7 / 3)
    numerator, denominator, value = figures(table, "ready_for_discharge_days_total")
    assert (numerator, value) == (7, 7) and denominator != denominator  # no denominator
    assert figures(table, "ready_for_discharge_days_per_1000_65plus") == (7, 2, 3500)


def test_days_are_located_at_the_ward_and_at_home_on_discharge(tmp_path):
    b = SnapshotBuilder()
    b.unit("W2", kind="inpatient_ward", municipality="1981", subarea="Nod Sala")
    b.person("A", birth="1940-01-01", municipality="1981")
    b.residence("A", "1980", "2000-01-01", "2025-04-30").residence("A", "1981", "2025-05-01")
    b.episode("e1", "A", "2025-03-01 10:00", "2025-03-10 10:00", ready="2025-03-07 10:00")
    b.episode(
        "e2", "A", "2025-06-01 10:00", "2025-06-10 10:00", ready="2025-06-09 10:00", unit="W2"
    )
    table = run(b, tmp_path, "ready_for_discharge_days_total")
    total = "ready_for_discharge_days_total"
    assert figures(table, total, level="municipality", value="1980")[0] == 3
    assert figures(table, total, level="municipality", value="1981")[0] == 1
    assert figures(table, total, level="unit", value="W1")[0] == 3
    assert figures(table, total, level="unit", value="W2")[0] == 1


def test_days_per_1000_older_count_only_patients_65_and_over(tmp_path):
    b = SnapshotBuilder()
    b.person("OLD", birth="1950-03-01").person("YOUNG", birth="1990-01-01")
    b.persons("RES", 3, birth="1955-01-01")  # three more residents aged 65+
    b.episode("e1", "OLD", "2025-03-01 10:00", "2025-03-10 10:00", ready="2025-03-05 10:00")
    b.episode("e2", "YOUNG", "2025-03-01 10:00", "2025-03-10 10:00", ready="2025-03-05 10:00")
    table = run(b, tmp_path, "ready_for_discharge_days_per_1000_65plus")
    assert figures(table, "ready_for_discharge_days_per_1000_65plus") == pytest.approx((5, 4, 1250))
