"""In a real browser, a request to outcome: the district nurse sends a request about Elsa from her
page, the mobile team's coordinator finds it in the inbox and the worklist, accepts it with a
planned time, records the home visit, and the 7-day check shows the ED visit that followed.
Every page is checked with axe-core (WCAG 2.1 AA)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from navet.activity.models import EdVisit

pytestmark = pytest.mark.browser


def expect_clean(page, axe_violations) -> None:
    report = axe_violations(page)
    assert not report, report


def test_a_request_to_outcome(
    page, browser_login, small_county, axe_violations, ed_unit, allow_console_error
):
    allow_console_error(r"status of 400")  # the triage form again, with its error
    elsa = small_county.persons["elsa"]
    browser_login(page, "distriktsskoterska")
    page.goto(f"/invanare/{elsa.pk}/")
    page.get_by_role("link", name="Begäran till mobilt team").click()
    page.wait_for_url(re.compile(r"/mobilt-team/person/\d+/ny/$"))
    expect_clean(page, axe_violations)
    page.get_by_label("Mobilt team").select_option(label="Mobila närvårdsteamet Västerås")
    page.get_by_label("Samma dag").check()
    page.get_by_label("Orsak").fill("Ökad andfåddhet sedan två dagar, KOL.")
    page.get_by_role("button", name="Skicka begäran").click()
    page.get_by_text("Begäran är skickad till Mobila närvårdsteamet Västerås.").wait_for()
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url(re.compile(r"/logga-in/$"))

    browser_login(page, "samordnare")
    assert "1 ny begäran att bedöma" in page.locator("#mobilt-team").inner_text()
    expect_clean(page, axe_violations)
    page.locator("#mobilt-team").get_by_role("link", name=re.compile("ny begäran")).click()
    page.wait_for_url(re.compile(r"/mobilt-team/$"))
    expect_clean(page, axe_violations)
    page.get_by_role("link", name="Elsa Lindqvist").click()
    page.wait_for_url(re.compile(r"/begaran/\d+/$"))
    expect_clean(page, axe_violations)

    # Accept without a time: refused in Swedish, nothing lost.
    page.get_by_label("Acceptera och planera hembesök").check()
    page.get_by_role("button", name="Spara bedömning").click()
    page.get_by_text("Ange planerad tid för besöket.").first.wait_for()
    expect_clean(page, axe_violations)
    planned = timezone.localtime() + timedelta(minutes=30)
    page.get_by_label("Acceptera och planera hembesök").check()
    page.get_by_label("Planerad besökstid").fill(planned.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Spara bedömning").click()
    page.get_by_text("Bedömningen är sparad.").wait_for()
    expect_clean(page, axe_violations)

    page.get_by_label("Besökstid").fill(timezone.localtime().strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Sofia Borg").check()
    page.get_by_label("Bedömning och fynd").fill("Saturation 91 %, lätt feber, rassel höger.")
    page.get_by_label("Åtgärder").fill("Antibiotika insatt, kontroll i morgon av hemsjukvården.")
    page.get_by_label("Omhändertagen i hemmet").check()
    page.get_by_role("button", name="Spara hembesök").click()
    page.get_by_text("Hembesöket är registrerat.").wait_for()
    assert "Pågår: inget akutbesök" in page.locator("#sju-dagar").inner_text()
    expect_clean(page, axe_violations)

    # Two days later the activity import brings an ED visit: the check shows it without a job.
    EdVisit.objects.create(
        source_id="browser-ed-1",
        person=elsa,
        unit=ed_unit,
        arrival_time=timezone.now() + timedelta(days=2),
    )
    page.reload()
    assert "Akutbesök (1) inom 7 dagar" in page.locator("#sju-dagar").inner_text()
    page.goto("/mobilt-team/dagsplan/")
    expect_clean(page, axe_violations)
