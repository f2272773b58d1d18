"""The person's own plan (issue "Coordinated care", part 7): only the finalised version, read
confirmation visible to the coordinator, questions to the coordinator's inbox, the PDF for the
person and the paper copy printed by staff (not for guardians where OSL 12:3 withholds)."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from navet.access.audit import actor_for
from navet.access.models import AuditEvent
from navet.messaging.models import InboxItem
from navet.plans import services
from navet.plans.models import PlanReading
from navet.plans.tests.support import complete_content, consent_both_ways, key, start, user
from navet.web.tests.html import text
from navet.web.tests.pdf import first_page_ink_share, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def resident(client_as):
    return client_as("invanare")


def save(plan, county, base, **changes):
    u = user("kommunskoterska")
    data = {**complete_content(county), **changes}
    return services.save_version(
        actor=actor_for(u), user=u, plan=plan, base_version=base, data=data, key=key()
    )


def finalised_plan(county, person="elsa"):
    plan = start(county.persons[person])
    consent_both_ways(plan, county)
    save(plan, county, 0)
    u = user("kommunskoterska")
    return services.finalise(actor=actor_for(u), user=u, plan=plan)


def video_meeting(plan, days=7):
    u = user("kommunskoterska")
    return services.schedule_meeting(
        actor=actor_for(u),
        user=u,
        plan=plan,
        key=key(),
        mode="video",
        starts_at=timezone.now() + timedelta(days=days),
    )


def plan_page(client, plan):
    return client.get(reverse("citizen:my_plan", args=[plan.pk]))


def test_a_draft_shows_no_content_only_the_coordinator_and_meetings(resident, small_county):
    plan = start(small_county.persons["elsa"])
    save(plan, small_county, 0, what_matters="Hemligt utkast")
    video_meeting(plan)
    main = text(plan_page(resident, plan).content, "main")
    assert "Planen är inte klar än" in main
    assert "Hemligt utkast" not in main
    assert "Din samordnare är Maja Fors" in main
    assert "Mötet är ett videomöte" in main and "Mötet spelas inte in" in main
    assert "Jag har läst planen" not in main


def test_the_finalised_version_in_plain_swedish_and_later_drafts_stay_hidden(
    resident, small_county
):
    plan = finalised_plan(small_county)
    save(plan, small_county, 1, what_matters="Ett nytt utkast som inte är klart")
    response = plan_page(resident, plan)
    main = text(response.content, "main")
    assert "Det här är viktigt för dig" in main
    assert "Att kunna bo kvar hemma och gå till affären själv." in main
    assert "Läkemedelsgenomgång Region Västmanland" in main
    assert "Västerås stad har huvudansvaret för att planen blir av." in main
    assert "Dottern Anna handlar en gång i veckan." in main
    assert "Elsa går en promenad varje dag." in main
    assert "Hemsjukvården: Maja Fors." in main
    follow_up = complete_content(small_county)["follow_up_date"]
    assert f"Planen ska följas upp senast {follow_up.day} " in main
    assert "Ett nytt utkast" not in main
    assert "version 1" in main
    ids = re.findall(r' id="([^"]+)"', response.content.decode())
    assert len(ids) == len(set(ids))  # two forms on the page, no id twice
    # The read is audited as the person's own, and does not appear in their access log.
    assert AuditEvent.objects.filter(
        person_id=plan.person_id, purpose="own_data", object_type="own_sip", action="read"
    ).exists()
    assert "Läste dina uppgifter" not in text(resident.get(reverse("citizen:my_log")).content)


def test_my_plans_lists_the_plans_and_the_start_page_shows_them(resident, small_county):
    empty = text(resident.get(reverse("citizen:my_plans")).content, "main")
    assert "Du har ingen plan just nu" in empty
    plan = finalised_plan(small_county)
    main = text(resident.get(reverse("citizen:my_plans")).content, "main")
    assert "Samordnare: Maja Fors" in main and "Ny plan att läsa" in main
    start_page = resident.get(reverse("web:start")).content.decode()
    assert reverse("citizen:my_plan", args=[plan.pk]) in start_page
    assert "kommer med ärendet" not in text(start_page, "main")


def test_someone_elses_plan_is_not_found(resident, small_county):
    plan = finalised_plan(small_county, person="gustav")
    assert plan_page(resident, plan).status_code == 404
    assert resident.get(reverse("citizen:my_plan_pdf", args=[plan.pk])).status_code == 404


@pytest.mark.parametrize("name", ["citizen:my_plans", "citizen:my_plan", "citizen:my_plan_pdf"])
def test_the_own_plan_pages_are_for_residents(client_as, small_county, name):
    plan = finalised_plan(small_county)
    args = [] if name == "citizen:my_plans" else [plan.pk]
    assert client_as("kommunskoterska").get(reverse(name, args=args)).status_code == 403


def test_confirming_the_reading_once_is_shown_to_the_coordinator(resident, client_as, small_county):
    plan = finalised_plan(small_county)
    url = reverse("citizen:confirm_read", args=[plan.pk])
    assert resident.post(url, {"key": "r1"}).status_code == 302
    resident.post(url, {"key": "r1"})  # a double click
    resident.post(url, {"key": "r2"})  # confirming the same version again
    [reading] = PlanReading.objects.all()
    assert (reading.version, reading.read_by_name) == (1, "Elsa Lindqvist")
    assert "Du bekräftade" in text(plan_page(resident, plan).content, "main")
    staff_page = client_as("kommunskoterska").get(
        reverse("plans:detail", args=[plan.person_id, plan.pk])
    )
    assert "Läst version 1 – bekräftat" in text(staff_page.content, "main")
    assert AuditEvent.objects.filter(object_type="sip_reading", action="create").count() == 1
    # A new finalised version asks to be read again.
    save(plan, small_county, 1, what_matters="Att kunna gå till kyrkan.")
    u = user("kommunskoterska")
    services.finalise(actor=actor_for(u), user=u, plan=plan)
    assert "Jag har läst planen" in text(plan_page(resident, plan).content, "main")


def test_a_draft_cannot_be_confirmed(resident, small_county):
    plan = start(small_county.persons["elsa"])
    resident.post(reverse("citizen:confirm_read", args=[plan.pk]), {"key": "r"})
    assert not PlanReading.objects.exists()


def test_a_question_goes_to_the_coordinators_inbox_once(resident, client_as, small_county):
    plan = finalised_plan(small_county)
    url = reverse("citizen:ask_coordinator", args=[plan.pk])
    data = {"key": "q1", "text": "Kan mötet vara på förmiddagen?"}
    assert resident.post(url, data).status_code == 302
    resident.post(url, data)  # a double submission
    [item] = InboxItem.objects.filter(kind="message")
    assert item.to_unit == plan.coordinator_unit and item.person_id == plan.person_id
    assert "Kan mötet vara på förmiddagen?" in item.body
    assert item.sender_name == "Elsa Lindqvist (invånaren själv)"
    assert item.source_url_name == "plans:detail"
    staff_page = client_as("kommunskoterska").get(
        reverse("plans:detail", args=[plan.person_id, plan.pk])
    )
    main = text(staff_page.content, "main")
    assert "Meddelanden till samordnaren från personen" in main and "inte kvitterat än" in main
    assert "från Elsa Lindqvist (invånaren själv)" in main
    assert "förmiddagen" not in main  # the text is for the coordinator's inbox


def test_an_empty_or_too_long_question_is_refused_and_keeps_the_text(resident, small_county):
    plan = finalised_plan(small_county)
    url = reverse("citizen:ask_coordinator", args=[plan.pk])
    response = resident.post(url, {"key": "q", "text": "   "})
    assert response.status_code == 400
    assert "Skriv din fråga eller kommentar." in text(response.content, "main")
    long_text = "å" * 2001
    response = resident.post(url, {"key": "q", "text": long_text})
    assert response.status_code == 400 and long_text in response.content.decode()
    assert not InboxItem.objects.filter(kind="message").exists()


def test_a_question_to_a_coordinating_unit_that_has_closed_is_refused(resident, small_county):
    plan = finalised_plan(small_county)
    unit = plan.coordinator_unit
    unit.active_to = timezone.localdate() - timedelta(days=1)
    unit.save()
    url = reverse("citizen:ask_coordinator", args=[plan.pk])
    response = resident.post(url, {"key": "q", "text": "Hej!"})
    assert response.status_code == 400
    main = text(response.content, "main")
    assert "Hemsjukvården Västerås, där din samordnare arbetade, finns inte längre." in main
    assert "Välj en annan enhet" not in main  # staff's wording, not the resident's
    assert not InboxItem.objects.filter(kind="message").exists()


def test_the_plan_as_pdf_for_the_person(resident, small_county):
    plan = finalised_plan(small_county)
    video_meeting(plan)
    response = resident.get(reverse("citizen:my_plan_pdf", args=[plan.pk]))
    assert response["Content-Type"] == "application/pdf"
    words = " ".join(pdf_text(response.content).split())
    assert "Min samordnade individuella plan (SIP)" in words
    assert "Det här är viktigt för dig" in words
    assert "Att kunna bo kvar hemma och gå till affären själv." in words
    assert "Din samordnare är Maja Fors" in words
    assert "Mötet spelas inte in" in words
    assert first_page_ink_share(response.content) > 0.002
    assert AuditEvent.objects.filter(object_type="own_sip_pdf", action="print").exists()


def test_staff_print_the_same_plan_for_a_person_who_does_not_log_in(client_as, small_county):
    plan = finalised_plan(small_county)
    response = client_as("kommunskoterska").get(
        reverse("plans:print", args=[plan.person_id, plan.pk])
    )
    assert response["Content-Type"] == "application/pdf"
    words = " ".join(pdf_text(response.content).split())
    assert "Elsa Lindqvist." in words and "Det här ska göras och vem som ansvarar" in words
    assert AuditEvent.objects.filter(
        object_type="sip_pdf", action="print", purpose="sip", person_id=plan.person_id
    ).exists()


def test_a_guardians_copy_only_without_an_osl_12_3_decision(client_as, small_county):
    leo = small_county.persons["leo"]
    plan = start(leo)
    client = client_as("kommunskoterska")
    url = reverse("plans:print", args=[leo.pk, plan.pk]) + "?for=vardnadshavare"
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert "Till vårdnadshavarna för Leo" in " ".join(pdf_text(response.content).split())
    u = user("kommunskoterska")
    services.record_secrecy_decision(
        actor=actor_for(u), user=u, plan=plan, withheld="Samtal om skolan", reason="Mogen nog"
    )
    response = client.get(url)
    assert response.status_code == 302
    page = text(client.get(response.url).content, "main")
    assert "Planen skrevs inte ut till vårdnadshavarna" in page
    assert "Inget exemplar till vårdnadshavarna" in page
    printed = AuditEvent.objects.filter(object_type="sip_pdf", action="print")
    assert printed.filter(detail="exemplar till vårdnadshavare").count() == 1
