"""The inbox in the layout: the menu's live count (htmx polls a tiny endpoint that stays quiet
while nothing changed and never keeps an idle session alive), the start page's card, and the
way from a person's page to a message about them."""

import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from navet.access import middleware
from navet.messaging import services
from navet.messaging.tests.support import item, user
from navet.web.tests.html import text

pytestmark = pytest.mark.django_db

BADGE = "/inkorg/antal/"
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://testserver/invanare/?x=1"}


def test_nothing_new_nothing_to_swap(client_as, small_county):
    client = client_as("distriktsskoterska")
    assert client.get(BADGE, {"visat": 0}, **HTMX).status_code == 204
    item(small_county.units["skiljebo"])
    assert client.get(BADGE, {"visat": 1}, **HTMX).status_code == 204


def test_a_new_item_updates_the_link_and_is_announced_once(client_as, small_county):
    item(small_county.units["skiljebo"])
    item(small_county.units["skiljebo"])
    response = client_as("distriktsskoterska").get(BADGE, {"visat": 1, "aktuell": 1}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert text(html, "span", id="inbox-nav") == "Inkorg 2 att kvittera"
    assert 'aria-current="page"' in html
    assert 'hx-get="/inkorg/antal/?visat=2&amp;aktuell=1"' in html  # the next poll knows it
    announcer = text(html, "p", id="inbox-announcer")
    assert announcer == "Nytt i inkorgen: 2 ärenden att kvittera."
    assert 'hx-swap-oob="innerHTML"' in html


def test_fewer_items_update_the_link_silently(client_as, small_county):
    sent = item(small_county.units["skiljebo"])
    services.acknowledge(item=sent, user=user("allmanlakare"))
    response = client_as("distriktsskoterska").get(BADGE, {"visat": 1}, **HTMX)
    html = response.content.decode()
    assert text(html, "span", id="inbox-nav") == "Inkorg"
    assert "inbox-announcer" not in html


def test_roles_without_an_inbox_get_nothing(client_as):
    assert client_as("analytiker").get(BADGE, {"visat": 0}, **HTMX).status_code == 204


def test_a_poll_does_not_keep_an_idle_session_alive(client_as):
    client = client_as("distriktsskoterska")
    client.get("/")
    session = client.session
    idle_since = time.time() - 20 * 60
    session[middleware.LAST_SEEN] = idle_since
    session.save()
    client.get(BADGE, {"visat": 0}, **HTMX)
    assert client.session[middleware.LAST_SEEN] == idle_since
    client.get("/")  # a page the user asked for is activity
    assert client.session[middleware.LAST_SEEN] > idle_since


def test_once_the_session_has_ended_a_poll_sends_the_page_to_the_login(client_as):
    client = client_as("distriktsskoterska")
    client.get("/")
    session = client.session
    session[middleware.LAST_SEEN] = time.time() - 31 * 60
    session.save()
    response = client.get(BADGE, {"visat": 0}, **HTMX)
    # htmx follows HX-Redirect with the whole window; after login the user is back on the page
    # they had open, not on the fragment's URL.
    assert response["HX-Redirect"] == "/logga-in/?next=/invanare/%3Fx%3D1"
    assert client.get("/").status_code == 302


def test_the_header_and_the_start_page_show_the_count(client_as, small_county, elsa_notice):
    html = client_as("distriktsskoterska").get("/").content.decode()
    nav = text(html, "nav", **{"aria-label": "Huvudmeny"})
    assert nav == "Start Inkorg 1 att kvittera Utskrivning Avvikelser Invånare"
    assert 'hx-trigger="every 30s"' in html and 'aria-live="polite"' in html
    card = text(html, "section", id="inkorg")
    assert "Vårdcentralen Skiljebo : 1 ej kvitterade" in card
    assert "Elsa" not in card  # counts only on the start page
    assert "Inkorg 1" not in text(client_as("kommunskoterska").get("/").content, "header")
    assert "Inkorg" not in text(client_as("analytiker").get("/").content, "header")


def test_the_unit_head_sees_escalations_on_the_start_page(client_as, small_county, demo_users):
    item(small_county.units["skiljebo"], now=timezone.now() - timedelta(days=2))
    assert services.escalate_overdue() == 1
    card = text(client_as("verksamhetschef").get("/").content, "section", id="inkorg")
    assert "2 ej kvitterade , varav 1 försenade, 1 eskalerade till verksamhetschefen" in card


def test_the_resident_page_offers_a_message(client_as, small_county):
    elsa = small_county.persons["elsa"]
    html = client_as("distriktsskoterska").get(reverse("web:resident_detail", args=[elsa.pk]))
    link = reverse("messaging:compose_about_person", args=[elsa.pk])
    assert f'href="{link}"' in html.content.decode()
