"""The resident's side: the form, its bad input, red flags, double submit, status and chat."""

import pytest
from django.urls import reverse

from navet.access.models import AuditEvent
from navet.reception.models import ReceptionRequest
from navet.reception.tests.support import form

pytestmark = pytest.mark.django_db
NEW = "/digital-mottagning/nytt/"


def test_the_resident_sends_the_form_to_their_health_centre(client_as):
    client = client_as("invanare")
    assert client.get(NEW).status_code == 200
    response = client.post(NEW, form())
    request = ReceptionRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reception:my_request", args=[request.pk])
    assert request.unit.name == "Vårdcentralen Skiljebo"
    assert request.urgency == 3 and request.status == "waiting"
    assert request.answers["chest_pain"] is False
    page = client.get(response["Location"]).content.decode()
    assert "Du står i kö. Du är nummer 1" in page
    assert AuditEvent.objects.filter(object_type="reception_request", action="create").exists()


def test_a_double_submit_stores_one_request(client_as):
    client = client_as("invanare")
    first = client.post(NEW, form(key="same"))
    second = client.post(NEW, form(key="same"))
    assert ReceptionRequest.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_a_second_form_while_one_is_open_is_refused_in_swedish(client_as):
    client = client_as("invanare")
    client.post(NEW, form(key="a"))
    response = client.post(NEW, form(key="b"))
    assert response.status_code == 400
    assert "Du har redan ett öppet ärende" in response.content.decode()
    assert ReceptionRequest.objects.count() == 1


def test_missing_answers_are_named_and_nothing_is_stored(client_as):
    bad = form(description="ont", problem_area="", chest_pain="")
    response = client_as("invanare").post(NEW, bad)
    text = response.content.decode()
    assert response.status_code == 400
    assert "Välj vad ärendet gäller." in text
    assert "Skriv lite mer, minst 10 tecken." in text
    assert "Svara ja eller nej." in text
    assert not ReceptionRequest.objects.exists()


@pytest.mark.parametrize(
    ("flag", "says"), [("chest_pain", "Ring 112 nu"), ("high_fever", "Ring 1177 nu")]
)
def test_a_red_flag_tells_the_resident_to_call_and_stores_nothing(client_as, flag, says):
    response = client_as("invanare").post(NEW, form(**{flag: "yes"}))
    assert says in response.content.decode()
    assert not ReceptionRequest.objects.exists()


def test_a_raise_flag_makes_the_request_urgent(client_as):
    client_as("invanare").post(NEW, form(severe_pain="yes"))
    assert ReceptionRequest.objects.get().urgency == 1


def test_the_resident_writes_and_sees_the_message_and_another_resident_cannot(
    client_as, small_county
):
    client = client_as("invanare")
    client.post(NEW, form())
    request = ReceptionRequest.objects.get()
    url = reverse("reception:my_write", args=[request.pk])
    client.post(url, {"key": "m1", "body": "Jag har också feber."})
    client.post(url, {"key": "m1", "body": "Jag har också feber."})
    assert request.messages.count() == 1
    status = client.get(reverse("reception:my_status", args=[request.pk])).content.decode()
    assert "Jag har också feber." in status
    empty = client.post(url, {"key": "m2", "body": ""})
    assert "Skriv ett meddelande." in empty.content.decode()
    # a request that is not the resident's own does not exist for them
    request.person = small_county.persons["berit"]
    request.save()
    assert client.get(reverse("reception:my_request", args=[request.pk])).status_code == 404


def test_staff_are_not_residents(client_as):
    assert client_as("allmanlakare").get(NEW).status_code == 403


def test_the_start_page_invites_to_the_reception(client_as):
    page = client_as("invanare").get("/").content.decode()
    assert "Digital mottagning" in page and reverse("reception:new_request") in page
