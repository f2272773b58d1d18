from datetime import date

import pytest
from django.urls import reverse

from navet.access.models import AuditEvent
from navet.messaging.models import InboxItem
from navet.remote.models import Consultation, OnCallRota
from navet.remote.tests.support import VITALS, ask, pick_up

pytestmark = pytest.mark.django_db


def _form(key="k1", **extra):
    data = {"key": key, "target": "health_centre", "urgency": "today", "question": "Feber?"}
    return {**data, **VITALS, **extra}


def test_the_nurse_asks_from_the_person_page(client_as, nurse_cares_for_elsa, small_county):
    elsa = small_county.persons["elsa"]
    client = client_as("kommunskoterska")
    url = reverse("remote:person", args=[elsa.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Syremättnad (%)" in page.text
    response = client.post(url, _form())
    c = Consultation.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"/konsultation/{c.pk}/")
    client.post(url, _form())  # the double submit
    assert Consultation.objects.count() == 1


def test_an_impossible_value_is_refused_and_the_input_kept(
    client_as, nurse_cares_for_elsa, small_county
):
    elsa = small_county.persons["elsa"]
    response = client_as("kommunskoterska").post(
        reverse("remote:person", args=[elsa.pk]), _form(spo2="130", question="Andfådd")
    )
    assert response.status_code == 400
    assert "Syremättnad 130 % är inte möjligt" in response.text
    assert "Andfådd" in response.text
    assert not Consultation.objects.exists()


def test_missing_rota_is_a_swedish_form_error(client_as, nurse_cares_for_elsa, small_county):
    elsa = small_county.persons["elsa"]
    response = client_as("kommunskoterska").post(
        reverse("remote:person", args=[elsa.pk]), _form(target="on_call")
    )
    assert response.status_code == 400 and "inget jourschema" in response.text


def test_a_nurse_without_relationship_is_refused(client_as, demo_users, small_county):
    gustav = small_county.persons["gustav"]
    response = client_as("kommunskoterska").get(reverse("remote:person", args=[gustav.pk]))
    assert response.status_code == 403


def test_doctor_picks_up_and_answers_the_nurse_sees_the_answer(
    client_as, nurse_cares_for_elsa, small_county
):
    elsa = small_county.persons["elsa"]
    c = ask(elsa)
    doctor = client_as("allmanlakare")
    queue = doctor.get(reverse("remote:worklist"))
    assert "Elsa" in queue.text and "Samma dag" in queue.text
    assert AuditEvent.objects.filter(object_type="consultation_list", person_id=elsa.pk).exists()
    start = doctor.get(reverse("web:start"))
    assert "1 obesvarade konsultationer i din enhets kö" in start.text
    detail = reverse("remote:detail", args=[elsa.pk, c.pk])
    assert "Ta konsultationen" in doctor.get(detail).text
    doctor.post(reverse("remote:pick_up", args=[elsa.pk, c.pk]))
    bad = doctor.post(reverse("remote:answer", args=[elsa.pk, c.pk]), {"advice": ""})
    assert bad.status_code == 400 and "Skriv ditt råd." in bad.text
    doctor.post(
        reverse("remote:answer", args=[elsa.pk, c.pk]),
        {"advice": "Ge vätska.", "visit_needed": "on", "video": "on"},
    )
    nurse = client_as("kommunskoterska")
    page = nurse.get(detail)
    assert "Ge vätska." in page.text and "Besök behövs" in page.text
    assert "Regionens videomöte" in page.text
    overview = nurse.get(reverse("web:resident_detail", args=[elsa.pk]))
    assert "Konsultationer (digitalt väntrum)" in overview.text and "Besvarad" in overview.text
    assert InboxItem.objects.filter(kind="consultation_answer").exists()


def test_the_second_doctor_sees_who_took_it(
    client_as, nurse_cares_for_elsa, small_county, second_doctor
):
    elsa = small_county.persons["elsa"]
    c = ask(elsa)
    pick_up(c)
    other = client_as("st")
    response = other.post(reverse("remote:pick_up", args=[elsa.pk, c.pk]), follow=True)
    assert "Per Ek har redan tagit konsultationen." in response.text


def test_the_on_call_unit_gets_the_question(client_as, nurse_cares_for_elsa, small_county):
    OnCallRota.objects.create(
        subarea=small_county.municipalities["vasteras"].subarea,
        unit=small_county.units["city"],
        valid_from=date(2020, 1, 1),
    )
    elsa = small_county.persons["elsa"]
    client_as("kommunskoterska").post(
        reverse("remote:person", args=[elsa.pk]), _form(target="on_call")
    )
    assert Consultation.objects.get().to_unit == small_county.units["city"]
