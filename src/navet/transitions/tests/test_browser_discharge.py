"""In a real browser: the ward nurse finds Elsa, is refused her record, registers the admission
from the refusal page; the notices reach the health centre, whose nurse sees them on her start
page and worklist and acknowledges one; the ward doctor marks Elsa ready for discharge. Every
page is checked with axe-core (WCAG 2.1 AA)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from navet.transitions.models import InpatientStay

pytestmark = pytest.mark.browser


def expect_clean(page, axe_violations) -> None:
    report = axe_violations(page)
    assert not report, report


def test_admission_notice_acknowledgement_and_ready(
    page, browser_login, small_county, axe_violations, allow_console_error
):
    # The refused record page answers 403, which the browser reports on the console.
    allow_console_error(r"status of 403")
    elsa = small_county.persons["elsa"]
    browser_login(page, "avdelningsskoterska")
    page.goto(f"/invanare/{elsa.pk}/")
    page.get_by_role("link", name="Registrera inskrivningen").click()
    page.wait_for_url(re.compile(r"/utskrivning/ny/$"))
    expect_clean(page, axe_violations)
    page.get_by_label("Akut").check()
    page.get_by_label("Somatisk vård").check()
    page.get_by_label("Inskrivningsorsak").fill("Fall i hemmet")
    page.get_by_label("Samtycker inte").check()
    page.get_by_label(re.compile("kan behöva insatser efter utskrivningen")).check()
    page.get_by_label("Beräknat utskrivningsdatum").fill(
        f"{timezone.localdate() + timedelta(days=3):%Y-%m-%d}"
    )
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url(re.compile(r"/utskrivning/\d+/$"))
    main = page.locator("main").inner_text()
    assert "Elsa Lindqvist är inskriven på Avdelning 31, medicin." in page.content()
    assert "Samtycke saknas" in main and "Vårdcentralen Skiljebo" in main
    expect_clean(page, axe_violations)

    page.context.clear_cookies()
    browser_login(page, "distriktsskoterska")
    card = page.locator("#transitions").inner_text()
    assert "1 meddelanden att kvittera" in card
    page.get_by_role("link", name="Arbetslista för utskrivning").click()
    expect_clean(page, axe_violations)
    page.get_by_role("link", name=re.compile("Inskrivningsmeddelande: Elsa Lindqvist")).click()
    page.wait_for_url(re.compile(r"/inkorg/\d+/$"))
    assert "Samtycke saknas" in page.locator("main").inner_text()
    assert "Fall i hemmet" not in page.locator("main").inner_text()
    page.get_by_role("button", name="Kvittera").click()
    page.get_by_text("Ärendet är kvitterat.").wait_for()

    page.context.clear_cookies()
    browser_login(page, "avdelningslakare")
    stay = InpatientStay.objects.get()
    page.goto(f"/invanare/{elsa.pk}/utskrivning/{stay.pk}/")
    assert "Kvitterat" in page.locator("main").inner_text()
    page.locator("#action-ready summary").click()
    page.get_by_role("button", name="Patienten är utskrivningsklar nu").click()
    page.get_by_text("Patienten är utskrivningsklar.").wait_for()
    assert "Ja, sedan" in page.locator("#ready-state").inner_text()
    expect_clean(page, axe_violations)
