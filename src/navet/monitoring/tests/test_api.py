"""The device API: a FHIR Observation with a device token."""

import json

import pytest
from django.test import Client

from navet.access.models import AuditAction, AuditEvent
from navet.messaging.models import InboxItem
from navet.monitoring.models import Alert, Measurement

pytestmark = pytest.mark.django_db
URL = "/api/fhir/Observation"


def observation(person, *, code="59408-5", value=89, unit="%", at="2026-01-10T08:15:00+01:00"):
    return {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": code}]},
        "subject": {
            "identifier": {"system": "urn:oid:1.2.752.129.2.1.3.1", "value": person.identifier}
        },
        "effectiveDateTime": at,
        "valueQuantity": {"value": value, "unit": unit, "system": "http://unitsofmeasure.org",
                          "code": unit},
    }  # fmt: skip


def post(body, token, client=None):
    client = client or Client(enforce_csrf_checks=True)
    return client.post(
        URL,
        data=json.dumps(body),
        content_type="application/fhir+json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def test_a_value_outside_its_threshold_is_stored_and_alerts_the_unit(
    small_county, device_token, enrolment
):
    elsa = small_county.persons["elsa"]
    response = post(observation(elsa), device_token)
    assert response.status_code == 201, response.content
    assert response["Content-Type"] == "application/fhir+json"
    stored = Measurement.objects.get()
    assert (stored.measure, stored.value, stored.unit, stored.source) == ("spo2", 89, "%", "device")
    assert response.json()["id"] == str(stored.pk)
    alert = Alert.objects.get()
    assert alert.unit == small_county.units["skiljebo"] and "under gränsen 92" in alert.reason
    item = InboxItem.objects.get(kind="monitoring_alert")
    assert item.to_unit == small_county.units["skiljebo"] and item.person == elsa
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_type="monitoring.measurement", person_id=elsa.pk
    ).exists()


def test_a_value_inside_its_thresholds_raises_no_alert(small_county, device_token, enrolment):
    response = post(observation(small_county.persons["elsa"], value=97), device_token)
    assert response.status_code == 201
    assert not Alert.objects.exists()


def test_the_same_device_observation_twice_is_stored_once(small_county, device_token, enrolment):
    body = observation(small_county.persons["elsa"])
    first, second = post(body, device_token), post(body, device_token)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    assert Measurement.objects.count() == 1 and Alert.objects.count() == 1
    later = post({**body, "effectiveDateTime": "2026-01-10T09:15:00+01:00"}, device_token)
    assert later.status_code == 201 and Measurement.objects.count() == 2


def test_a_token_for_another_person_is_refused_and_logged(small_county, device_token, enrolment):
    elsa, gustav = small_county.persons["elsa"], small_county.persons["gustav"]
    response = post(observation(gustav), device_token)
    assert response.status_code == 403
    assert response.json()["resourceType"] == "OperationOutcome"
    assert response.json()["issue"][0]["code"] == "forbidden"
    assert not Measurement.objects.exists()
    denied = AuditEvent.objects.get(action=AuditAction.DENIED, object_type="monitoring.device")
    assert denied.person_id == elsa.pk and "annan person" in denied.detail


@pytest.mark.parametrize(
    ("token", "status"), [("", 401), ("nvm_wrong", 401), ("not-even-ours", 401)]
)
def test_without_a_valid_token_nothing_is_stored(small_county, enrolment, token, status):
    response = post(observation(small_county.persons["elsa"]), token)
    assert response.status_code == status
    assert response.json()["issue"][0]["code"] == "login"
    assert not Measurement.objects.exists()


@pytest.mark.parametrize(
    ("change", "status", "text"),
    [
        ({"valueQuantity": {"value": 130, "system": "http://unitsofmeasure.org", "code": "%"}},
         422, "inte ett möjligt värde"),
        ({"code": {"coding": [{"system": "http://loinc.org", "code": "29463-7"}]},
          "valueQuantity": {"value": 1.7, "system": "http://unitsofmeasure.org", "code": "m"}},
         422, "Enheten m passar inte för vikt"),
        ({"valueQuantity": {"value": 95, "code": "%"}}, 400, "UCUM"),
        ({"effectiveDateTime": "2026-01-10"}, 400, "klockslag"),
        ({"effectiveDateTime": "2026-01-10T08:00:00"}, 400, "tidszon"),
        ({"effectiveDateTime": "2999-01-10T08:00:00+01:00"}, 422, "framtiden"),
        ({"resourceType": "Patient"}, 400, "Observation"),
        ({"status": "registered"}, 400, "status"),
        ({"valueString": "95"}, 400, "Okända element"),
        ({"code": {"coding": [{"system": "http://loinc.org", "code": "8867-4"}]},
          "valueQuantity": {"value": 70, "system": "http://unitsofmeasure.org", "code": "/min"}},
         422, "mäts inte"),
        ({"subject": {"reference": "Patient/1"}}, 400, "subject"),
        ({"identifier": "mätare-1"}, 400, "följer inte FHIR R4"),
    ],
)  # fmt: skip
def test_bad_observations_are_refused_with_the_reason(
    small_county, device_token, enrolment, change, status, text
):
    body = {**observation(small_county.persons["elsa"]), **change}
    response = post(body, device_token)
    assert response.status_code == status, response.content
    issue = response.json()["issue"][0]
    assert issue["severity"] == "error" and text in issue["diagnostics"]
    assert not Measurement.objects.exists()


def test_broken_json_and_get_are_refused(device_token, enrolment):
    client = Client()
    response = client.post(
        URL, data=b"{nope", content_type="application/fhir+json",
        HTTP_AUTHORIZATION=f"Bearer {device_token}",
    )  # fmt: skip
    assert response.status_code == 400 and response.json()["issue"][0]["code"] == "structure"
    assert client.get(URL).status_code == 405


def test_only_the_hash_of_a_token_is_stored(device_token, enrolment):
    device = enrolment.devices.get()
    assert device_token not in device.token_hash and len(device.token_hash) == 64
