"""In a real browser: a forum secretary holds a meeting of HälSam, records the follow-ups of the
activities on its agenda (htmx, no page load), and the activity's history shows them; an analyst
reads the overview and the timeline and filters them. Every page is checked with axe-core."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from navet.roadmap.loader import load_seed

pytestmark = pytest.mark.browser

LSG = "Säkerställ fungerande lokal samverkan i alla kommundelar"
BARNSAKERT = "Breddinförande av samverkansmodellen BarnSäkert 0–6 år"


def expect_clean(page, axe_violations) -> None:
    report = axe_violations(page)
    assert not report, report


def test_a_forum_secretary_records_meeting_follow_ups_and_the_history_shows_them(
    page, browser_login, demo_users, axe_violations
):
    roadmap = load_seed("vasternorrland", county_code="19").roadmap
    held = timezone.localdate() - timedelta(days=1)

    browser_login(page, "forumsekreterare")
    assert "Färdplaner att följa upp" in page.locator("main").inner_text()
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Färdplan").click()
    page.get_by_role("link", name=roadmap.name).click()
    assert page.locator("h1").inner_text() == roadmap.name
    expect_clean(page, axe_violations)

    page.get_by_role("navigation", name="Färdplanen").get_by_role(
        "link", name="Styrning och möten"
    ).click()
    expect_clean(page, axe_violations)
    page.get_by_role("link", name="Länsledning HälSam").first.click()
    assert "Att uppmärksamma" in page.locator("main").inner_text()
    expect_clean(page, axe_violations)

    page.get_by_label("Mötesdatum").fill(held.isoformat())
    page.get_by_label("Rubrik").fill("Länsledningsmöte")
    page.get_by_role("button", name="Skapa möte").click()
    page.wait_for_url(re.compile(r"/mote/\d+/$"))
    assert "0 av 12 aktiviteter" in page.locator("#meeting-progress").inner_text()
    expect_clean(page, axe_violations)
    page.evaluate("() => { window.noReload = true; }")

    # A delayed activity needs a comment: the item explains itself, in place.
    item = page.locator("article", has=page.get_by_role("heading", name=LSG))
    item.get_by_label("Status").select_option(label="Försenad")
    item.get_by_label("Röd – kräver åtgärd").check()
    item.get_by_role("button", name=re.compile("Spara uppföljning")).click()
    alert = page.locator("article", has=page.get_by_role("heading", name=LSG)).get_by_role("alert")
    alert.wait_for()
    assert "behöver en förklaring" in alert.inner_text()
    expect_clean(page, axe_violations)

    item = page.locator("article", has=page.get_by_role("heading", name=LSG))
    item.get_by_label("Status").select_option(label="Försenad")
    item.get_by_label("Röd – kräver åtgärd").check()
    item.get_by_label("Kommentar").fill("Två kommundelar saknar fungerande LSG.")
    item.get_by_label("Beslut").fill("Presidiet lyfter frågan till KD/RD.")
    item.get_by_role("button", name=re.compile("Spara uppföljning")).click()
    saved = page.locator("article", has=page.get_by_role("heading", name=LSG))
    saved.get_by_text("Sparat:").wait_for()

    item = page.locator("article", has=page.get_by_role("heading", name=BARNSAKERT))
    item.get_by_label("Status").select_option(label="Klar")
    item.get_by_label("Grön – enligt plan").check()
    item.get_by_role("button", name=re.compile("Spara uppföljning")).click()
    page.locator("article", has=page.get_by_role("heading", name=BARNSAKERT)).get_by_text(
        "Sparat:"
    ).wait_for()
    assert page.evaluate("() => window.noReload") is True  # htmx swapped, no page load
    expect_clean(page, axe_violations)

    # The history of the activity shows the meeting's follow-up.
    page.get_by_role("link", name=LSG).click()
    page.wait_for_url(re.compile(r"/aktivitet/\d+/$"))
    history = page.get_by_role("table", name=re.compile("Uppföljningar"))
    row = history.locator("tbody tr").first.inner_text()
    assert held.isoformat() in row and "Länsledning HälSam" in row
    assert "Försenad" in row and "Röd – kräver åtgärd" in row
    assert "Två kommundelar saknar fungerande LSG." in row
    assert "Presidiet lyfter frågan till KD/RD." in row and "Frida Färdplansson" in row
    expect_clean(page, axe_violations)

    # Back on the meeting, two of twelve are done; the versions page offers the revision.
    page.go_back()
    page.reload()
    assert "2 av 12 aktiviteter" in page.locator("#meeting-progress").inner_text()
    page.get_by_role("navigation", name="Färdplanen").get_by_role(
        "link", name="Versioner och remiss"
    ).click()
    assert page.get_by_role("button", name="Starta revidering").is_visible()
    expect_clean(page, axe_violations)


def test_an_analyst_reads_and_filters_the_overview_and_the_timeline(
    page, browser_login, demo_users, axe_violations
):
    roadmap = load_seed("vastmanland").roadmap
    browser_login(page, "analytiker")
    page.goto(f"/fardplan/{roadmap.pk}/")
    assert page.get_by_role("button", name="Starta revidering").count() == 0
    expect_clean(page, axe_violations)
    page.evaluate("() => { window.noReload = true; }")
    page.get_by_role("combobox", name="Status").select_option(label="Klar")
    page.locator("#overview-status").get_by_text("Visar 1 av 7").wait_for()
    assert page.evaluate("() => window.noReload") is True
    assert "status=done" in page.url
    expect_clean(page, axe_violations)

    page.get_by_role("navigation", name="Färdplanen").get_by_role("link", name="Tidslinje").click()
    page.wait_for_url(re.compile(r"/tidslinje/"))
    assert page.locator("svg.gantt-track").count() == 7
    assert page.get_by_role("heading", name="Nod Köping").is_visible()
    expect_clean(page, axe_violations)
    page.get_by_role("combobox", name="Nod").select_option(label="Nod Sala")
    page.locator("#timeline-status").get_by_text("(filtrerat)").wait_for()
    assert page.get_by_role("heading", name="Nod Köping").count() == 0
    page.get_by_text("Tidslinjen som tabell").click()
    assert "Utökad mobilitet, Nod Sala" in page.get_by_role("table").inner_text()
    expect_clean(page, axe_violations)


def test_a_yearly_revision_through_consultation_is_accessible(
    page, browser_login, demo_users, axe_violations
):
    roadmap = load_seed("vasternorrland", county_code="19").roadmap
    browser_login(page, "forumsekreterare")
    page.goto(f"/fardplan/{roadmap.pk}/versioner/")
    page.get_by_label("Varför revideras färdplanen?").fill("Årlig revidering inför 2027.")
    page.get_by_role("button", name="Starta revidering").click()
    page.wait_for_url(re.compile(r"\?version=2$"))
    assert "Version 2 är skapad som utkast" in page.locator(".messages").inner_text()
    expect_clean(page, axe_violations)

    # A new activity that ends before it starts: the error summary links to the field.
    page.get_by_role("link", name="Ny aktivitet").click()
    page.get_by_label("Område").select_option(
        label="Egenvård som en naturlig del av vården och omsorgen"
    )
    page.get_by_label("Rubrik").fill("Egenvårdsguide för hemtjänsten")
    page.get_by_label("Start").fill("2027-06-01")
    page.get_by_label("Slut").fill("2027-01-31")
    page.get_by_role("button", name="Spara aktiviteten").click()
    summary = page.get_by_role("alert")
    assert "Slutdatumet är före startdatumet" in summary.inner_text()
    expect_clean(page, axe_violations)
    summary.get_by_role("link").click()
    assert page.evaluate("() => document.activeElement.id") == "id_ends_on"
    page.get_by_label("Slut").fill("2027-12-31")
    page.get_by_role("button", name="Spara aktiviteten").click()
    page.wait_for_url(re.compile(r"/aktivitet/\d+/"))  # the fragment of the summary link stays
    expect_clean(page, axe_violations)

    page.goto(f"/fardplan/{roadmap.pk}/versioner/")
    page.get_by_label("Remiss från").fill("2026-09-01")
    page.get_by_label("Remiss till och med").fill("2026-10-31")
    page.get_by_role("button", name="Skicka på remiss").click()
    assert "skickad på remiss" in page.locator(".messages").inner_text()
    expect_clean(page, axe_violations)
    page.get_by_label("Huvudman").select_option(label="Sala kommun")
    page.get_by_label("Synpunkt").fill("Sala vill att hemtjänsten är med i egenvårdsarbetet.")
    page.get_by_role("button", name="Registrera remissvaret").click()
    assert (
        "Sala vill att hemtjänsten"
        in page.get_by_role("table", name=re.compile("synpunkter")).inner_text()
    )
    page.get_by_label("Antagen av").select_option(label="Länsledning HälSam")
    page.get_by_role("button", name="Anta version 2").click()
    assert "Version 2 är antagen" in page.locator(".messages").inner_text()
    expect_clean(page, axe_violations)

    page.get_by_role("combobox", name="Jämför version").select_option(
        label="Version 1 (ersatt av en senare version)"
    )
    page.get_by_role("combobox", name="med version").select_option(label="Version 2 (antagen)")
    page.get_by_role("button", name="Jämför").click()
    assert "Egenvårdsguide för hemtjänsten" in page.locator("main").inner_text()
    expect_clean(page, axe_violations)
