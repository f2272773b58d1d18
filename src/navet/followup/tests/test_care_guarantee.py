"""Phone answered the same day and medical assessment within 3 days (research §2.8)."""

from navet.followup.tests.builder import SnapshotBuilder
from navet.followup.tests.support import cell, figures, run


def test_phone_calls_received_in_the_period_by_local_date(tmp_path):
    b = SnapshotBuilder()
    b.phone_call("2025-04-02 08:00", True).phone_call("2025-04-02 09:00", False)
    b.phone_call("2025-12-31 23:30", True)  # 22:30 UTC: in the period
    b.phone_call("2026-01-01 00:30", False)  # 23:30 UTC on 31 Dec, but 1 Jan locally: out
    b.phone_call("2025-06-01 10:00", True, unit="HC2")
    table = run(b, tmp_path, "phone_answered_same_day")
    assert figures(table, "phone_answered_same_day") == (3, 4, 0.75)
    assert figures(table, "phone_answered_same_day", level="unit", value="HC1") == (2, 3, 2 / 3)
    assert figures(table, "phone_answered_same_day", level="municipality", value="1981") == (
        1,
        1,
        1,
    )


def test_assessment_within_three_calendar_days(tmp_path):
    b = SnapshotBuilder()
    b.persons("P", 8)
    b.care_request("P000", "2025-03-01", "2025-03-01")  # day 0
    b.care_request("P001", "2025-03-01", "2025-03-04", reason="worsened")  # day 3
    b.care_request("P002", "2025-03-01", "2025-03-05", reason="no_effect")  # day 4: late
    b.care_request("P003", "2025-03-01", "2025-03-02", reason="other")  # not covered
    b.care_request("P004", "2025-03-01")  # never assessed: late
    b.care_request("P005", "2025-12-31", "2026-01-02")  # assessed after the period: in time
    # Not yet assessed when the snapshot was made (1 Jan 2026): outcome unknown, left out.
    b.care_request("P006", "2025-12-30")
    b.care_request("P007", "2024-12-31", "2025-01-01")  # received before the period
    table = run(b, tmp_path, "medical_assessment_within_3d")
    assert figures(table, "medical_assessment_within_3d") == (3, 5, 0.6)
    assert cell(table, "medical_assessment_within_3d", level="unit", value="HC1").value == 0.6


def test_requests_of_a_person_key_missing_from_persons_count_that_person_once(tmp_path):
    """A data error, but each such person_key is still one person for suppression: three
    requests of three unknown keys rest on three persons, three requests of one on one."""
    b = SnapshotBuilder()
    b.persons("P", 1)
    for key in ("X1", "X2", "X3"):
        b.care_request(key, "2025-03-01", "2025-03-02")
    for _ in range(3):
        b.care_request("Y1", "2025-03-01", "2025-03-02", unit="HC2")
    table = run(b, tmp_path, "medical_assessment_within_3d", min_subjects=3)
    hc1 = cell(table, "medical_assessment_within_3d", level="unit", value="HC1")
    assert (hc1.numerator, hc1.denominator, hc1.suppressed) == (3, 3, False)
    assert cell(table, "medical_assessment_within_3d", level="unit", value="HC2").suppressed
