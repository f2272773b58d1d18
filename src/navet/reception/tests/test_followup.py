"""Time to first assessment reaches Follow-up: the snapshot table `reception_requests` and the
care-guarantee indicator `medical_assessment_within_3d` (hand-computed)."""

from datetime import UTC, date, datetime

import pyarrow.parquet as pq
import pytest
from django.contrib.auth.models import User

from navet.access.audit import system_actor
from navet.followup.contract import read_snapshot
from navet.followup.export import export_snapshot, pseudonym
from navet.followup.tests.builder import SnapshotBuilder, local
from navet.followup.tests.support import figures, run
from navet.reception import services
from navet.reception.models import ReceptionRequest
from navet.reception.tests.support import FORM
from navet.reception.triage import RED_FLAGS

KEY = bytes(range(32))
INDICATOR = "medical_assessment_within_3d"


def reception(b, person, sent, assessed=None, *, reason="new", unit="HC1"):
    return b.add(
        "reception_requests",
        person_key=person,
        unit_id=unit,
        created_time=local(sent),
        first_assessed_time=local(assessed) if assessed else None,
        reason_class=reason,
        urgency=3,
        channel="chat",
        status="closed" if assessed else "waiting",
    )


def test_reception_requests_count_as_care_requests_by_local_day(tmp_path):
    b = SnapshotBuilder()
    b.persons("P", 6)
    b.care_request("P000", "2025-03-01", "2025-03-02")  # in time (record system)
    reception(b, "P001", "2025-03-01 10:00", "2025-03-04 16:00")  # day 3: in time
    reception(b, "P002", "2025-03-01 10:00", "2025-03-05 08:00")  # day 4: late
    # sent 23:30 local on 31 Dec 2024 (22:30 UTC): received before the period, left out
    reception(b, "P003", "2024-12-31 23:30", "2025-01-01 09:00")
    # sent 00:30 local on 1 Jan 2025 (23:30 UTC on 31 Dec): in the period; answered day 3
    reception(b, "P004", "2025-01-01 00:30", "2025-01-04 12:00")
    reception(b, "P005", "2025-03-01 10:00")  # never answered: late
    reception(b, "P005", "2025-06-01 10:00", "2025-06-01 11:00", reason="other")  # not covered
    table = run(b, tmp_path, INDICATOR)
    # in time: P000, P001, P004 = 3; known outcome: P000, P001, P002, P004, P005 = 5
    assert figures(table, INDICATOR) == (3, 5, 0.6)


def test_the_parameter_leaves_the_reception_out(tmp_path):
    b = SnapshotBuilder()
    b.persons("P", 2)
    b.care_request("P000", "2025-03-01", "2025-03-02")
    reception(b, "P001", "2025-03-01 10:00", "2025-03-09 10:00")
    with_it = run(b, tmp_path / "a", INDICATOR)
    without = run(
        b, tmp_path / "b", INDICATOR, parameters={INDICATOR: {"include_reception": False}}
    )
    assert figures(with_it, INDICATOR) == (1, 2, 0.5)
    assert figures(without, INDICATOR) == (1, 1, 1.0)


@pytest.mark.django_db
def test_the_database_snapshot_has_the_table_only_once_the_reception_was_used(demo_users, tmp_path):
    export_snapshot(out_dir=tmp_path / "empty", on=date(2025, 12, 31), key=KEY)
    assert "reception_requests" not in read_snapshot(tmp_path / "empty").tables

    resident = User.objects.get(username="invanare")
    nurse = User.objects.get(username="distriktsskoterska")
    data = {**FORM, **{f.code: False for f in RED_FLAGS}}
    actor = system_actor("test")
    request = services.submit_request(
        person=resident.resident, user=resident, key="s", data=data, actor=actor
    )
    services.pick_up(request=request, user=nurse, actor=actor)
    services.write(request=request, user=nurse, body="Hej", key="w", actor=actor, staff=True)
    request = ReceptionRequest.objects.get()

    export_snapshot(out_dir=tmp_path / "snap", on=date(2025, 12, 31), key=KEY)
    snapshot = read_snapshot(tmp_path / "snap")
    (row,) = pq.read_table(snapshot.path("reception_requests")).to_pylist()
    assert row["person_key"] == pseudonym(KEY, resident.resident.identifier)
    assert row["unit_id"] == request.unit.hsa_id
    assert row["created_time"] == request.created_at.astimezone(UTC)
    assert row["first_assessed_time"] == request.first_assessed_at.astimezone(UTC)
    assert row["first_assessed_time"] >= row["created_time"]
    assert (row["reason_class"], row["urgency"], row["channel"], row["status"]) == (
        "new",
        3,
        "chat",
        "in_progress",
    )
    assert isinstance(row["created_time"], datetime)
    assert "Hosta" not in (tmp_path / "snap" / "reception_requests.parquet").read_bytes().decode(
        "latin-1"
    )
