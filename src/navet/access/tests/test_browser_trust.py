"""In a real browser: a nurse is denied, uses emergency access; the security officer reviews
it; the resident sees it in their own log. Every page is checked with axe-core (WCAG 2.1 AA)."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.browser


def expect_clean(page, axe_violations) -> None:
    report = axe_violations(page)
    assert not report, report


def logout(page) -> None:
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url(re.compile(r"/logga-in/$"))


def test_denied_emergency_reviewed_and_seen_by_the_resident(
    page, browser_login, small_county, axe_violations, allow_console_error
):
    allow_console_error(r"status of 403")
    allow_console_error(r"min-logg/pdf/ \(net::ERR_ABORTED\)")  # a download, not a page
    elsa = small_county.persons["elsa"]
    number = f"{elsa.identifier[:8]}-{elsa.identifier[8:]}"

    # 1. The ward nurse finds Elsa but may not read her data.
    browser_login(page, "avdelningsskoterska")
    page.goto(reverse("web:resident_search"))  # the search is a POST: no number in the URL
    page.get_by_label("Personnummer, samordningsnummer, reservnummer eller namn").fill(number)
    with page.expect_navigation():
        page.get_by_role("button", name="Sök", exact=True).click()
    page.get_by_role("link", name="Lindqvist, Elsa").click()
    page.wait_for_url(re.compile(r"/invanare/\d+/$"))
    assert page.locator("h1").inner_text() == "Du kan inte se uppgifterna"
    assert "ingen vårdrelation" in page.locator("#why-reason").inner_text()
    assert "Storgatan" not in page.locator("main").inner_text()
    expect_clean(page, axe_violations)

    # 2. Emergency access in two steps, each with a reason.
    page.get_by_role("link", name="Nödåtkomst").click()
    assert page.locator("h1").inner_text() == "Nödåtkomst, steg 1 av 2"
    expect_clean(page, axe_violations)
    page.get_by_label("Akut vårdbehov – uppgifterna behövs oundgängligen").check()
    page.get_by_label("Beskriv skälet med egna ord").fill(
        "Medvetslös på avdelningen, behöver listan"
    )
    page.get_by_role("button", name="Visa var uppgifterna finns").click()
    assert page.locator("h1").inner_text() == "Nödåtkomst, steg 2 av 2"
    assert "Vårdcentralen Skiljebo" in page.get_by_role("table").inner_text()
    expect_clean(page, axe_violations)
    page.get_by_label("Akut vårdbehov – uppgifterna behövs oundgängligen").check()
    page.get_by_label("Beskriv skälet med egna ord").fill("Öppnar för akut behandling nu")
    page.get_by_role("button", name="Öppna uppgifterna med nödåtkomst").click()
    page.wait_for_url(re.compile(r"/invanare/\d+/$"))
    assert page.locator("h1").inner_text() == "Elsa Lindqvist"
    assert "Nödåtkomst är öppen" in page.locator("#emergency-notice").inner_text()
    assert "Storgatan 12" in page.locator("main").inner_text()
    expect_clean(page, axe_violations)
    logout(page)

    # 3. The security officer reviews it.
    browser_login(page, "sakerhetsansvarig")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Loggranskning"
    ).click()
    row = page.locator("tr", has_text="Nödåtkomst").filter(has_text="avdelningsskoterska")
    assert "Elsa Lindqvist" in row.inner_text()
    expect_clean(page, axe_violations)
    row.get_by_role("link").click()
    assert page.locator("h1").inner_text() == "Loggranskning: Nödåtkomst"
    assert "Nödåtkomst, steg 2: öppna uppgifter" in page.locator("main").inner_text()
    expect_clean(page, axe_violations)
    page.get_by_label("Utan anmärkning").check()
    page.get_by_label("Bedömning").fill("Akut situation, befogad nödåtkomst.")
    page.get_by_role("button", name="Spara granskningen").click()
    assert page.locator("#review-status").inner_text() == "Granskad: utan anmärkning"
    expect_clean(page, axe_violations)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Sök i loggen"
    ).click()
    page.get_by_label("Person (identitetsnummer)").fill(number)
    page.get_by_role("button", name="Sök").click()
    assert "Nödåtkomst, steg 1" in page.locator("main").inner_text()
    expect_clean(page, axe_violations)
    logout(page)

    # 4. Elsa sees it in her own log.
    browser_login(page, "invanare")
    nav = page.get_by_role("navigation", name="Huvudmeny")
    nav.get_by_role("link", name="Vem har läst mina uppgifter").click()
    main = page.locator("main").inner_text()
    assert "Dina uppgifter har öppnats med nödåtkomst" in main
    row = page.locator("tr", has_text="Nödåtkomst: öppnade dina uppgifter")
    assert "Avdelning 31, medicin" in row.inner_text()
    expect_clean(page, axe_violations)
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner loggen som PDF").click()
    assert download.value.suggested_filename == "min-logg.pdf"
    nav.get_by_role("link", name="Samtycken och spärrar").click()
    assert page.locator("h1").inner_text() == "Samtycken och spärrar"
    expect_clean(page, axe_violations)


def test_staff_consent_pages_and_the_relationship_form_are_accessible(
    page, browser_login, small_county, axe_violations
):
    elsa, gustav = small_county.persons["elsa"], small_county.persons["gustav"]
    browser_login(page, "allmanlakare")
    page.goto(reverse("access:consents", args=[elsa.pk]))
    assert page.locator("h1").inner_text() == "Samtycken och spärrar"
    expect_clean(page, axe_violations)
    page.goto(reverse("access:register_relationship", args=[gustav.pk]))
    expect_clean(page, axe_violations)
    page.get_by_label("Varför behöver du uppgifterna i ditt arbete?").fill(
        "Besök på mottagningen i dag"
    )
    page.get_by_role("button", name="Registrera vårdrelation").click()
    page.wait_for_url(re.compile(rf"/invanare/{gustav.pk}/$"))
    assert page.locator("h1").inner_text() == "Gustav Berg"
    assert (
        "Det finns uppgifter om personen som du inte ser" not in page.locator("main").inner_text()
    )
    expect_clean(page, axe_violations)
