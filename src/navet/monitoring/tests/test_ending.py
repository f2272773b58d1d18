"""Ending home monitoring and revoking a device token from the person's page."""

import json

import pytest
from django.test import Client

from navet.access.models import AuditAction, AuditEvent, CareRelationship
from navet.monitoring.models import Alert, DeviceToken, Enrolment, Measurement
from navet.monitoring.services import MonitoringError
from navet.monitoring.tests.test_api import URL, observation

pytestmark = pytest.mark.django_db


def post_value(person, token, **kwargs):
    return Client().post(
        URL,
        data=json.dumps(observation(person, **kwargs)),
        content_type="application/fhir+json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def page_url(person, tail=""):
    return f"/hemmonitorering/person/{person.pk}/{tail}"


def test_ending_revokes_the_devices_ends_the_relationship_and_keeps_the_values(
    small_county, client_as, device_token, enrolment
):
    elsa = small_county.persons["elsa"]
    assert post_value(elsa, device_token, value=97).status_code == 201
    client = client_as("distriktsskoterska")
    response = client.post(page_url(elsa, "avsluta/"), {"end_reason": "Stabil sedan två månader"})
    assert response.status_code == 302
    ended = Enrolment.objects.get()
    assert ended.ended_at is not None and ended.end_reason == "Stabil sedan två månader"
    assert ended.ended_by.username == "distriktsskoterska"
    assert not DeviceToken.objects.filter(revoked_at__isnull=True).exists()
    relationship = CareRelationship.objects.get(source_type="monitoring.enrolment")
    assert relationship.event_ended_at == ended.ended_at and relationship.ends_at > ended.ended_at
    # The device is refused at once; what was measured stays.
    assert post_value(elsa, device_token, at="2026-01-11T08:15:00+01:00").status_code == 401
    assert Measurement.objects.count() == 1
    assert AuditEvent.objects.filter(
        action=AuditAction.CHANGE, object_type="monitoring.enrolment", person_id=elsa.pk
    ).exists()
    body = client.get(page_url(elsa)).content.decode()
    assert "inte inskriven" in body and "Stabil sedan två månader" in body
    # Enrolling again opens a new enrolment; the old one keeps its end.
    again = client.post(page_url(elsa, "inskriv/"), {"measure_spo2": "on", "low_spo2": "92"})
    assert again.status_code == 302 and Enrolment.objects.filter(ended_at__isnull=True).count() == 1


def test_an_unacknowledged_alert_stops_the_ending(small_county, client_as, device_token, enrolment):
    elsa = small_county.persons["elsa"]
    assert post_value(elsa, device_token, value=88).status_code == 201
    client = client_as("distriktsskoterska")
    response = client.post(page_url(elsa, "avsluta/"), {"end_reason": "Stabil"})
    assert response.status_code == 400
    assert "Kvittera först larmet" in response.content.decode()
    assert Enrolment.objects.get().ended_at is None
    alert = Alert.objects.get()
    client.post(page_url(elsa, f"larm/{alert.pk}/kvittera/"), {"action": "Ringt, mår bra."})
    assert Alert.objects.get().acknowledged_at is not None
    assert client.post(page_url(elsa, "avsluta/"), {"end_reason": "Stabil"}).status_code == 302


def test_a_reason_is_required_and_a_second_ending_names_who_ended_it(
    small_county, client_as, enrolment
):
    elsa = small_county.persons["elsa"]
    client = client_as("distriktsskoterska")
    response = client.post(page_url(elsa, "avsluta/"), {"end_reason": "  "})
    assert response.status_code == 400 and "Skriv varför" in response.content.decode()
    assert Enrolment.objects.get().ended_at is None
    from navet.access.audit import actor_for
    from navet.monitoring import ending

    ending.end_enrolment(
        enrolment_id=enrolment.pk, person=elsa, user=enrolment.enrolled_by,
        actor=actor_for(enrolment.enrolled_by), reason="Inlagd",
    )  # fmt: skip
    with pytest.raises(MonitoringError, match=r"avslutades redan .* av "):
        ending.end_enrolment(
            enrolment_id=enrolment.pk, person=elsa, user=enrolment.enrolled_by,
            actor=actor_for(enrolment.enrolled_by), reason="Inlagd",
        )  # fmt: skip


def test_revoking_one_device_refuses_its_token_only(
    small_county, client_as, device_token, enrolment
):
    elsa = small_county.persons["elsa"]
    client = client_as("distriktsskoterska")
    client.post(page_url(elsa, "matenhet/"), {"label": "Våg"})
    scale = DeviceToken.objects.get(label="Våg")
    first = DeviceToken.objects.get(label="Blodtrycksmätare")
    for _ in range(2):  # a double click revokes once
        response = client.post(page_url(elsa, f"matenhet/{first.pk}/aterkalla/"))
        assert response.status_code == 302
    first.refresh_from_db()
    scale.refresh_from_db()
    assert first.revoked_at is not None and scale.revoked_at is None
    assert post_value(elsa, device_token).status_code == 401
    assert (
        AuditEvent.objects.filter(
            action=AuditAction.CHANGE, object_type="monitoring.device", object_id=str(first.pk)
        ).count()
        == 1
    )
    assert Enrolment.objects.get().ended_at is None
