"""In a real browser: the ward nurse opens the planning page of Elsa's stay, ticks the
medication list and writes to the other units; the municipality's care manager reads the
message, saves the municipality's plan and ticks her items, and sees what the ward still lacks.
Every page is checked with axe-core (WCAG 2.1 AA)."""

import re

import pytest

from navet.transitions.models_planning import MunicipalPlan
from navet.transitions.tests.support import admit

pytestmark = pytest.mark.browser


def expect_clean(page, axe_violations) -> None:
    report = axe_violations(page)
    assert not report, report


def test_ward_nurse_and_municipality_plan_the_discharge(
    page, browser_login, demo_users, small_county, axe_violations
):
    stay, _ = admit(small_county)
    url = f"/invanare/{stay.person_id}/utskrivning/{stay.pk}/"
    browser_login(page, "avdelningsskoterska")
    page.goto(url)
    page.get_by_role("link", name="Planering, hemgångsklar och meddelanden").click()
    page.wait_for_url(re.compile(r"/planering/$"))
    expect_clean(page, axe_violations)
    page.get_by_role("button", name="Klar: Läkemedelslista klar").click()
    page.get_by_text("Punkten är avbockad.").wait_for()
    assert "Lena Dahl" in page.locator("#checklist").inner_text()
    page.get_by_label("Nytt meddelande").fill("Elsa kan gå hem på fredag om hemtjänsten är klar.")
    page.get_by_role("button", name="Skicka meddelandet").click()
    page.get_by_text("Meddelandet är skickat.").wait_for()
    expect_clean(page, axe_violations)

    page.context.clear_cookies()
    browser_login(page, "bistandshandlaggare")
    page.goto(url + "planering/")
    assert "hemtjänsten är klar" in page.locator("#message").inner_text()
    page.get_by_label(re.compile(r"^Hemtjänst:?$")).check()
    page.get_by_label("Hemtjänst – omfattning").fill("Morgon och kväll")
    page.get_by_label(re.compile(r"^Hjälpmedel:?$")).check()
    page.get_by_label("Hjälpmedel – vilka").fill("Rollator")
    page.get_by_role("button", name="Spara planeringen").click()
    page.get_by_text("Planeringen är sparad.").wait_for()
    assert MunicipalPlan.objects.get().aids_details == "Rollator"
    for label in ("Hemtjänst beslutad", "Hjälpmedel på plats"):
        page.get_by_role("button", name=f"Klar: {label}").click()
        page.get_by_text("Punkten är avbockad.").wait_for()
    missing = page.locator("#missing").inner_text()
    assert "Kommunen" not in missing and "Avdelningen" in missing
    assert "hemsjukvården informerad" in missing
    expect_clean(page, axe_violations)
