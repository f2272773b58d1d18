"""In a real browser: a waiting-room case from the resident's form to pick-up. The resident
sends the triage form and waits; the district nurse picks the case up from the queue and writes;
the resident's page, polling, says it is their turn and shows the message. axe on every page."""

import pytest

from navet.reception.triage import RED_FLAGS

pytestmark = pytest.mark.browser


def expect_clean(page, axe_violations) -> None:
    report = axe_violations(page)
    assert not report, report


def test_from_the_form_to_pick_up(
    page, browser, live_server, browser_login, axe_violations, allow_console_error
):
    allow_console_error(r"status of 400")  # the form again, saying what is missing
    browser_login(page, "invanare")
    page.get_by_role("link", name="Starta ett ärende").click()
    expect_clean(page, axe_violations)
    page.get_by_role("button", name="Skicka till vårdcentralen").click()
    page.locator("#error-summary").wait_for()
    assert "Välj vad ärendet gäller." in page.locator("#error-summary").inner_text()
    expect_clean(page, axe_violations)

    page.get_by_label("Infektion, feber, hosta eller ont i halsen").check()
    page.get_by_label("Ett nytt besvär").check()
    page.get_by_label("1–3 dagar").check()
    page.get_by_label("Beskriv med egna ord").fill("Hosta och ont i halsen sedan i förrgår.")
    for flag in RED_FLAGS:
        page.get_by_role("group", name=flag.question).get_by_label("Nej").check()
    page.get_by_label("Chatt").check()
    page.get_by_role("button", name="Skicka till vårdcentralen").click()
    page.get_by_text("Du står i kö. Du är nummer 1").wait_for()
    expect_clean(page, axe_violations)

    staff = browser.new_context(base_url=live_server.url, locale="sv-SE").new_page()
    staff.set_default_timeout(30_000)
    browser_login(staff, "distriktsskoterska")
    staff.get_by_role("link", name="Kön på Vårdcentralen Skiljebo").click()
    expect_clean(staff, axe_violations)
    staff.get_by_role("link", name="Elsa Lindqvist").click()
    staff.get_by_role("button", name="Ta ärendet").click()
    staff.get_by_text("Du har tagit ärendet.").wait_for()
    staff.get_by_role("textbox", name="Meddelande").fill("Hej Elsa! Har du feber?")
    staff.get_by_role("button", name="Skicka till invånaren").click()
    staff.get_by_text("Hej Elsa! Har du feber?").wait_for()
    expect_clean(staff, axe_violations)

    # the resident's page polls: no reload needed
    page.get_by_text("Det är din tur.").wait_for(timeout=20_000)
    page.get_by_text("Hej Elsa! Har du feber?").wait_for(timeout=20_000)
    expect_clean(page, axe_violations)
    page.goto("/")
    page.get_by_text("Det är din tur!").wait_for()
    staff.context.close()
