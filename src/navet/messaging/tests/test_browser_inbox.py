"""In a real browser: an item arrives while the nurse has Navet open, the header's count shows it
without a reload, she opens and acknowledges it, and the count drops. Every page is checked with
axe-core (WCAG 2.1 AA); the `page` fixture fails on any console error (CSP included)."""

import re
from datetime import date, timedelta

import pytest

from navet.messaging.services import send_item

pytestmark = pytest.mark.browser


def expect_clean(page, axe_violations) -> None:
    report = axe_violations(page)
    assert not report, report


def test_an_item_arrives_is_counted_opened_and_acknowledged(
    page, browser_login, small_county, axe_violations, settings
):
    settings.NAVET_INBOX_POLL_SECONDS = 1
    browser_login(page, "distriktsskoterska")
    inbox_link = page.locator("#inbox-nav a")
    assert inbox_link.inner_text() == "Inkorg"
    assert "inget väntar på kvittens" in page.locator("#inkorg").inner_text()
    expect_clean(page, axe_violations)

    # Another unit sends a notice about Elsa; the page is not reloaded.
    send_item(
        to_unit=small_county.units["skiljebo"],
        kind="notice",
        subject="Inskriven på avdelning 31",
        body="Beräknat utskrivningsdatum om fyra dagar.",
        person=small_county.persons["elsa"],
        sender_unit=small_county.units["ward"],
        idempotency_key="browser:notice:1",
        purpose="discharge_planning",
    )
    page.locator("#inbox-nav .inbox-count").wait_for()
    # The link's accessible name carries the count and what it means.
    assert page.get_by_role("link", name="Inkorg 1 att kvittera", exact=True).count() == 1
    announcer = page.locator("#inbox-announcer")
    assert announcer.get_attribute("aria-live") == "polite"
    assert announcer.inner_text() == "Nytt i inkorgen: 1 ärende att kvittera."
    # Quiet while nothing changes: the next polls answer 204 and the text stays as it was.
    with page.expect_response(re.compile(r"/inkorg/antal/")) as poll:
        pass
    assert poll.value.status == 204
    expect_clean(page, axe_violations)

    page.locator("#inbox-nav a").click()
    page.wait_for_url(re.compile(r"/inkorg/$"))
    assert page.locator("h1").inner_text() == "Inkorg – Vårdcentralen Skiljebo"
    row = page.get_by_role("row", name=re.compile("Inskriven på avdelning 31"))
    assert "Elsa Lindqvist" in row.inner_text()
    assert page.locator("#inbox-nav a").get_attribute("aria-current") == "page"
    expect_clean(page, axe_violations)

    row.get_by_role("link", name="Inskriven på avdelning 31").click()
    page.wait_for_url(re.compile(r"/inkorg/\d+/$"))
    assert page.locator("h1").inner_text() == "Inskriven på avdelning 31"
    assert "Avdelning 31, medicin" in page.locator("main").inner_text()
    expect_clean(page, axe_violations)

    page.get_by_role("button", name="Kvittera").click()
    page.get_by_text("Ärendet är kvitterat.").wait_for()
    assert "Kvitterat av Eva Holm" in page.locator("#acknowledgement").inner_text()
    assert page.locator("#item-state").inner_text() == "Kvitterat"
    assert page.locator("#inbox-nav a").inner_text() == "Inkorg"
    assert page.locator("#inbox-nav .inbox-count").count() == 0
    expect_clean(page, axe_violations)


def test_the_forward_form_reports_a_closed_unit_accessibly(
    page, browser_login, small_county, axe_violations, allow_console_error
):
    allow_console_error(r"status of 400")  # the form page again, with its errors
    send_item(
        to_unit=small_county.units["skiljebo"],
        kind="message",
        subject="Fråga om läkemedelslista",
        person=small_county.persons["elsa"],
        sender_unit=small_county.units["home_health"],
        idempotency_key="browser:message:1",
    )
    browser_login(page, "distriktsskoterska")
    page.locator("#inbox-nav a").click()
    page.get_by_role("link", name="Fråga om läkemedelslista").click()
    page.get_by_label("Vidarebefordra till").select_option(
        label="Vårdcentralen Väsby (vårdcentral, Sala)"
    )
    page.get_by_label("Varför ska den enheten ha ärendet?").fill("Personen har flyttat till Sala")
    vasby = small_county.units["vasby"]
    vasby.active_to = date.today() - timedelta(days=1)
    vasby.save()
    page.get_by_role("button", name="Vidarebefordra").click()
    summary = page.get_by_role("alert")
    summary.wait_for()
    assert "Vårdcentralen Väsby finns inte längre" in summary.inner_text()
    assert "till exempel Citykliniken" in summary.inner_text()
    assert summary.get_by_role("link").get_attribute("href") == "#id_to_unit"
    expect_clean(page, axe_violations)
