"""The discharge pages: the ward registers, the doctor alone sets ready, bad input is said in
Swedish and stores nothing, every page is gated and audited."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from navet.access.models import AuditEvent
from navet.transitions.models import InpatientStay, StayEvent
from navet.transitions.tests.support import admit, ago
from navet.web.tests.html import text

pytestmark = pytest.mark.django_db

FMT = "%Y-%m-%dT%H:%M"


def _admit_form(county, **extra):
    data = {
        "key": "k1",
        "ward": county.units["ward"].pk,
        "at": timezone.localtime(ago(hours=1)).strftime(FMT),
        "admission_type": "acute",
        "care_type": "somatic",
        "reason": "Pneumoni",
        "consent": "given",
        "needs_follow_on": "on",
        "estimate": (timezone.localdate() + timedelta(days=3)).isoformat(),
    }
    return {**data, **extra}


def test_ward_nurse_registers_an_admission_without_a_prior_relationship(client_as, small_county):
    elsa = small_county.persons["elsa"]
    client = client_as("avdelningsskoterska")
    # Before the admission the ward may not read Elsa.
    refused = client.get(reverse("web:resident_detail", args=[elsa.pk]))
    assert refused.status_code == 403
    url = reverse("transitions:admit", args=[elsa.pk])
    # The refusal page leads the ward to the admission form.
    assert f'href="{url}"' in refused.content.decode()
    assert client.get(url).status_code == 200
    response = client.post(url, _admit_form(small_county))
    assert response.status_code == 302
    client.post(url, _admit_form(small_county))  # a double submission
    stay = InpatientStay.objects.get()
    assert response.url == reverse("transitions:stay", args=[elsa.pk, stay.pk])
    page = client.get(response.url)
    main = text(page.content, "main")
    assert "Inskrivningsmeddelande" in main and "Biståndsenheten Västerås" in main
    assert "Ej kvitterat" in main
    # The admission opened the relationship: the record reads now, and the read is logged.
    assert client.get(reverse("web:resident_detail", args=[elsa.pk])).status_code == 200
    assert AuditEvent.objects.filter(object_type="stay", action="read", person_id=elsa.pk).exists()


def test_other_roles_cannot_register_admissions(client_as, small_county):
    url = reverse("transitions:admit", args=[small_county.persons["elsa"].pk])
    assert client_as("distriktsskoterska").get(url).status_code == 403


def test_bad_input_is_said_in_swedish_and_nothing_is_stored(client_as, small_county):
    elsa = small_county.persons["elsa"]
    client = client_as("avdelningsskoterska")
    url = reverse("transitions:admit", args=[elsa.pk])
    future = timezone.localtime(timezone.now() + timedelta(days=1)).strftime(FMT)
    response = client.post(url, _admit_form(small_county, at=future))
    assert response.status_code == 400
    assert "ligger i framtiden" in text(response.content, "main")
    response = client.post(url, _admit_form(small_county, at="igår"))
    assert "Ange datum och klockslag" in text(response.content, "main")
    assert InpatientStay.objects.count() == 0


def test_only_the_doctor_sees_and_uses_ready(client_as, small_county):
    stay, _ = admit(small_county)
    elsa = stay.person
    page = reverse("transitions:stay", args=[elsa.pk, stay.pk])
    ready = reverse("transitions:act", args=[elsa.pk, stay.pk, "ready"])
    nurse = client_as("avdelningsskoterska")
    assert "Patienten är utskrivningsklar nu" not in nurse.get(page).content.decode()
    response = nurse.post(ready, {"key": "r1"})
    assert response.status_code == 400
    assert "Bara behandlande läkare" in text(response.content, "main")
    doctor = client_as("avdelningslakare")
    assert "Patienten är utskrivningsklar nu" in doctor.get(page).content.decode()
    assert doctor.post(ready, {"key": "r1"}).status_code == 302
    stay.refresh_from_db()
    assert stay.ready_at is not None
    revoke = reverse("transitions:act", args=[elsa.pk, stay.pk, "not_ready"])
    response = doctor.post(revoke, {"key": "r2", "reason": "Ny feber"})
    assert response.status_code == 302
    main = text(doctor.get(page).content, "main")
    assert "Inte längre utskrivningsklar" in main and "Ny feber" in main


def test_discharge_before_ready_is_refused_on_the_page(client_as, small_county):
    stay, _ = admit(small_county)
    url = reverse("transitions:act", args=[stay.person.pk, stay.pk, "discharge"])
    now = timezone.localtime().strftime(FMT)
    response = client_as("avdelningsskoterska").post(
        url, {"key": "d1", "at": now, "destination": "home"}
    )
    assert response.status_code == 400
    assert "inte utskrivningsklar" in text(response.content, "main")
    assert StayEvent.objects.filter(kind="discharged").count() == 0


def test_receiver_reads_the_stay_and_acknowledges_in_the_inbox(client_as, small_county):
    stay, sent = admit(small_county)
    item = next(n.inbox_item for n in sent.notices if n.unit == small_county.units["skiljebo"])
    nurse = client_as("distriktsskoterska")
    assert nurse.get(reverse("transitions:stay", args=[stay.person.pk, stay.pk])).status_code == 200
    response = nurse.post(reverse("messaging:acknowledge", args=[item.pk]), {})
    assert response.status_code in (200, 302)
    item.refresh_from_db()
    assert item.acknowledged_by_name == "Eva Holm"
    main = text(
        client_as("avdelningsskoterska")
        .get(reverse("transitions:stay", args=[stay.person.pk, stay.pk]))
        .content,
        "main",
    )
    assert "Kvitterat" in main and "Eva Holm" in main


def test_a_unit_without_relationship_cannot_read_the_stay(client_as, small_county):
    stay, _ = admit(small_county)
    url = reverse("transitions:stay", args=[stay.person.pk, stay.pk])
    assert client_as("underskoterska").get(url).status_code in (200, 403)
    assert client_as("samordnare").get(url).status_code == 403


def test_unknown_action_is_404(client_as, small_county):
    stay, _ = admit(small_county)
    url = reverse("transitions:act", args=[stay.person.pk, stay.pk, "delete"])
    assert client_as("avdelningsskoterska").post(url, {}).status_code == 404


def test_receivers_see_the_admission_reason_only_with_consent(client_as, small_county):
    stay, _ = admit(small_county, consent="refused")
    url = reverse("transitions:stay", args=[stay.person.pk, stay.pk])
    receiver = text(client_as("distriktsskoterska").get(url).content, "main")
    assert "Fall i hemmet" not in receiver and "Samtycke saknas" in receiver
    assert "Fall i hemmet" in text(client_as("avdelningsskoterska").get(url).content, "main")
