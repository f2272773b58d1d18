"""The inbox pages: who sees what, what is logged, the forms and their errors."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from navet.access.models import AuditEvent
from navet.access.tests.support import relate
from navet.messaging import services
from navet.messaging.models import InboxItem, InboxSubscription
from navet.messaging.tests.support import item, user
from navet.web.tests.html import text, texts

pytestmark = pytest.mark.django_db

INBOX = "/inkorg/"


def url(name, sent=None):
    return reverse(f"messaging:{name}", args=[sent.pk] if sent else [])


# --- the list ---------------------------------------------------------------------------------


def test_the_list_shows_the_units_open_items_and_logs_the_persons(
    client_as, small_county, elsa_notice
):
    reminder = item(small_county.units["skiljebo"], kind="reminder", subject="Påminnelse: möte")
    item(small_county.units["home_health"], subject="Till hemsjukvården")
    response = client_as("distriktsskoterska").get(INBOX)
    assert response.status_code == 200
    html = response.content.decode()
    assert texts(html, "h1") == ["Inkorg – Vårdcentralen Skiljebo"]
    assert "2 ej kvitterade" in text(html, "p", id="inbox-summary")
    rows = texts(html, "tr")[1:]
    assert len(rows) == 2
    assert rows[0].startswith(reminder.subject) and "Påminnelse" in rows[0]
    assert "Elsa Lindqvist" in rows[1] and "Meddelande" in rows[1] and "Ej kvitterat" in rows[1]
    assert "Till hemsjukvården" not in html
    event = AuditEvent.objects.get(object_type="inbox_list")
    assert event.action == "search" and event.person_id == small_county.persons["elsa"].pk
    assert event.username == "distriktsskoterska" and event.reason == "inbox_recipient"
    assert event.purpose == "discharge_planning"


def test_filters_all_and_kind(client_as, small_county, elsa_notice):
    services.acknowledge(item=elsa_notice, user=user("allmanlakare"))
    item(small_county.units["skiljebo"], kind="reminder", subject="Påminnelse: möte")
    client = client_as("distriktsskoterska")
    assert "Inskriven" not in text(client.get(INBOX).content, "main")
    everything = text(client.get(INBOX, {"visa": "alla"}).content, "main")
    assert "Inskriven" in everything and "Kvitterat av Per Ek" in everything
    notices = text(client.get(INBOX, {"visa": "alla", "typ": "notice"}).content, "main")
    assert "Inskriven" in notices and "Påminnelse: möte" not in notices


def test_the_list_refuses_other_units_and_other_roles(client_as, small_county, elsa_notice):
    skiljebo = small_county.units["skiljebo"]
    assert client_as("kommunskoterska").get(INBOX, {"enhet": skiljebo.pk}).status_code == 403
    for username in ("analytiker", "lansledning", "sakerhetsansvarig", "invanare"):
        assert client_as(username).get(INBOX).status_code == 403, username
    response = Client().get(INBOX)
    assert response.status_code == 302 and "/logga-in/" in response["Location"]
    assert not AuditEvent.objects.filter(object_type="inbox_list").exists()


# --- one item ---------------------------------------------------------------------------------


def test_reading_an_item_about_a_person_is_logged(client_as, small_county, elsa_notice):
    response = client_as("allmanlakare").get(url("item", elsa_notice))
    assert response.status_code == 200
    main = text(response.content, "main")
    assert "Inskriven på avdelning 31" in main and "Elsa Lindqvist" in main
    event = AuditEvent.objects.get(object_type="inbox_item", action="read")
    assert event.person_id == small_county.persons["elsa"].pk
    assert event.object_id == str(elsa_notice.pk) and event.reason == "inbox_recipient"
    assert event.unit_name == "Vårdcentralen Skiljebo"


def test_the_item_is_the_basis_even_without_a_care_relationship(
    client_as, small_county, demo_users
):
    """Gustav is listed in Sala; a notice to the municipality's home health care in Västerås
    may still be read there (the sender disclosed it to that unit) — his record may not."""
    gustav = small_county.persons["gustav"]
    sent = item(small_county.units["home_health"], person=gustav, subject="Flyttar till Västerås")
    client = client_as("kommunskoterska")
    assert client.get(url("item", sent)).status_code == 200
    assert client.get(reverse("web:resident_detail", args=[gustav.pk])).status_code == 403


def test_staff_of_other_units_are_refused_and_the_refusal_is_logged(
    client_as, small_county, elsa_notice
):
    client = client_as("kommunskoterska")
    for response in (
        client.get(url("item", elsa_notice)),
        client.post(url("acknowledge", elsa_notice)),
        client.post(
            url("forward", elsa_notice),
            {"to_unit": small_county.units["ward"].pk, "reason": "Fel enhet"},
        ),
    ):
        assert response.status_code == 403
        assert "Elsa" not in response.content.decode()
    assert InboxItem.objects.get().is_open
    denied = AuditEvent.objects.filter(object_type="inbox_item", action="denied")
    assert denied.count() == 3 and set(denied.values_list("reason", flat=True)) == {"other_unit"}
    assert client_as("analytiker").get(url("item", elsa_notice)).status_code == 403
    assert Client().get(url("item", elsa_notice)).status_code == 302


def test_acknowledge_from_the_item_page(client_as, elsa_notice):
    client = client_as("distriktsskoterska")
    response = client.post(url("acknowledge", elsa_notice), follow=True)
    main = text(response.content, "main")
    assert "Ärendet är kvitterat." in main
    assert "Kvitterat av Eva Holm" in text(response.content, "section", id="acknowledgement")
    elsa_notice.refresh_from_db()
    assert elsa_notice.acknowledged_by_name == "Eva Holm"

    other = client_as("allmanlakare").post(url("acknowledge", elsa_notice), follow=True)
    assert "Ärendet är redan kvitterat av Eva Holm" in text(other.content, "main")
    assert client.get(url("acknowledge", elsa_notice)).status_code == 405


def test_forward_from_the_item_page(client_as, small_county, elsa_notice):
    client = client_as("distriktsskoterska")
    home = small_county.units["home_health"]
    response = client.post(
        url("forward", elsa_notice), {"to_unit": home.pk, "reason": "Hemsjukvården planerar"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{INBOX}?enhet={small_county.units['skiljebo'].pk}"
    new = InboxItem.objects.get(to_unit=home)
    page = client_as("kommunskoterska").get(url("item", new))
    chain = text(page.content, "section", **{"aria-labelledby": "chain-heading"})
    assert "Vårdcentralen Skiljebo" in chain and "Eva Holm" in chain
    assert "Hemsjukvården planerar" in chain


def test_forward_errors_are_summarised(client_as, small_county, elsa_notice):
    client = client_as("distriktsskoterska")
    response = client.post(url("forward", elsa_notice), {"to_unit": "", "reason": ""})
    assert response.status_code == 400
    summary = text(response.content, "div", **{"class": "error-summary"})
    assert "Välj en enhet." in summary and "Skriv varför ärendet vidarebefordras." in summary
    assert 'href="#id_to_unit"' in response.content.decode()
    assert InboxItem.objects.count() == 1


def test_forward_to_a_unit_closed_after_the_form_was_loaded(client_as, small_county, elsa_notice):
    client = client_as("distriktsskoterska")
    vasby = small_county.units["vasby"]
    assert f'value="{vasby.pk}"' in client.get(url("item", elsa_notice)).content.decode()
    vasby.active_to = date.today() - timedelta(days=1)
    vasby.save()
    response = client.post(url("forward", elsa_notice), {"to_unit": vasby.pk, "reason": "Flyttat"})
    assert response.status_code == 400
    summary = text(response.content, "div", **{"class": "error-summary"})
    assert "Vårdcentralen Väsby finns inte längre" in summary
    # Another health centre of the region, not the unit that has the item now.
    assert "till exempel Citykliniken." in summary
    assert f'value="{vasby.pk}"' not in response.content.decode()  # no longer offered
    assert InboxItem.objects.count() == 1


# --- writing a message ------------------------------------------------------------------------


def test_a_message_about_a_person_from_their_page(client_as, small_county):
    elsa = small_county.persons["elsa"]
    client = client_as("distriktsskoterska")
    page = client.get(reverse("messaging:compose_about_person", args=[elsa.pk]))
    assert page.status_code == 200 and "Elsa Lindqvist" in text(page.content, "main")
    data = {
        "key": "abc123",
        "to_unit": small_county.units["home_health"].pk,
        "subject": "Fråga om läkemedelslista",
        "body": "Kan ni skicka den aktuella listan?",
    }
    first = client.post(reverse("messaging:compose_about_person", args=[elsa.pk]), data)
    second = client.post(reverse("messaging:compose_about_person", args=[elsa.pk]), data)
    assert first.status_code == second.status_code == 302
    sent = InboxItem.objects.get()  # a double submission makes one item
    assert (sent.person, sent.kind, sent.sender_name) == (
        elsa,
        "message",
        "Eva Holm, Vårdcentralen Skiljebo",
    )
    assert AuditEvent.objects.filter(object_type="inbox_item", action="disclosure").count() == 1


def test_a_message_needs_access_to_the_person(client_as, small_county):
    gustav = small_county.persons["gustav"]
    response = client_as("distriktsskoterska").get(
        reverse("messaging:compose_about_person", args=[gustav.pk])
    )
    assert response.status_code == 403  # the gate's "why" page
    relate(gustav, small_county.units["skiljebo"])
    response = client_as("distriktsskoterska").get(
        reverse("messaging:compose_about_person", args=[gustav.pk])
    )
    assert response.status_code == 200


def test_a_message_to_a_unit_and_its_errors(client_as, small_county):
    client = client_as("kommunskoterska")
    response = client.post(url("compose"), {"key": "k", "to_unit": "", "subject": "", "body": ""})
    assert response.status_code == 400
    summary = text(response.content, "div", **{"class": "error-summary"})
    assert "Välj en enhet." in summary and "Skriv en rubrik." in summary
    response = client.post(
        url("compose"),
        {
            "key": "k",
            "to_unit": small_county.units["skiljebo"].pk,
            "subject": "Möte",
            "body": "Hej",
        },
        follow=True,
    )
    assert "Meddelandet är skickat till Vårdcentralen Skiljebo." in text(response.content, "main")
    assert InboxItem.objects.get().person is None


# --- e-mail choice ----------------------------------------------------------------------------


def test_e_mail_choice(client_as, demo_users):
    client = client_as("distriktsskoterska")
    response = client.post(url("subscription"), {"email": "on"}, follow=True)
    assert "saknar e-postadress" in text(response.content, "main")
    assert not InboxSubscription.objects.exists()
    nurse = user("distriktsskoterska")
    nurse.email = "eva@example.org"
    nurse.save()
    client.post(url("subscription"), {"email": "on"})
    assert InboxSubscription.objects.get(user=nurse).email
    client.post(url("subscription"), {})
    assert not InboxSubscription.objects.get(user=nurse).email


def test_items_are_not_in_the_admin():
    from django.contrib import admin

    from navet.messaging.models import InboxSettings

    assert InboxItem not in admin.site._registry
    assert InboxSettings in admin.site._registry
