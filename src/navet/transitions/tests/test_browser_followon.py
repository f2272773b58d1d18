"""In a real browser, after the ready notice: the ward says a SIP is needed, the named care
contact (the district nurse) sends the SIP call, the ward sends the discharge notice and
discharges, and the health centre marks the follow-up call done. Every page is checked with
axe-core (WCAG 2.1 AA). The admission and ready status are set through the services (the walk in
test_browser_discharge.py covers them in the browser)."""

import re

import pytest
from django.utils import timezone

from navet.transitions import services
from navet.transitions.tests.support import admit, ago, call

pytestmark = pytest.mark.browser


def expect_clean(page, axe_violations) -> None:
    report = axe_violations(page)
    assert not report, report


def test_sip_call_discharge_notice_and_follow_up_call(
    page, browser_login, small_county, axe_violations
):
    stay, _ = admit(small_county, at=ago(hours=5))
    call(services.mark_ready, "avdelningslakare", stay=stay, now=ago(hours=1))
    url = f"/invanare/{stay.person_id}/utskrivning/{stay.pk}/"

    browser_login(page, "avdelningsskoterska")
    page.goto(url)
    page.get_by_role("button", name="SIP behövs").click()
    page.get_by_text("SIP behövs är registrerat.").wait_for()
    assert "ska skickas senast" in page.locator("#sip-state").inner_text()
    expect_clean(page, axe_violations)

    page.context.clear_cookies()
    browser_login(page, "distriktsskoterska")
    page.goto("/utskrivning/")
    assert "Elsa Lindqvist" in page.locator("#sip-calls").inner_text()
    expect_clean(page, axe_violations)
    page.locator("#sip-calls").get_by_role("link", name="Elsa Lindqvist").click()
    page.get_by_label("Personen samtycker").check()
    page.get_by_label("Vid besök").check()
    page.get_by_role("button", name="Skicka kallelse till SIP").click()
    page.get_by_text("Kallelsen till SIP är skickad till kommunen.").wait_for()
    assert "Kallelsen skickad" in page.locator("#sip-state").inner_text()
    expect_clean(page, axe_violations)

    page.context.clear_cookies()
    browser_login(page, "avdelningsskoterska")
    page.goto(url)
    page.get_by_role("button", name="Skicka meddelande om utskrivning").click()
    page.get_by_text("Meddelandet om utskrivning är skickat.").wait_for()
    assert "Vårdcentralen Skiljebo" in page.locator("#discharge-notice").inner_text()
    page.locator("#action-discharge summary").click()
    page.get_by_label("Utskriven till").select_option("home")
    page.get_by_role("button", name="Skriv ut patienten").click()
    page.get_by_text("Patienten är utskriven.").wait_for()
    assert "Skickat i tid" in page.locator("#discharge-notice").inner_text()
    expect_clean(page, axe_violations)

    page.context.clear_cookies()
    browser_login(page, "distriktsskoterska")
    page.goto("/utskrivning/")
    assert "Elsa Lindqvist" in page.locator("#follow-ups").inner_text()
    page.locator("#follow-ups").get_by_role("link", name="Elsa Lindqvist").click()
    page.get_by_label("Anteckning (valfri)").fill("Mår bra")
    page.get_by_role("button", name="Samtalet är gjort").click()
    page.get_by_text("Det uppföljande samtalet är markerat som gjort.").wait_for()
    state = page.locator("#follow-up-state").inner_text()
    assert "Gjort" in state and "Eva Holm" in state
    assert timezone.localdate().isoformat() in state
    expect_clean(page, axe_violations)
    page.goto("/utskrivning/")
    assert re.search("Inga uppföljande samtal väntar", page.locator("#follow-ups").inner_text())
