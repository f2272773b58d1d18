"""--database loads care at home through the apps' models: mobile-team requests and visits,
consultations, reception requests, home monitoring — with the care relationships their services
open, and the same rows in `./navet snapshot` as in the generator's Parquet."""

from __future__ import annotations

from datetime import date

import pyarrow.parquet as pq
import pytest

from navet.access.models import CareRelationship
from navet.followup.contract import read_snapshot
from navet.followup.export import export_snapshot
from navet.mobile.models import HomeVisit, MobileRequest
from navet.mobile.selectors import outcome_check
from navet.monitoring.models import Alert, Enrolment, Measurement, MonitoredMeasure
from navet.organisation.models import CareUnit
from navet.reception.models import ReceptionRequest
from navet.remote.models import Consultation
from navet.synth.home_tables import data
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
