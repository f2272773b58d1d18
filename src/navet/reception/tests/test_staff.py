"""The health centre's side: queue order, pick-up, chat both ways, video, close, access, audit."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from navet.access.audit import system_actor
from navet.access.models import AuditEvent
from navet.reception import services
from navet.reception.models import ReceptionRequest
from navet.reception.tests.support import form

pytestmark = pytest.mark.django_db
NEW = "/digital-mottagning/nytt/"


def make(person, unit, *, urgency, minutes_ago, key):
    request = ReceptionRequest.objects.create(
        key=key,
        person=person,
        unit=unit,
        problem_area="pain",
        reason_class="new",
        since="days",
        description="Ont i ryggen sedan i går.",
        urgency=urgency,
    )
    ReceptionRequest.objects.filter(pk=request.pk).update(
        created_at=timezone.now() - timedelta(minutes=minutes_ago)
    )
    return request


def test_the_queue_is_ordered_by_urgency_then_waiting_time_and_logs_who_it_shows(
    client_as, small_county
):
    elsa = User.objects.get(username="invanare").resident
    unit = services.current_listing(elsa, on=timezone.localdate()).unit
    people = small_county.persons
    old_routine = make(people["ahmed"], unit, urgency=3, minutes_ago=90, key="a")
    new_urgent = make(people["berit"], unit, urgency=1, minutes_ago=5, key="b")
    older_urgent = make(elsa, unit, urgency=1, minutes_ago=30, key="c")
    response = client_as("distriktsskoterska").get(reverse("reception:queue"))
    rows = [r for r, *_ in response.context["rows"]]
    assert rows == [older_urgent, new_urgent, old_routine]
    shown = set(
        AuditEvent.objects.filter(object_type="reception_queue").values_list("person_id", flat=True)
    )
    assert shown == {elsa.pk, people["berit"].pk, people["ahmed"].pk}


def test_pick_up_chat_both_ways_video_and_close(client_as):
    resident = client_as("invanare")
    resident.post(NEW, form())
    request = ReceptionRequest.objects.get()
    nurse, doctor = client_as("distriktsskoterska"), client_as("allmanlakare")
    case = reverse("reception:case", args=[request.pk])
    assert "Ta ärendet" in nurse.get(case).content.decode()

    nurse.post(reverse("reception:pick", args=[request.pk]))
    request.refresh_from_db()
    assert request.status == "in_progress" and request.picked_by.username == "distriktsskoterska"
    assert request.first_assessed_at is None  # picked up, not yet assessed

    refused = doctor.post(reverse("reception:pick", args=[request.pk]), follow=True)
    assert "har redan tagit ärendet" in refused.content.decode()
    doctor.post(reverse("reception:write", args=[request.pk]), {"key": "d1", "body": "Hej"})
    assert not request.messages.exists()  # only the holder answers

    nurse.post(reverse("reception:write", args=[request.pk]), {"key": "n1", "body": "Hej Elsa!"})
    request.refresh_from_db()
    assert request.first_assessed_at is not None
    assert request.first_assessed_at >= request.created_at

    mine = resident.get(reverse("reception:my_request", args=[request.pk])).content.decode()
    assert "Det är din tur." in mine and "Hej Elsa!" in mine
    assert "Det är din tur!" in resident.get("/").content.decode()

    resident.post(reverse("reception:my_write", args=[request.pk]), {"key": "r1", "body": "Tack"})
    assert "Tack" in nurse.get(reverse("reception:case_chat", args=[request.pk])).content.decode()

    nurse.post(reverse("reception:video", args=[request.pk]))
    request.refresh_from_db()
    assert request.channel == "video" and "navet-" in request.video_url
    assert (
        "Öppna videobesöket"
        in resident.get(reverse("reception:my_status", args=[request.pk])).content.decode()
    )

    bad = nurse.post(reverse("reception:close", args=[request.pk]), {"outcome": ""})
    assert bad.status_code == 400 and "Skriv ett kort utfall." in bad.content.decode()
    nurse.post(reverse("reception:close", args=[request.pk]), {"outcome": "Egenvårdsråd"})
    request.refresh_from_db()
    assert request.status == "closed" and request.outcome == "Egenvårdsråd"


def test_the_video_provider_is_configurable(client_as, monkeypatch):
    monkeypatch.setenv("NAVET_RECEPTION_VIDEO_URL", "https://mote.example.se/rum/{room}")
    client_as("invanare").post(NEW, form())
    request = ReceptionRequest.objects.get()
    nurse_user = User.objects.get(username="distriktsskoterska")
    actor = system_actor("test")
    services.pick_up(request=request, user=nurse_user, actor=actor)
    services.offer_video(request=request, user=nurse_user, actor=actor)
    assert request.video_url.startswith("https://mote.example.se/rum/")


def test_staff_of_another_unit_are_refused_and_the_refusal_is_logged(client_as):
    client_as("invanare").post(NEW, form())
    request = ReceptionRequest.objects.get()
    ward = client_as("avdelningsskoterska")
    assert ward.get(reverse("reception:queue")).status_code == 403
    assert ward.get(reverse("reception:case", args=[request.pk])).status_code == 403
    analyst = client_as("analytiker")
    assert analyst.get(reverse("reception:case", args=[request.pk])).status_code == 403
    assert AuditEvent.objects.filter(
        object_type="reception_request", action="denied", person_id=request.person_id
    ).exists()


def test_reading_a_case_is_logged(client_as):
    client_as("invanare").post(NEW, form())
    request = ReceptionRequest.objects.get()
    client_as("allmanlakare").get(reverse("reception:case", args=[request.pk]))
    assert AuditEvent.objects.filter(
        object_type="reception_request", action="read", person_id=request.person_id
    ).exists()


def test_the_start_page_shows_the_queue_count(client_as):
    client_as("invanare").post(NEW, form())
    page = client_as("allmanlakare").get("/").content.decode()
    assert "1 väntar" in page


def test_the_resident_gets_an_email_without_personal_data_when_picked_up(
    client_as, mailoutbox, django_capture_on_commit_callbacks
):
    resident = User.objects.get(username="invanare")
    resident.email = "elsa@example.se"
    resident.save()
    client_as("invanare").post(NEW, form())
    request = ReceptionRequest.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client_as("distriktsskoterska").post(reverse("reception:pick", args=[request.pk]))
    (mail,) = mailoutbox
    assert mail.to == ["elsa@example.se"]
    assert "din tur" in mail.subject
    body = mail.subject + mail.body
    assert reverse("reception:my_request", args=[request.pk]) in body
    for private in ("Elsa", "Lindqvist", "Skiljebo", "Hosta", resident.resident.identifier):
        assert private not in body
