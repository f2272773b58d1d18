"""SIP indicators (issue Coordinated care §8), computed by hand. The snapshot was made on
1 January 2026 (builder's manifest), so a follow-up date in 2025 has passed."""

import math

from navet.followup.tests.builder import SnapshotBuilder
from navet.followup.tests.support import cell, figures, run

SIP_IDS = (
    "sip_active_per_1000",
    "sip_followup_on_time",
    "sip_with_own_goals",
    "sip_meetings_remote_share",
)


def _county() -> SnapshotBuilder:
    b = SnapshotBuilder()
    b.unit("HHC1", kind="home_health_care", municipality="1981", subarea="Nod Sala")
    b.persons("P", 8)  # Västerås
    b.persons("S", 2, municipality="1981")  # Sala
    return b


def test_active_plans_per_1000_residents_on_the_period_end(tmp_path):
    b = _county()
    b.person("DEAD", death="2025-06-01")
    b.listing("P000").listing("P001")
    b.sip_plan("A1", "P000", "2025-03-01", finalised="2025-04-01")
    b.sip_plan("A8", "P000", "2025-05-01", finalised="2026-01-05")  # a second plan counts too
    b.sip_plan("A2", "P001", "2025-12-31", stage="discover")  # begun on the last day
    b.sip_plan("A3", "P002", "2025-01-01", closed="2025-12-31")  # closed on the last day: no
    b.sip_plan("A4", "P003", "2026-01-02")  # begun after the period: no
    b.sip_plan("A5", "P004", "2024-05-01", finalised="2024-06-01", closed="2026-03-01")
    b.sip_plan("A6", "S000", "2025-06-01", unit="HHC1")
    b.sip_plan("A7", "DEAD", "2025-01-01")  # the person died: not a resident on the last day
    table = run(b, tmp_path, "sip_active_per_1000")
    assert figures(table, "sip_active_per_1000") == (5, 10, 500)
    assert figures(table, "sip_active_per_1000", level="municipality", value="1980") == (4, 8, 500)
    assert figures(table, "sip_active_per_1000", level="subarea", value="Nod Sala") == (1, 2, 500)
    # Per health centre: the plans of the persons listed there, per 1 000 listed there.
    assert figures(table, "sip_active_per_1000", level="unit", value="HC1") == (3, 2, 1500)

    finalised = run(
        b,
        tmp_path / "f",
        "sip_active_per_1000",
        parameters={"sip_active_per_1000": {"finalised_only": True}},
    )
    assert figures(finalised, "sip_active_per_1000") == (2, 10, 200)


def _followups(b: SnapshotBuilder) -> SnapshotBuilder:
    b.sip_plan("F1", "P000", "2025-01-01", followup="2025-03-01", followed_up="2025-02-20")
    b.sip_plan("F2", "P001", "2025-01-01", followup="2025-03-01", followed_up="2025-03-01")
    b.sip_plan("F3", "P002", "2025-01-01", followup="2025-03-01", followed_up="2025-03-02")
    b.sip_plan("F4", "P003", "2025-01-01", followup="2025-04-01")  # never followed up
    # Closed before its follow-up date without one: no longer due, left out.
    b.sip_plan("F5", "P004", "2025-01-01", followup="2025-05-01", closed="2025-04-15")
    # Closed after the date without a follow-up: late.
    b.sip_plan("F6", "S000", "2025-01-01", followup="2025-05-01", closed="2025-06-01", unit="HHC1")
    b.sip_plan("F7", "S001", "2025-01-01", followup="2025-12-30", unit="HHC1")
    b.sip_plan("F8", "P005", "2024-01-01", followup="2024-12-31", followed_up="2024-12-31")
    b.sip_plan("F9", "P006", "2025-01-01", stage="prepare")  # no follow-up date yet
    return b


def test_followups_done_by_the_followup_date(tmp_path):
    table = run(_followups(_county()), tmp_path, "sip_followup_on_time")
    # Due: F1, F2 (on time), F3 (a day late), F4, F6, F7 (not done, date passed).
    assert figures(table, "sip_followup_on_time") == (2, 6, 2 / 6)
    assert figures(table, "sip_followup_on_time", level="unit", value="HC1") == (2, 4, 0.5)
    assert figures(table, "sip_followup_on_time", level="unit", value="HHC1") == (0, 2, 0)
    assert cell(table, "sip_followup_on_time", level="unit", value="HC2").suppressed


def test_grace_days_move_the_deadline_and_leave_open_outcomes_out(tmp_path):
    table = run(
        _followups(_county()),
        tmp_path,
        "sip_followup_on_time",
        parameters={"sip_followup_on_time": {"grace_days": 3}},
    )
    # F3 is now in time; F7's deadline (2 January 2026) had not passed when the snapshot was
    # made, so its outcome is unknown and it is left out.
    assert figures(table, "sip_followup_on_time") == (3, 5, 0.6)


def test_share_of_finalised_active_plans_with_the_persons_own_goals(tmp_path):
    b = _county()
    b.sip_plan("G1", "P000", "2025-01-01", finalised="2025-02-01", goals=True)
    b.sip_plan("G2", "P001", "2025-01-01", finalised="2025-02-01", goals=False)
    b.sip_plan("G3", "P002", "2025-01-01", finalised="2025-02-01", closed="2025-11-01")
    b.sip_plan("G4", "P003", "2025-01-01", stage="prepare", goals=False)
    b.sip_plan("G5", "P004", "2025-06-01", finalised="2026-01-05", goals=True)
    table = run(b, tmp_path, "sip_with_own_goals")
    assert figures(table, "sip_with_own_goals") == (1, 2, 0.5)
    assert figures(table, "sip_with_own_goals", breakdown="sex", breakdown_value="F") == (
        1,
        2,
        0.5,
    )
    every = run(
        b,
        tmp_path / "all",
        "sip_with_own_goals",
        parameters={"sip_with_own_goals": {"finalised_only": False}},
    )
    assert figures(every, "sip_with_own_goals") == (2, 4, 0.5)


def _meetings() -> SnapshotBuilder:
    b = _county()
    b.sip_plan("M1", "P000", "2024-06-01")
    b.sip_plan("M2", "P001", "2024-06-01", unit="HC2")
    b.sip_meeting("M1", "2025-03-01", "video")
    b.sip_meeting("M1", "2025-04-01", "on_site")
    b.sip_meeting("M1", "2025-05-01", "phone")
    b.sip_meeting("M1", "2025-06-01", "video", held=False)  # booked, not held
    b.sip_meeting("M1", "2024-12-31", "video")  # before the period
    b.sip_meeting("M2", "2025-07-01", "on_site")
    return b


def test_share_of_held_meetings_at_a_distance(tmp_path):
    b = _meetings()
    table = run(b, tmp_path, "sip_meetings_remote_share")
    assert figures(table, "sip_meetings_remote_share") == (2, 4, 0.5)
    assert figures(table, "sip_meetings_remote_share", level="unit", value="HC1") == (2, 3, 2 / 3)
    assert figures(table, "sip_meetings_remote_share", level="unit", value="HC2") == (0, 1, 0)
    every = run(
        b,
        tmp_path / "all",
        "sip_meetings_remote_share",
        parameters={"sip_meetings_remote_share": {"held_only": False, "remote_modes": ["video"]}},
    )
    assert figures(every, "sip_meetings_remote_share") == (2, 5, 0.4)


def test_small_cells_count_persons_not_meetings(tmp_path):
    table = run(_meetings(), tmp_path, "sip_meetings_remote_share", min_subjects=3)
    # Five meetings, but of two persons.
    assert cell(table, "sip_meetings_remote_share").suppressed


def test_without_the_sip_tables_there_is_no_data_not_zero(tmp_path):
    table = run(_county(), tmp_path, *SIP_IDS)
    assert set(table.status) == {"not_computable"}
    assert table[["numerator", "denominator", "value"]].isna().all().all()
    assert table.note.str.contains("Ingen data: ögonblicksbilden saknar tabellen sip_").all()


def test_plans_without_meetings_table_leave_only_the_meeting_share_out(tmp_path):
    b = _county()
    b.sip_plan("A1", "P000", "2025-03-01", finalised="2025-04-01")
    table = run(b, tmp_path, *SIP_IDS)
    meetings = table[table.indicator == "sip_meetings_remote_share"]
    assert set(meetings.status) == {"not_computable"}
    assert meetings.note.str.contains("sip_meetings").all()
    assert set(table[table.indicator != "sip_meetings_remote_share"].status) == {"ok"}
    assert math.isclose(cell(table, "sip_active_per_1000").value, 1 / 10 * 1000)
