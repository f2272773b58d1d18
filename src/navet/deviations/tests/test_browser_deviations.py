"""In a real browser — issue 10 part 5: the municipal nurse reports a deviation about Elsa's
discharge (a missing severity is refused first); it is routed to the ward, the other
principal's unit; a ward nurse finds it in the menu, receives it, starts the investigation,
comments and closes it with measures; the municipal nurse sees the outcome and the closing
notice in the inbox; the unit head sees it in the statistics, for all units and for the ward
(not for their own health centre). Every page is checked with axe (WCAG 2.1 AA)."""

from datetime import timedelta

import pytest
from django.utils import timezone

pytestmark = pytest.mark.browser


def expect_clean(page, axe_violations) -> None:
    report = axe_violations(page)
    assert not report, report


def test_a_deviation_from_report_to_closing_seen_by_both_sides(
    page, browser_login, small_county, elsa_stay, axe_violations, allow_console_error, settings
):
    settings.NAVET_DEVIATION_MIN_COUNT = 1  # one deviation: show it in the statistics
    allow_console_error(r"status of 400")  # the refused report
    elsa = small_county.persons["elsa"]
    browser_login(page, "kommunskoterska")
    page.goto(f"/invanare/{elsa.pk}/")
    page.get_by_role("link", name="Avvikelser", exact=True).last.click()
    expect_clean(page, axe_violations)
    page.get_by_label("Ärende").select_option(f"stay:{elsa_stay.pk}")
    page.get_by_label("Kategori").select_option("discharge")
    when = timezone.localtime(timezone.now() - timedelta(days=1))
    page.get_by_label("När inträffade händelsen?").fill(f"{when:%Y-%m-%dT%H:%M}")
    page.get_by_label("Vad hände?").fill("Kom hem utan läkemedelslista och utan besked till oss.")
    page.get_by_label("Omedelbar åtgärd").fill("Ringde avdelningen.")
    page.get_by_role("button", name="Anmäl avvikelsen").click()
    page.get_by_text("Välj allvarlighetsgrad.").first.wait_for()
    expect_clean(page, axe_violations)
    page.get_by_label("Allvarlighetsgrad").select_option("moderate")
    page.get_by_role("button", name="Anmäl avvikelsen").click()
    page.get_by_text("Avvikelsen är anmäld och skickad till Avdelning 31, medicin.").wait_for()
    deviation_url = page.url
    assert "Anmäld" in page.locator("#status").inner_text()
    expect_clean(page, axe_violations)

    page.context.clear_cookies()
    browser_login(page, "avdelningsskoterska")
    page.goto("/")
    page.get_by_role("link", name="Avvikelser 1 öppna avvikelser").click()
    expect_clean(page, axe_violations)
    page.locator("#to-handle a").first.click()
    page.get_by_role("button", name="Ta emot avvikelsen").click()
    page.get_by_text("Avvikelsen är mottagen. Du är utredare.").wait_for()
    page.get_by_role("button", name="Påbörja utredning").click()
    page.get_by_text("Utredningen är påbörjad.").wait_for()
    assert "Under utredning" in page.locator("#status").inner_text()
    page.locator("#id_text").fill("Vi går igenom utskrivningen på nästa APT.")
    page.get_by_role("button", name="Spara kommentaren").click()
    page.get_by_text("Kommentaren är sparad.").wait_for()
    page.locator("#id_measures").fill("Läkemedelslistan kontrolleras vid hemgång.")
    page.locator("#id_conclusion").fill("Checklistan för utskrivning följdes inte.")
    page.get_by_role("button", name="Avsluta avvikelsen").click()
    page.get_by_text("Avvikelsen är avslutad.").wait_for()
    expect_clean(page, axe_violations)

    page.context.clear_cookies()
    browser_login(page, "kommunskoterska")
    page.goto(deviation_url)
    closed = page.locator("#closed").inner_text()
    assert "Lena Dahl" in closed and "Läkemedelslistan kontrolleras" in closed
    assert "Vi går igenom utskrivningen" in page.locator("#comments").inner_text()
    expect_clean(page, axe_violations)
    page.goto("/inkorg/")
    assert "Avvikelse avslutad" in page.locator("main").inner_text()

    page.context.clear_cookies()
    browser_login(page, "verksamhetschef")
    page.goto("/")
    page.get_by_role("link", name="Avvikelsestatistik").click()
    main = page.locator("main").inner_text()
    assert "Vårdplanering och utskrivning\t1\t1\t0" in main
    assert "Kommun → Region\t1" in main
    expect_clean(page, axe_violations)
    # the unit filter: the ward received it, the unit head's own health centre has none
    page.get_by_role("combobox", name="Enhet").select_option(
        label="Avdelning 31, medicin (Region Västmanland)"
    )
    page.get_by_role("button", name="Visa").click()
    page.get_by_text("Enhet: Avdelning 31, medicin.").wait_for()
    assert "Vårdplanering och utskrivning\t1\t1\t0" in page.locator("main").inner_text()
    expect_clean(page, axe_violations)
    page.get_by_role("combobox", name="Enhet").select_option(
        label="Vårdcentralen Skiljebo (Region Västmanland)"
    )
    page.get_by_role("button", name="Visa").click()
    page.get_by_text("Enhet: Vårdcentralen Skiljebo.").wait_for()
    assert "Vårdplanering och utskrivning\t0\t0\t0" in page.locator("main").inner_text()
