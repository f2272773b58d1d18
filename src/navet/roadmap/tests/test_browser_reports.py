"""In a real browser: a forum secretary records a meeting's follow-ups; an analyst creates the
state-grant report, writes a section's narrative, and downloads the PDF and the DOCX, which both
hold the figures from Follow-up's stored run. Every page is checked with axe-core."""

import re
from datetime import timedelta
from io import BytesIO
from pathlib import Path

import pytest
from django.utils import timezone
from docx import Document

from navet.followup.tests.stored import stored_run
from navet.roadmap.loader import load_seed
from navet.web.tests.pdf import first_page_ink_share, pdf_text

pytestmark = pytest.mark.browser

LSG = "Säkerställ fungerande lokal samverkan i alla kommundelar"
SECTION = "Stöd för att förbättra tillgängligheten i primärvården"
NARRATIVE = "Telefontillgängligheten har förbättrats under året."


def expect_clean(page, axe_violations) -> None:
    report = axe_violations(page)
    assert not report, report


def downloaded(page, name: str) -> bytes:
    with page.expect_download() as download:
        page.get_by_role("link", name=name).click()
    return Path(download.value.path()).read_bytes()


def test_follow_ups_then_the_state_grant_report_as_pdf_and_docx(
    page, browser_login, demo_users, axe_violations
):
    roadmap = load_seed("vasternorrland", county_code="19").roadmap
    stored_run(indicators=("phone_answered_same_day", "named_doctor_coverage_population"))

    browser_login(page, "forumsekreterare")
    page.goto(f"/fardplan/{roadmap.pk}/styrning/")
    page.get_by_role("link", name="Länsledning HälSam").first.click()
    page.get_by_label("Mötesdatum").fill((timezone.localdate() - timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Skapa möte").click()
    page.wait_for_url(re.compile(r"/mote/\d+/$"))
    item = page.locator("article", has=page.get_by_role("heading", name=LSG))
    item.get_by_label("Status").select_option(label="Försenad")
    item.get_by_label("Röd – kräver åtgärd").check()
    item.get_by_label("Kommentar").fill("Två kommundelar saknar fungerande LSG.")
    item.get_by_label("Beslut").fill("Presidiet lyfter frågan till KD/RD.")
    item.get_by_role("button", name=re.compile("Spara uppföljning")).click()
    page.locator("article", has=page.get_by_role("heading", name=LSG)).get_by_text(
        "Sparat:"
    ).wait_for()
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url(re.compile(r"/logga-in/$"))

    browser_login(page, "analytiker")
    page.goto(f"/fardplan/{roadmap.pk}/")
    page.get_by_role("navigation", name="Färdplanen").get_by_role("link", name="Rapporter").click()
    expect_clean(page, axe_violations)
    page.get_by_label("Årlig redovisning till Socialstyrelsen (statsbidrag)").check()
    page.get_by_label("Period från").fill("2025-01-01")
    page.get_by_label("Period till och med").fill("2025-12-31")
    page.get_by_role("button", name="Skapa rapporten").click()
    page.wait_for_url(re.compile(r"/rapport/\d+/$"))
    assert "Medicinsk bedömning inom 3 dagar" in page.locator("p.missing").inner_text()
    expect_clean(page, axe_violations)

    section = page.locator("section", has=page.get_by_role("heading", name=SECTION))
    assert "60,0\u00a0%" in section.get_by_role("table").inner_text()
    section.get_by_role("textbox").fill(NARRATIVE)
    section.get_by_role("button", name=re.compile("Spara texten")).click()
    page.get_by_text("Texten är sparad.").wait_for()
    saved = page.locator("section", has=page.get_by_role("heading", name=SECTION))
    assert saved.get_by_role("textbox").input_value() == NARRATIVE
    expect_clean(page, axe_violations)

    pdf = downloaded(page, "Ladda ner PDF")
    text = pdf_text(pdf)
    assert SECTION in text and "60,0 %" in text and NARRATIVE in text
    assert "2026-01-01" in text  # the data date
    assert first_page_ink_share(pdf) > 0.002

    document = Document(BytesIO(downloaded(page, "Ladda ner Word (DOCX)")))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "60,0\u00a0%" in cells and "2025-01-01 – 2025-12-31" in cells
    assert NARRATIVE in [p.text for p in document.paragraphs]
