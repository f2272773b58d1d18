"""Staff pages: enrolment (with the care relationship), device token, worklist and start-page
count, acknowledging an alert with an action."""

from datetime import timedelta

import pytest
from django.utils import timezone

from navet.access.audit import actor_for
from navet.access.models import AuditAction, AuditEvent, CareRelationship
from navet.messaging.models import InboxItem
from navet.monitoring import services
from navet.monitoring.models import Alert, DeviceToken, Enrolment
from navet.monitoring.values import check

pytestmark = pytest.mark.django_db


def enrol_form(**extra):
    return {"measure_spo2": "on", "low_spo2": "92", "high_spo2": "", "reason": "KOL", **extra}


def test_enrolment_opens_the_units_care_relationship_once(small_county, client_as):
    elsa = small_county.persons["elsa"]
    client = client_as("distriktsskoterska")
    page = client.get(f"/hemmonitorering/person/{elsa.pk}/")
    assert page.status_code == 200 and "Skriv in i hemmonitorering" in page.content.decode()
    for _ in range(2):
        response = client.post(f"/hemmonitorering/person/{elsa.pk}/inskriv/", enrol_form())
        assert response.status_code == 302
    enrolment = Enrolment.objects.get()
    assert enrolment.unit == small_county.units["skiljebo"] and enrolment.reason == "KOL"
    limits = enrolment.measures.get()
    assert (limits.measure, limits.low, limits.high) == ("spo2", 92, None)
    relationship = CareRelationship.objects.get(source_type="monitoring.enrolment")
    assert relationship.unit == enrolment.unit and relationship.person == elsa
    assert (
        AuditEvent.objects.filter(
            action=AuditAction.CREATE, object_type="monitoring.enrolment"
        ).count()
        == 1
    )


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"measure_spo2": ""}, "Välj minst ett mått"),
        ({"low_spo2": "95", "high_spo2": "90"}, "nedre gränsen måste vara lägre"),
        ({"low_spo2": "mycket"}, "inget tal"),
    ],
)
def test_a_bad_enrolment_says_why_and_keeps_what_was_typed(small_county, client_as, form, message):
    elsa = small_county.persons["elsa"]
    client = client_as("distriktsskoterska")
    response = client.post(f"/hemmonitorering/person/{elsa.pk}/inskriv/", enrol_form(**form))
    body = response.content.decode()
    assert response.status_code == 400 and message in body
    assert f'value="{form.get("low_spo2", "92")}"' in body
    assert not Enrolment.objects.exists()


def test_a_device_token_is_shown_once_and_stored_hashed(small_county, client_as, enrolment):
    elsa = small_county.persons["elsa"]
    client = client_as("distriktsskoterska")
    response = client.post(f"/hemmonitorering/person/{elsa.pk}/matenhet/", {"label": "Våg"})
    body = response.content.decode()
    token = body.split('<code id="new-token">')[1].split("</code>")[0]
    assert token.startswith("nvm_")
    device = DeviceToken.objects.get(label="Våg")
    assert device.token_hash == services.hash_token(token)
    assert token not in client.get(f"/hemmonitorering/person/{elsa.pk}/").content.decode()
    assert services.device_for(token) == device


def breach(enrolment, nurse, minutes=0):
    at = timezone.now() - timedelta(minutes=minutes)
    return services.record_value(
        enrolment=enrolment, checked=check("spo2", 88, "%"), effective_at=at,
        actor=actor_for(nurse), user=nurse,
    )[0]  # fmt: skip


def test_an_alert_on_the_start_page_worklist_and_acknowledged_with_an_action(
    small_county, client_as, enrolment, nurse
):
    elsa = small_county.persons["elsa"]
    measurement = breach(enrolment, nurse)
    alert = Alert.objects.get(measurement=measurement)
    client = client_as("distriktsskoterska")
    assert "1 okvitterat larm" in client.get("/").content.decode()
    worklist = client.get("/hemmonitorering/").content.decode()
    assert "Elsa Lindqvist" in worklist and "under gränsen 92" in worklist
    assert AuditEvent.objects.filter(
        action=AuditAction.READ, person_id=elsa.pk, detail="arbetslista hemmonitorering"
    ).exists()
    url = f"/hemmonitorering/person/{elsa.pk}/larm/{alert.pk}/kvittera/"
    refused = client.post(url, {"action": "  "})
    assert refused.status_code == 400 and "Skriv vad som gjordes" in refused.content.decode()
    assert client.post(url, {"action": "Ringde Elsa, ökad syrgas"}).status_code == 302
    assert client.post(url, {"action": "Ett andra försök"}).status_code == 302
    alert.refresh_from_db()
    assert alert.acknowledged_by == nurse and alert.acknowledged_at is not None
    assert alert.action == "Ringde Elsa, ökad syrgas"
    item = InboxItem.objects.get(kind="monitoring_alert")  # done in the inbox too, not escalated
    assert item.acknowledged_at == alert.acknowledged_at and item.acknowledged_by == nurse
    assert "Inga okvitterade larm" in client.get("/").content.decode()
    page = client.get(f"/hemmonitorering/person/{elsa.pk}/").content.decode()
    assert "Ringde Elsa, ökad syrgas" in page and 'role="img"' in page


def test_other_units_do_not_see_the_alert(small_county, client_as, enrolment, nurse):
    breach(enrolment, nurse)
    body = client_as("kommunskoterska").get("/").content.decode()
    assert "Inga okvitterade larm" in body
    assert "Elsa" not in client_as("kommunskoterska").get("/hemmonitorering/").content.decode()
    assert client_as("analytiker").get("/hemmonitorering/").status_code == 403


def test_thresholds_changed_after_enrolment_apply_to_later_values(
    small_county, client_as, enrolment, nurse
):
    elsa = small_county.persons["elsa"]
    client = client_as("distriktsskoterska")
    url = f"/hemmonitorering/person/{elsa.pk}/granser/"
    form = {"low_spo2": "88", "high_spo2": "", "low_bp_systolic": "90", "high_bp_systolic": "150"}
    refused = client.post(url, {**form, "low_spo2": "99", "high_spo2": "95"})
    assert refused.status_code == 400 and "nedre gränsen" in refused.content.decode()
    assert client.post(url, form).status_code == 302
    limits = enrolment.measures.get(measure="spo2")
    assert (limits.low, limits.high) == (88, None)
    breach(enrolment, nurse)  # SpO2 88: at the new limit, no alert
    assert not Alert.objects.exists()
    assert AuditEvent.objects.filter(detail="gränsvärden ändrade", person_id=elsa.pk).exists()
