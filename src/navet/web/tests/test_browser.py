"""A newcomer's first steps in a real browser: log in as each role, find a person, read about them.

Every page visited is checked with axe-core for WCAG 2.1 A/AA, and the `page` fixture fails the test
on any console error (CSP violations, missing static files, JavaScript errors).
"""

import re

import pytest
from django.urls import reverse

from navet.web.tests.test_start_pages import ROLES

pytestmark = pytest.mark.browser

HEADER_BLUE = "rgb(0, 69, 124)"


def expect_clean(page, axe_violations) -> None:
    report = axe_violations(page)
    assert not report, report


def formatted(person) -> str:
    return f"{person.identifier[:8]}-{person.identifier[8:]}"


def test_login_page(page, demo_users, axe_violations):
    page.goto("/")
    page.wait_for_url(re.compile(r"/logga-in/\?next=/$"))
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.locator("h1").all_inner_texts() == ["Logga in i Navet"]
    # The stylesheet and htmx load despite the strict CSP.
    assert page.locator(".site-header").evaluate("e => getComputedStyle(e).backgroundColor") == (
        HEADER_BLUE
    )
    page.wait_for_function("() => window.htmx !== undefined")
    expect_clean(page, axe_violations)

    page.get_by_label("Användarnamn").fill("allmanlakare")
    page.get_by_label("Lösenord").fill("fel lösenord")
    page.get_by_role("button", name="Logga in").click()
    page.get_by_role("alert").wait_for()
    assert page.get_by_role("alert").inner_text() == "Fel användarnamn eller lösenord."
    expect_clean(page, axe_violations)


@pytest.mark.parametrize("username", ROLES)
def test_each_role_logs_in_and_reaches_the_start_page(
    page, browser_login, axe_violations, username
):
    heading, menu, name, role_label, unit = ROLES[username]
    browser_login(page, username)
    assert page.locator("h1").all_inner_texts() == [heading]
    header = page.locator("header")
    assert page.locator(".who-name").inner_text() == name
    assert page.locator(".who-role").inner_text() == role_label
    assert unit in header.inner_text()
    assert page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link"
    ).all_inner_texts() == (menu)
    expect_clean(page, axe_violations)

    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url(re.compile(r"/logga-in/$"))
    assert "Du är utloggad." in page.locator("main").inner_text()


def test_skip_link_and_visible_focus(page, browser_login):
    browser_login(page, "distriktsskoterska")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Hoppa till innehållet")
    assert skip.evaluate("e => e === document.activeElement")
    box = skip.bounding_box()
    assert box and box["x"] >= 0 and box["width"] > 0  # on screen when focused
    assert skip.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(255, 221, 0)"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    focused_outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert focused_outline != "none"


@pytest.mark.parametrize("with_separator", [True, False], ids=["with separator", "without"])
def test_live_search_by_personnummer(
    page, browser_login, small_county, axe_violations, with_separator
):
    elsa = small_county.persons["elsa"]
    browser_login(page, "distriktsskoterska")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Invånare").click()
    page.wait_for_url(re.compile(r"/invanare/$"))
    page.evaluate("() => { window.noReload = true; }")
    query = formatted(elsa) if with_separator else elsa.identifier
    field = page.get_by_label("Personnummer, samordningsnummer, reservnummer eller namn")
    field.press_sequentially(query, delay=10)
    results = page.locator("#search-results table")
    results.wait_for()
    assert page.evaluate("() => window.noReload") is True  # htmx swapped, no page load
    rows = results.locator("tbody tr").all_inner_texts()
    assert len(rows) == 1 and "Lindqvist, Elsa" in rows[0] and formatted(elsa) in rows[0]
    assert page.locator("#search-status").inner_text().startswith("1 träff")
    expect_clean(page, axe_violations)

    # A wrong check digit explains itself, live.
    field.fill(query[:-1] + str((int(query[-1]) + 1) % 10))
    page.get_by_text("fel kontrollsiffra").wait_for()
    assert page.locator("#search-results table").count() == 0


@pytest.mark.parametrize("with_separator", [True, False], ids=["with separator", "without"])
def test_form_search_by_personnummer(
    page, browser_login, small_county, axe_violations, with_separator
):
    elsa = small_county.persons["elsa"]
    browser_login(page, "allmanlakare")
    page.goto(reverse("web:resident_search"))
    short = elsa.identifier[2:]
    query = f"{short[:6]}-{short[6:]}" if with_separator else short
    page.get_by_label("Personnummer, samordningsnummer, reservnummer eller namn").fill(query)
    with page.expect_navigation():
        page.get_by_role("button", name="Sök", exact=True).click()
    assert "q=" not in page.url and elsa.identifier[2:8] not in page.url
    rows = page.locator("#search-results tbody tr").all_inner_texts()
    assert len(rows) == 1 and "Lindqvist, Elsa" in rows[0]
    expect_clean(page, axe_violations)

    page.get_by_role("link", name="Lindqvist, Elsa").click()
    page.wait_for_url(re.compile(r"/invanare/\d+/$"))
    assert page.locator("h1").all_inner_texts() == ["Elsa Lindqvist"]
    assert formatted(elsa) in page.locator("main").inner_text()
    expect_clean(page, axe_violations)


def test_search_works_without_javascript(
    _browser_db, browser, live_server, demo_users, small_county
):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/logga-in/")
        page.get_by_label("Användarnamn").fill("samordnare")
        page.get_by_label("Lösenord").fill(demo_users["samordnare"].password)
        page.get_by_role("button", name="Logga in").click()
        page.goto("/invanare/")
        assert "Skriv ett personnummer" in page.locator("#search-status").inner_text()
        page.get_by_label("Personnummer, samordningsnummer, reservnummer eller namn").fill("berg")
        with page.expect_navigation():
            page.get_by_role("button", name="Sök", exact=True).click()
        assert "Berg, Gustav" in page.locator("#search-results").inner_text()
    finally:
        context.close()


def test_overview_pages_are_accessible(page, browser_login, small_county, axe_violations):
    from navet.access.tests.support import relate

    for key in ("elsa", "maria", "leo", "anders", "berit"):  # the gate needs a relationship
        relate(small_county.persons[key], small_county.units["home_health"])
    browser_login(page, "kommunskoterska")
    for key in ("elsa", "maria", "leo", "anders", "berit"):
        page.goto(reverse("web:resident_detail", args=[small_county.persons[key].pk]))
        assert page.locator("h1").count() == 1
        expect_clean(page, axe_violations)
    page.goto(reverse("web:resident_detail", args=[small_county.persons["maria"].pk]))
    assert "Skyddad identitet – adressen visas inte" in page.locator("main").inner_text()


def test_resident_pages_are_accessible(page, browser_login, axe_violations):
    browser_login(page, "invanare")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Mina kontakter"
    ).click()
    page.wait_for_url(re.compile(r"/mina-kontakter/$"))
    assert page.locator("h1").all_inner_texts() == ["Mina kontakter"]
    assert "Per Ek" in page.locator("main").inner_text()
    expect_clean(page, axe_violations)


def test_error_pages_are_accessible(
    page, browser_login, small_county, axe_violations, allow_console_error
):
    allow_console_error(r"status of 40[34]")
    page.goto("/finns-inte/")
    assert page.locator("h1").all_inner_texts() == ["Sidan finns inte"]
    expect_clean(page, axe_violations)
    browser_login(page, "analytiker")
    page.goto(reverse("web:resident_detail", args=[small_county.persons["elsa"].pk]))
    assert page.locator("h1").all_inner_texts() == ["Åtkomst nekad"]
    expect_clean(page, axe_violations)


def test_small_screen_has_no_horizontal_scroll(page, browser_login, axe_violations):
    page.set_viewport_size({"width": 360, "height": 740})
    browser_login(page, "analytiker")
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    expect_clean(page, axe_violations)
