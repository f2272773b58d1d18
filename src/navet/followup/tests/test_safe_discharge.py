"""Safe discharge (lag 2017:612): notices in time and a named care contact at discharge,
hand-computed on the optional tables `notices` and `stays`."""

import datetime as dt

from navet.followup.days import Period
from navet.followup.tests.builder import SnapshotBuilder
from navet.followup.tests.support import cell, figures, run

ALL = (
    "admission_notice_within_24h",
    "sip_call_within_3d",
    "discharge_notice_on_time",
    "named_care_contact_before_discharge",
)
ADMISSION = "admission_notice_within_24h"


def _admission_notices() -> SnapshotBuilder:
    b = SnapshotBuilder()
    b.person("A").person("B")
    b.stay("s1", "A", "2025-03-01 10:00")
    b.notice("s1", "A", "admission_notice", "2025-03-02 10:00", "2025-03-02 09:00")  # in time
    b.notice("s1", "A", "admission_notice", "2025-03-02 10:00", "2025-03-02 10:00", to="K1")
    b.notice("s1", "A", "admission_notice", "2025-03-05 10:00", "2025-03-05 10:01")  # late
    b.notice("s1", "A", "admission_notice", "2025-06-01 10:00")  # never sent: late
    # Never sent, due on the local 31 December, passed when the snapshot was made: late.
    b.notice("s1", "B", "admission_notice", "2025-12-31 23:30")
    # Due on the local 1 January (the UTC 31 December): in the period, and in time.
    b.notice("s1", "B", "admission_notice", "2025-01-01 00:30", "2024-12-31 20:00")
    # Due on the local 31 December 2024 (UTC the same day): before the period.
    b.notice("s1", "B", "admission_notice", "2024-12-31 23:30", "2024-12-31 20:00")
    # Re-sent (no statutory deadline) and other kinds: not counted here.
    b.notice("s1", "A", "admission_notice", None, "2025-03-04 10:00")
    b.notice("s1", "A", "ready_notice", None, "2025-03-04 10:00")
    b.notice("s1", "A", "discharge_notice", "2025-03-06 23:59", "2025-03-09 10:00")
    return b


def test_admission_notices_count_per_receiver_due_in_the_period(tmp_path):
    table = run(_admission_notices(), tmp_path, ADMISSION)
    assert figures(table, ADMISSION) == (3, 6, 0.5)
    # Located at the sending ward, and at the person's home municipality.
    assert figures(table, ADMISSION, level="unit", value="W1") == (3, 6, 0.5)
    assert figures(table, ADMISSION, level="municipality", value="1980") == (3, 6, 0.5)


def test_grace_minutes_move_a_notice_sent_just_after_its_deadline_into_time(tmp_path):
    parameters = {ADMISSION: {"grace_minutes": 5}}
    table = run(_admission_notices(), tmp_path, ADMISSION, parameters=parameters)
    assert figures(table, ADMISSION) == (4, 6, 4 / 6)


def test_an_unsent_notice_not_yet_due_when_the_snapshot_was_made_is_left_out(tmp_path):
    b = SnapshotBuilder()
    b.person("A")
    # The snapshot was made 2026-01-01 00:00 UTC; these are due later in January.
    b.notice("s1", "A", "admission_notice", "2026-01-05 10:00")
    b.notice("s1", "A", "admission_notice", "2026-01-05 10:00", "2025-12-31 10:00")
    january = Period(dt.date(2026, 1, 1), dt.date(2026, 1, 31))
    table = run(b, tmp_path, ADMISSION, period=january)
    assert figures(table, ADMISSION, period=january) == (1, 1, 1.0)


def test_sip_calls_and_discharge_notices_each_count_only_their_own_kind(tmp_path):
    b = SnapshotBuilder()
    b.person("A")
    b.stay("s1", "A", "2025-03-01 10:00", "2025-03-12 14:00", ready="2025-03-06 11:00")
    # SIP call due 3 days after ready; sent by the health centre on day 3 and on day 4.
    b.notice("s1", "A", "sip_call", "2025-03-09 11:00", "2025-03-09 10:00", to="K1", sender="HC1")
    b.notice("s1", "A", "sip_call", "2025-03-09 11:00", "2025-03-10 09:00", to="K1", sender="HC2")
    # Discharge notice due at the end of the (local) discharge day: one in time, one late.
    b.notice("s1", "A", "discharge_notice", "2025-03-12 23:59:59", "2025-03-12 13:00")
    b.notice("s1", "A", "discharge_notice", "2025-03-12 23:59:59", "2025-03-13 08:00", to="K1")
    b.notice("s1", "A", "discharge_notice", "2025-03-12 23:59:59", "2025-03-12 15:00", to="K2")
    table = run(b, tmp_path, "sip_call_within_3d", "discharge_notice_on_time")
    assert figures(table, "sip_call_within_3d") == (1, 2, 0.5)
    assert figures(table, "sip_call_within_3d", level="unit", value="HC1") == (1, 1, 1.0)
    assert figures(table, "sip_call_within_3d", level="unit", value="HC2") == (0, 1, 0.0)
    assert figures(table, "discharge_notice_on_time") == (2, 3, 2 / 3)


def test_named_care_contact_at_discharge_counts_known_discharges_but_not_deaths(tmp_path):
    b = SnapshotBuilder()
    b.person("A").person("B")
    b.listing("A", "HC1").listing("B", "HC2")
    b.stay("s1", "A", "2025-03-01 10:00", "2025-03-10 10:00", named_care=True)
    b.stay("s2", "B", "2025-04-01 10:00", "2025-04-10 10:00", named_care=False)
    b.stay("s3", "B", "2025-05-01 10:00", "2025-05-10 10:00")  # not known: left out
    b.stay("s4", "A", "2025-06-01", "2025-06-03", destination="deceased", named_care=False)
    b.stay("s5", "A", "2025-12-20 10:00", named_care=None)  # still admitted
    b.stay("s6", "B", "2025-12-20 10:00", "2026-01-01 00:30", named_care=False)  # after
    name = "named_care_contact_before_discharge"
    table = run(b, tmp_path, name)
    assert figures(table, name) == (1, 2, 0.5)
    # The unit is the health centre of the listing at discharge.
    assert figures(table, name, level="unit", value="HC1") == (1, 1, 1.0)
    assert figures(table, name, level="unit", value="HC2") == (0, 1, 0.0)


def test_without_the_tables_every_indicator_is_not_computable_never_zero(tmp_path):
    b = SnapshotBuilder()
    b.person("A")
    table = run(b, tmp_path, *ALL)
    for indicator in ALL:
        row = cell(table, indicator)
        assert row.status == "not_computable"
        assert row.value != row.value  # empty, not zero
        assert "notices" in row.note or "stays" in row.note
