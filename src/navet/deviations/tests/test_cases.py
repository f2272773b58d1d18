"""The cases a deviation can name, read through the owning apps: each suggests its responsible
unit, and only the person's own case resolves."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from navet.access.audit import actor_for
from navet.deviations import cases
from navet.deviations.tests.support import report
from navet.mobile.models import MobileRequest
from navet.monitoring import services as monitoring
from navet.monitoring.measures import MEASURES
from navet.monitoring.values import check
from navet.plans.models import CoordinatedPlan

pytestmark = pytest.mark.django_db


def test_every_kind_of_case_and_its_default_unit(small_county, elsa_stay):
    elsa, units = small_county.persons["elsa"], small_county.units
    plan = CoordinatedPlan.objects.create(
        key="t-sip",
        person=elsa,
        need="Många kontakter",
        initiated_by_name="Maja Fors",
        initiating_unit=units["home_health"],
        coordinator_name="Eva Holm",
        coordinator_unit=units["skiljebo"],
    )
    request = MobileRequest.objects.create(
        key="t-mobile",
        team=units["mobile_team"],
        person=elsa,
        channel="home_health_care",
        sender_name="Maja Fors",
        reason="Feber",
        urgency="today",
        received_at=timezone.now(),
    )
    nurse = User.objects.get(username="distriktsskoterska")
    enrolment = monitoring.enrol(
        person=elsa,
        unit=units["skiljebo"],
        user=nurse,
        actor=actor_for(nurse),
        measures={"spo2": (MEASURES["spo2"].low, MEASURES["spo2"].high)},
        reason="KOL",
    )
    monitoring.record_value(
        enrolment=enrolment,
        checked=check("spo2", 85, "%"),
        effective_at=timezone.now() - timedelta(minutes=5),
        actor=actor_for(nurse),
        user=nurse,
    )
    found = {c.kind: c for c in cases.cases_of(elsa)}
    assert found["stay"].unit == units["ward"] and found["stay"].id == elsa_stay.pk
    assert found["sip"].unit == units["skiljebo"] and found["sip"].id == plan.pk
    assert found["mobile_request"].unit == units["mobile_team"]
    assert found["mobile_request"].id == request.pk
    assert found["monitoring_alert"].unit == units["skiljebo"]
    d = report(elsa, case=("mobile_request", request.pk), category="care")
    assert d.responsible_unit == units["mobile_team"] and d.case_label.startswith("Uppdrag")
    assert cases.url_of("sip", plan.pk, elsa.pk).endswith(f"/sip/{plan.pk}/")
    assert cases.resolve(small_county.persons["gustav"], "sip", plan.pk) is None
    assert cases.parse_ref("sip:12") == ("sip", 12)
    assert cases.parse_ref("sip:x") is None and cases.parse_ref("other:1") is None
