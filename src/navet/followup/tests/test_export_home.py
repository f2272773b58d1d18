"""`./navet snapshot` writes the care-at-home tables (mobile teams, consultations, home
monitoring) from known rows: expected values, contract types, pseudonymised keys, no free text,
and no tables at all while the apps were never used."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.contrib.auth.models import User

from navet.activity.models import EdVisit
from navet.followup.contract import read_snapshot
from navet.followup.export import export_snapshot, pseudonym
from navet.mobile.models import HomeVisit, MobileRequest
from navet.monitoring.models import Alert, Enrolment, Measurement
from navet.remote.models import Consultation

KEY = bytes(range(32))
ON = date(2025, 12, 31)
HOME = (
    "mobile_requests",
    "mobile_visits",
    "consultations",
    "monitoring_enrolments",
    "monitoring_measurements",
    "monitoring_alerts",
)
SECRET = "Hemlig fritext om Elsa"


def t(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.fixture
def home_rows(small_county):
    elsa, units = small_county.persons["elsa"], small_county.units
    ed = units["ward"].__class__.objects.create(
        hsa_id="SE2321000206-E9002",
        name="Akutmottagningen",
        kind="emergency_department",
        care_provider=units["ward"].care_provider,
        principal=units["ward"].principal,
        municipality=units["ward"].municipality,
    )
    visited = MobileRequest.objects.create(
        key="m1", team=units["mobile_team"], person=elsa, channel="health_centre",
        from_unit=units["skiljebo"], sender_name=SECRET, reason=SECRET, urgency="same_day",
        received_at=t("2025-03-01 08:00"), status="visited", triaged_at=t("2025-03-01 08:30"),
        planned_at=t("2025-03-01 12:00"),
    )  # fmt: skip
    HomeVisit.objects.create(
        request=visited, visited_at=t("2025-03-01 12:00"), findings=SECRET, actions=SECRET,
        outcome="managed_at_home", recorded_at=t("2025-03-01 13:00"),
    )  # fmt: skip
    EdVisit.objects.create(
        source_id="ed1", person=elsa, unit=ed, arrival_time=t("2025-03-04 20:00")
    )
    waiting = MobileRequest.objects.create(
        key="m2", team=units["mobile_team"], person=elsa, channel="1177", sender_name="1177",
        reason=SECRET, urgency="acute", received_at=t("2025-12-31 09:00"),
    )  # fmt: skip
    consultation = Consultation.objects.create(
        key="c1", person=elsa, asked_by_name=SECRET, asking_unit=units["home_health"],
        target="health_centre", to_unit=units["skiljebo"], urgency="today", question=SECRET,
        spo2=91, created_at=t("2025-05-02 10:00"), due_at=t("2025-05-02 14:00"),
        status="answered", picked_by_name="Per Ek", picked_at=t("2025-05-02 11:00"),
        advice=SECRET, answered_at=t("2025-05-02 15:00"), escalated_at=t("2025-05-02 14:05"),
    )  # fmt: skip
    nurse = User.objects.create_user("nurse-home")
    enrolment = Enrolment.objects.create(
        person=elsa, unit=units["skiljebo"], reason=SECRET, enrolled_by=nurse,
        started_at=t("2025-06-01 09:00"),
    )  # fmt: skip
    low = Measurement.objects.create(
        enrolment=enrolment, measure="spo2", value=Decimal("89"), unit="%",
        effective_at=t("2025-06-02 07:30"), source="form",
    )  # fmt: skip
    Measurement.objects.create(
        enrolment=enrolment, measure="weight", value=Decimal("71.4"), unit="kg",
        effective_at=t("2025-06-02 07:31"), source="form",
    )  # fmt: skip
    alert = Alert.objects.create(
        measurement=low, enrolment=enrolment, unit=units["skiljebo"], reason="SpO2 89",
        action=SECRET,
    )  # fmt: skip
    return visited, waiting, consultation, enrolment, alert


@pytest.mark.django_db
def test_no_home_tables_while_the_apps_were_never_used(small_county, tmp_path):
    export_snapshot(out_dir=tmp_path / "snap", on=ON, key=KEY)
    assert not set(HOME) & read_snapshot(tmp_path / "snap").tables


@pytest.mark.django_db
def test_the_home_tables_hold_the_known_rows(small_county, home_rows, tmp_path):
    visited, waiting, consultation, enrolment, alert = home_rows
    counts = export_snapshot(out_dir=tmp_path / "snap", on=ON, key=KEY)
    snapshot = read_snapshot(tmp_path / "snap")
    assert set(HOME) <= snapshot.tables
    assert [counts[name] for name in HOME] == [2, 1, 1, 1, 2, 1]
    elsa = pseudonym(KEY, small_county.persons["elsa"].identifier)
    units = small_county.units

    requests = pq.read_table(snapshot.path("mobile_requests")).to_pylist()
    assert requests[0] == {
        "request_key": pseudonym(KEY, f"mobile:{visited.pk}"),
        "person_key": elsa,
        "unit_id": units["mobile_team"].hsa_id,
        "channel": "health_centre",
        "from_unit_id": units["skiljebo"].hsa_id,
        "urgency": "same_day",
        "received_time": t("2025-03-01 08:00"),
        "triage": "accepted",
        "triaged_time": t("2025-03-01 08:30"),
        "planned_time": t("2025-03-01 12:00"),
        "status": "visited",
    }
    assert requests[1]["request_key"] == pseudonym(KEY, f"mobile:{waiting.pk}")
    assert (requests[1]["triage"], requests[1]["from_unit_id"], requests[1]["status"]) == (
        None,
        None,
        "received",
    )
    (visit,) = pq.read_table(snapshot.path("mobile_visits")).to_pylist()
    assert visit["request_key"] == requests[0]["request_key"]
    assert (visit["outcome"], visit["ed_visit_within_7d"], visit["admitted_within_7d"]) == (
        "managed_at_home",
        True,  # the ED arrival 3 days later
        False,
    )
    (row,) = pq.read_table(snapshot.path("consultations")).to_pylist()
    assert row == {
        "consultation_key": pseudonym(KEY, f"consultation:{consultation.pk}"),
        "person_key": elsa,
        "asking_unit_id": units["home_health"].hsa_id,
        "unit_id": units["skiljebo"].hsa_id,
        "target": "health_centre",
        "urgency": "today",
        "created_time": t("2025-05-02 10:00"),
        "due_time": t("2025-05-02 14:00"),
        "picked_time": t("2025-05-02 11:00"),
        "answered_time": t("2025-05-02 15:00"),
        "escalated_time": t("2025-05-02 14:05"),
        "status": "answered",
        "visit_needed": False,
    }
    values = pq.read_table(snapshot.path("monitoring_measurements")).to_pylist()
    assert [(v["measure"], v["measure_code"], v["ucum_unit"], v["value"]) for v in values] == [
        ("spo2", "59408-5", "%", 89.0),
        ("weight", "29463-7", "kg", 71.4),
    ]
    assert values[0]["effective_time"] == t("2025-06-02 07:30")
    (raised,) = pq.read_table(snapshot.path("monitoring_alerts")).to_pylist()
    assert raised["enrolment_key"] == pseudonym(KEY, f"monitoring:{enrolment.pk}")
    assert (raised["measure"], raised["value"], raised["acknowledged_time"]) == ("spo2", 89.0, None)
    assert abs(raised["raised_time"] - alert.created_at) < timedelta(seconds=1)

    for name in HOME:
        for field in pq.read_schema(snapshot.path(name)):
            if pa.types.is_timestamp(field.type):
                assert (field.type.unit, field.type.tz) == ("us", "UTC"), (name, field.name)
        rows = pq.read_table(snapshot.path(name)).to_pylist()
        assert not any(SECRET in str(value) for row in rows for value in row.values()), name
