"""--database loads care at home through the apps' models: mobile-team requests and visits,
consultations, reception requests, home monitoring — with the care relationships their services
open and the inbox items their services send, and the same rows in `./navet snapshot` as in the
generator's Parquet."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pyarrow.parquet as pq
import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from navet.access.audit import system_actor
from navet.access.models import CareRelationship
from navet.followup.contract import read_snapshot
from navet.followup.export import export_snapshot
from navet.messaging import services as messaging
from navet.messaging.models import InboxItem
from navet.mobile.models import HomeVisit, MobileRequest
from navet.mobile.selectors import outcome_check
from navet.monitoring import services as monitoring
from navet.monitoring.models import Alert, Enrolment, Measurement, MonitoredMeasure
from navet.organisation.models import CareUnit
from navet.reception.models import ReceptionRequest
from navet.remote import services as remote
from navet.remote.models import Consultation
from navet.synth.errors import AlreadyGeneratedError
from navet.synth.home_tables import data
from navet.synth.inbox_db import BACKLOG_DAYS
from navet.synth.services import generate_into_database
from navet.synth.tests.test_database import ARGS

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    from navet.synth.generate import Params, generate

    generate_into_database(**ARGS)
    return generate(Params(**ARGS))


def test_rows_are_loaded_with_their_relationships(loaded):
    home = data(loaded)
    mr = home["mobile"]
    assert MobileRequest.objects.count() == len(mr["person"])
    assert HomeVisit.objects.count() == (mr["visit"] >= 0).sum()
    assert Consultation.objects.count() == len(home["consultations"]["person"])
    assert ReceptionRequest.objects.count() == len(home["reception"]["person"])
    assert Measurement.objects.count() == len(home["monitoring"]["measurements"]["value"])
    for team in CareUnit.objects.filter(kind="mobile_team"):
        assert MobileRequest.objects.filter(team=team, status="received").exists(), team
    request = MobileRequest.objects.filter(status="received").first()
    assert CareRelationship.objects.filter(
        kind="mobile_team",
        source_type="mobile.request",
        source_id=str(request.pk),
        unit=request.team,
        person=request.person,
        ends_at__isnull=True,
    ).exists()
    for enrolment in Enrolment.objects.filter(ended_at__isnull=True)[:5]:
        assert CareRelationship.objects.filter(
            source_type="monitoring.enrolment", source_id=str(enrolment.pk), unit=enrolment.unit
        ).exists()
        assert enrolment.measures.exists()


def test_the_apps_read_them_back(loaded):
    visit = HomeVisit.objects.filter(outcome="admitted").select_related("request").first()
    if visit is not None:  # tiny county: maybe none; the in-memory tests check the rates
        check = outcome_check(visit, now=visit.visited_at.replace(year=2030))
        assert check.admissions and visit.staff.exists()
    alert = Alert.objects.select_related("measurement", "enrolment").first()
    limits = MonitoredMeasure.objects.get(
        enrolment=alert.enrolment, measure=alert.measurement.measure
    )
    value = alert.measurement.value
    assert (limits.low is not None and value < limits.low) or value > limits.high
    assert ("under gränsen" in alert.reason) == (limits.low is not None and value < limits.low)
    assert Alert.objects.filter(acknowledged_at__isnull=True).exists()
    answered = Consultation.objects.filter(status="answered").first()
    assert answered.answered_at >= answered.created_at and answered.picked_by_name
    assert Consultation.objects.filter(status="waiting").exists()
    assert ReceptionRequest.objects.filter(status="waiting").exists()


def test_the_database_snapshot_has_the_same_home_rows(loaded, tmp_path):
    counts = export_snapshot(out_dir=tmp_path / "snap", on=date(2025, 12, 31), key=bytes(32))
    snapshot = read_snapshot(tmp_path / "snap")
    home = data(loaded)
    assert counts["mobile_requests"] == len(home["mobile"]["person"])
    assert counts["consultations"] == len(home["consultations"]["person"])
    assert counts["reception_requests"] == len(home["reception"]["person"])
    assert counts["monitoring_alerts"] == len(home["monitoring"]["alerts"]["raised"])
    visits = pq.read_table(snapshot.path("mobile_visits")).to_pylist()
    assert {v["outcome"] for v in visits} <= {"managed_at_home", "referred", "admitted"}
    assert all(v["ed_visit_within_7d"] is not None for v in visits)  # long past by now


HOME_KINDS = (
    "mobile_request",
    "consultation_question",
    "consultation_answer",
    "consultation_overdue",
    "monitoring_alert",
)
# The end of the generated history (ARGS: 2025-12-31, Stockholm, CET).
END = datetime(2025, 12, 31, 23, 0, tzinfo=UTC)
RECENT = END - timedelta(days=BACKLOG_DAYS)


def _items() -> dict[str, InboxItem]:
    return {i.key: i for i in InboxItem.objects.filter(kind__in=HOME_KINDS)}


def _check(item: InboxItem, *, kind: str, to_unit_id: int, person_id: int, open_: bool) -> None:
    assert item.kind == kind and item.to_unit_id == to_unit_id, item
    assert item.person_id == person_id, item
    assert item.is_open == open_, item
    if not open_:
        assert item.acknowledged_at >= item.created_at and item.acknowledged_by_name, item
        assert item.acknowledged_at <= END + timedelta(hours=1), item


def test_the_services_inbox_items_are_loaded_with_their_keys(loaded):
    items = _items()
    requests = list(MobileRequest.objects.all())
    consultations = list(Consultation.objects.all())
    alerts = list(Alert.objects.select_related("enrolment"))
    answered = [c for c in consultations if c.status == "answered"]
    escalated = [c for c in consultations if c.escalated_at is not None]
    # One item per object and kind, nothing else.
    assert len(items) == len(requests) + len(consultations) + len(answered) + len(escalated) + len(
        alerts
    )
    assert InboxItem.objects.filter(kind__in=HOME_KINDS).count() == len(items)
    for r in requests:
        item = items[f"mobile.request:{r.pk}"]
        waiting = r.status == "received"
        _check(
            item,
            kind="mobile_request",
            to_unit_id=r.team_id,
            person_id=r.person_id,
            open_=waiting and r.received_at >= RECENT,
        )
        assert item.source_url()
        assert item.created_at == r.received_at
        assert item.due_at == r.received_at + timedelta(hours=4)
        assert item.subject.startswith("Begäran om hembesök (") and item.body == r.reason
        if not waiting:
            assert item.acknowledged_at == r.triaged_at
    assert any(r.status == "received" for r in requests)
    for c in consultations:
        question = items[f"remote.question:{c.pk}"]
        assert c.question_item_id == question.pk
        _check(
            question,
            kind="consultation_question",
            to_unit_id=c.to_unit_id,
            person_id=c.person_id,
            open_=not c.is_answered and c.created_at >= RECENT,
        )
        assert question.due_at is None and question.body == remote.question_body(c)
        assert question.sender_unit_id == c.asking_unit_id and question.sender_user_id is None
        assert question.source_url()
        answer = items.get(f"remote.answer:{c.pk}")
        assert (answer is not None) == c.is_answered
        if c.is_answered:
            assert question.acknowledged_at == c.answered_at
            _check(
                answer,
                kind="consultation_answer",
                to_unit_id=c.asking_unit_id,
                person_id=c.person_id,
                open_=answer.is_open,
            )
            assert answer.created_at == c.answered_at and answer.body == remote.answer_body(c)
        overdue = items.get(f"remote.overdue:{c.pk}")
        assert (overdue is not None) == (c.escalated_at is not None)
        if overdue is not None:
            _check(
                overdue,
                kind="consultation_overdue",
                to_unit_id=c.to_unit_id,
                person_id=c.person_id,
                open_=not c.is_answered,
            )
    assert any(not c.is_answered for c in consultations)
    for a in alerts:
        item = items[f"monitoring.alert:{a.pk}"]
        _check(
            item,
            kind="monitoring_alert",
            to_unit_id=a.unit_id,
            person_id=a.enrolment.person_id,
            open_=a.acknowledged_at is None and a.created_at >= RECENT,
        )
        assert item.subject == f"Hemmätning utanför gränsvärde: {a.reason}"[:200]
        if a.acknowledged_at is not None:
            assert item.acknowledged_at == a.acknowledged_at
    assert any(a.acknowledged_at is None for a in alerts)
    # The backlog is recent: nothing older is still open.
    old = InboxItem.objects.open().filter(kind__in=HOME_KINDS, created_at__lt=RECENT)
    assert not old.exists()


def test_live_services_find_the_generated_items(loaded):
    before = InboxItem.objects.count()
    with pytest.raises(AlreadyGeneratedError):
        generate_into_database(**ARGS)
    assert InboxItem.objects.count() == before
    # Sending again with the service's key returns the generated item.
    alert = Alert.objects.filter(acknowledged_at__isnull=True).select_related("enrolment").first()
    item = InboxItem.objects.get(key=f"monitoring.alert:{alert.pk}")
    again = messaging.send_item(
        to_unit=alert.unit,
        kind="monitoring_alert",
        subject="x",
        idempotency_key=f"monitoring.alert:{alert.pk}",
        sender_name="Hemmonitorering",
    )
    assert again.pk == item.pk and InboxItem.objects.count() == before
    # Acknowledging the alert through the service settles its one generated item, as for a
    # live alert (no second item).
    user = User.objects.create_user("sjukskoterska")
    monitoring.acknowledge(
        alert_id=alert.pk,
        person=alert.enrolment.person,
        user=user,
        actor=system_actor("test"),
        action="Ringt personen.",
    )
    item.refresh_from_db()
    assert not item.is_open and item.acknowledged_by == user
    assert InboxItem.objects.count() == before
    # The waiting room escalates an overdue generated question through its generated item, once.
    waiting = Consultation.objects.filter(status="waiting", escalated_at__isnull=True).first()
    if waiting is not None:
        assert remote.escalate_overdue(now=timezone.now()) >= 1
        overdue = InboxItem.objects.get(key=f"remote.overdue:{waiting.pk}")
        assert overdue.to_unit_id == waiting.question_item.to_unit_id
        assert remote.escalate_overdue(now=timezone.now()) == 0
    # The inbox's own escalation treats generated items like live ones, once each.
    open_due = InboxItem.objects.open().filter(kind__in=HOME_KINDS, due_at__isnull=False)
    n = open_due.count()
    assert n and messaging.escalate_overdue(now=timezone.now(), batch_size=100_000) >= n
    assert messaging.escalate_overdue(now=timezone.now(), batch_size=100_000) == 0
