"""Unplanned readmission among persons 65+, hand-computed (research §2.3)."""

from navet.followup.tests.builder import SnapshotBuilder
from navet.followup.tests.support import cell, figures, run

ALL = ("readmission_30d", "readmission_7d", "readmission_3d")


def _older() -> SnapshotBuilder:
    b = SnapshotBuilder()
    for key in ("A", "B", "C", "D"):
        b.person(key, birth="1940-01-01")
    return b


def test_calendar_day_30_counts_and_day_31_does_not(tmp_path):
    b = _older()
    b.episode("a1", "A", "2025-02-20 10:00", "2025-03-01 10:00")
    b.episode("a2", "A", "2025-03-31 23:30", "2025-04-02 10:00")  # day 30
    b.episode("b1", "B", "2025-02-20 10:00", "2025-03-01 10:00")
    b.episode("b2", "B", "2025-04-01 00:10", "2025-04-02 10:00")  # day 31
    table = run(b, tmp_path, "readmission_30d")
    # Four index stays (the readmissions are indexes too); one is followed within 30 days.
    assert figures(table, "readmission_30d") == (1, 4, 0.25)


def test_days_are_counted_on_local_dates_across_summer_time(tmp_path):
    b = _older()
    b.episode("a1", "A", "2025-02-25 10:00", "2025-03-01 10:00")
    # 1 April 01:00 in Stockholm (summer time) is 31 March 23:00 UTC: local day 31, UTC day 30.
    b.episode("a2", "A", "2025-04-01 01:00", "2025-04-03 10:00")
    # Discharged late on 29 March (winter time), readmitted 28 April: day 30 locally.
    b.episode("c1", "C", "2025-03-20 10:00", "2025-03-29 23:30")
    b.episode("c2", "C", "2025-04-28 00:30", "2025-04-30 10:00")
    table = run(b, tmp_path, "readmission_30d")
    assert figures(table, "readmission_30d") == (1, 4, 0.25)


def test_windows_of_7_and_3_days(tmp_path):
    b = _older()
    b.episode("a1", "A", "2025-05-01 10:00", "2025-05-10 10:00")
    b.episode("a2", "A", "2025-05-15 10:00", "2025-05-16 10:00")  # day 5
    b.episode("b1", "B", "2025-05-01 10:00", "2025-05-10 10:00")
    b.episode("b2", "B", "2025-05-13 10:00", "2025-05-14 10:00")  # day 3
    table = run(b, tmp_path, *ALL)
    assert figures(table, "readmission_30d") == (2, 4, 0.5)
    assert figures(table, "readmission_7d") == (2, 4, 0.5)
    assert figures(table, "readmission_3d") == (1, 4, 0.25)


def test_transfers_within_24_hours_are_one_care_episode(tmp_path):
    b = _older()
    # A: moved to another ward after 20 h: one stay, no readmission.
    b.episode("a1", "A", "2025-05-01 10:00", "2025-05-05 10:00", destination="other_ward")
    b.episode("a2", "A", "2025-05-06 06:00", "2025-05-09 10:00", unit="W1")
    # B: 25 h between: a new acute stay one day later, so a readmission of b1.
    b.episode("b1", "B", "2025-05-01 10:00", "2025-05-05 10:00", destination="other_ward")
    b.episode("b2", "B", "2025-05-06 11:00", "2025-05-09 10:00")
    # C: discharged home and back acutely the same evening: a new stay, but on day 0.
    b.episode("c1", "C", "2025-05-01 10:00", "2025-05-05 10:00", destination="home")
    b.episode("c2", "C", "2025-05-05 20:00", "2025-05-09 10:00")
    table = run(b, tmp_path, "readmission_3d")
    # Index stays: A (merged), b1, b2, c1, c2.
    assert figures(table, "readmission_3d") == (1, 5, 0.2)


def test_death_in_hospital_planned_and_psychiatric_care(tmp_path):
    b = _older()
    b.episode("a1", "A", "2025-05-01 10:00", "2025-05-05 10:00", destination="deceased")
    b.episode("b1", "B", "2025-05-01 10:00", "2025-05-05 10:00")
    b.episode("b2", "B", "2025-05-07 10:00", "2025-05-08 10:00", admission_type="planned")
    b.episode("c1", "C", "2025-05-01 10:00", "2025-05-05 10:00", care_type="psychiatric")
    b.episode("c2", "C", "2025-05-07 10:00", "2025-05-08 10:00", care_type="psychiatric")
    b.episode("d1", "D", "2025-05-01 10:00", "2025-05-05 10:00", admission_type="planned")
    b.episode("d2", "D", "2025-05-07 10:00", "2025-05-08 10:00")
    table = run(b, tmp_path, "readmission_30d")
    # Indexes: b1, b2 (planned stays are indexes), d1, d2; not the death nor psychiatry.
    # Outcomes must be acute and somatic: only d2 (after the planned d1).
    assert figures(table, "readmission_30d") == (1, 4, 0.25)


def test_index_needs_age_65_on_the_discharge_date(tmp_path):
    b = SnapshotBuilder()
    b.person("TURNS", birth="1960-05-05").person("YOUNG", birth="1960-05-06")
    for key in ("TURNS", "YOUNG"):
        b.episode(f"{key}1", key, "2025-05-01 10:00", "2025-05-05 10:00")
        b.episode(f"{key}2", key, "2025-05-20 10:00", "2025-05-21 10:00")
    table = run(b, tmp_path, "readmission_30d")
    # TURNS is 65 on 5 May: both stays are indexes; YOUNG only for the second.
    assert figures(table, "readmission_30d") == (1, 3, 1 / 3)
    assert figures(table, "readmission_30d", breakdown="age_band", breakdown_value="65-79") == (
        1,
        3,
        1 / 3,
    )


def test_index_is_located_at_the_discharging_ward_and_home_on_discharge(tmp_path):
    b = _older()
    b.unit("W2", kind="inpatient_ward", municipality="1981", subarea="Nod Sala")
    b.residence("A", "1980", "2000-01-01", "2025-05-06").residence("A", "1981", "2025-05-07")
    b.episode("a1", "A", "2025-05-01 10:00", "2025-05-05 10:00", destination="other_ward")
    b.episode("a2", "A", "2025-05-05 12:00", "2025-05-09 10:00", unit="W2")
    b.episode("a3", "A", "2025-05-20 10:00", "2025-05-21 10:00")
    table = run(b, tmp_path, "readmission_30d")
    assert figures(table, "readmission_30d", level="unit", value="W2") == (1, 1, 1)
    assert figures(table, "readmission_30d", level="municipality", value="1981") == (1, 2, 0.5)
    assert cell(table, "readmission_30d", level="municipality", value="1980").suppressed
