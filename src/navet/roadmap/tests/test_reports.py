"""Reports: the state-grant report and the directors' report, their figures from Follow-up's
stored results (created here without the engine), the narrative, PDF and DOCX, and access."""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from docx import Document

from navet.followup.latest import NOT_IN_PERIOD, latest_values
from navet.followup.models import IndicatorResult
from navet.followup.tests.stored import stored_run
from navet.roadmap.figures import latest_values as roadmap_figures
from navet.roadmap.models import (
    FollowUp,
    Meeting,
    Report,
    ReportKind,
    ReportSectionRevision,
    Target,
)
from navet.roadmap.report_layout import STATE_GRANT
from navet.web.tests.html import text, texts
from navet.web.tests.pdf import first_page_ink_share, pdf_text

STATE_GRANT_FIGURES = (
    "named_doctor_coverage_population",
    "phone_answered_same_day",
    "listed_per_doctor_fte",
)


def url(name, roadmap, *args):
    return reverse(f"roadmap:{name}", args=[roadmap.pk, *args])


def create(client, roadmap, kind=ReportKind.STATE_GRANT, start="2025-01-01", end="2025-12-31"):
    data = {
        "kind": kind,
        "title": "",
        "period_start": start,
        "period_end": end,
        "request_key": f"key-{kind}-{start}-{end}",
    }
    return client.post(url("reports", roadmap), data)


def test_follow_up_serves_the_latest_stored_value_with_period_data_date_and_trend(db):
    run = stored_run()
    values = latest_values(["named_doctor_coverage", "unknown"], county_code="19")
    coverage = values["named_doctor_coverage"]
    assert coverage.value == pytest.approx(0.6) and coverage.period_end == date(2025, 12, 31)
    assert coverage.data_date == date(2026, 1, 1) and coverage.run_id == run.pk
    assert [round(v, 2) for _, v in coverage.trend] == [0.5, 0.6]
    assert values["unknown"].value is None
    earlier = latest_values(
        ["named_doctor_coverage"], county_code="19", period=(date(2024, 1, 1), date(2024, 12, 31))
    )["named_doctor_coverage"]
    assert earlier.value == pytest.approx(0.5)
    none = latest_values(
        ["named_doctor_coverage"], county_code="19", period=(date(2022, 1, 1), date(2022, 12, 31))
    )["named_doctor_coverage"]
    assert none.value is None and none.note == NOT_IN_PERIOD
    # A suppressed cell stays hidden: no value, the run's note.
    IndicatorResult.objects.filter(
        run=run,
        indicator="named_doctor_coverage",
        level="county",
        breakdown="total",
        period_end=date(2025, 12, 31),
        kind="period",
    ).update(value=None, numerator=None, suppressed=True, note="Dold: färre än 5 personer.")
    hidden = latest_values(["named_doctor_coverage"], county_code="19")["named_doctor_coverage"]
    assert hidden.value is None and hidden.note == "Dold: färre än 5 personer."


def test_the_roadmap_reads_shares_as_percent(db):
    stored_run()
    figure = roadmap_figures(["phone_answered_same_day"], county_code="19")[
        "phone_answered_same_day"
    ]
    assert figure.value == pytest.approx(60) and figure.available and figure.note == ""


def test_the_activity_page_shows_value_trend_and_data_date(client_as, vasternorrland):
    stored_run()
    version = vasternorrland.versions.get()
    activity = version.activities.get(key="sip-pa-distans")
    Target.objects.create(
        roadmap_version=version,
        activity=activity,
        key="telefon",
        indicator_id="phone_answered_same_day",
        name="Telefontillgänglighet samma dag",
        unit="percent",
    )
    page = client_as("analytiker").get(url("activity", vasternorrland, activity.pk))
    row = next(r for r in texts(page.content, "tr") if r.startswith("Telefontillgänglighet"))
    assert "60 %" in row and "data per 2026-01-01" in row
    assert "Trend: 2024-12 50 % → 2025-12 60 %" in row


def test_the_state_grant_report_follows_the_document_with_figures_and_narrative(
    client_as, vasternorrland
):
    stored_run(indicators=STATE_GRANT_FIGURES)
    client = client_as("analytiker")
    response = create(client, vasternorrland)
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == url(
        "report", vasternorrland, report.pk
    )
    create(client, vasternorrland)  # a double submit
    assert Report.objects.count() == 1

    html = client.get(url("report", vasternorrland, report.pk)).content
    headings = texts(html, "h2")
    order = [headings.index(section.title) for section in STATE_GRANT]
    assert order == sorted(order)
    rows = texts(html, "tr")
    phone = next(r for r in rows if r.startswith("Telefontillgänglighet samma dag"))
    assert "60,0 %" in phone and "2025-01-01 – 2025-12-31" in phone and "2026-01-01" in phone
    per_doctor = next(r for r in rows if r.startswith("Listade personer per läkarheltid"))
    assert "1 100" in per_doctor
    persons = next(r for r in rows if r.startswith("Antal invånare med fast läkarkontakt"))
    assert "120" in persons
    assessment = next(r for r in rows if r.startswith("Medicinsk bedömning inom 3 dagar"))
    assert "Inga beräknade resultat för perioden" in assessment and "0,0" not in assessment
    assert "Medicinsk bedömning inom 3 dagar" in text(html, "p", class_="missing notice")
    saebo = next(r for r in rows if r.startswith("Fast läkarkontakt för boende i särskilt boende"))
    assert "manuell uppgift" in saebo

    section = report.sections.get(key="tillganglighet")
    save = {
        "tillganglighet-text": "Telefontillgängligheten har ökat.",
        "tillganglighet-lock_version": "1",
        "tillganglighet-request_key": "save-1",
    }
    target = url("report_section", vasternorrland, report.pk, "tillganglighet")
    assert client.post(target, save).status_code == 302
    assert client.post(target, save).status_code == 302  # a double click
    section.refresh_from_db()
    assert section.text == "Telefontillgängligheten har ökat." and section.lock_version == 2
    assert ReportSectionRevision.objects.filter(section=section).count() == 1
    stale = client.post(
        target, {**save, "tillganglighet-request_key": "save-2", "tillganglighet-text": "Ny text"}
    )
    assert stale.status_code == 409 and "Ny text" in stale.content.decode()
    section.refresh_from_db()
    assert section.text == "Telefontillgängligheten har ökat."

    pdf = client.get(url("report_pdf", vasternorrland, report.pk))
    assert pdf["Content-Type"] == "application/pdf"
    content = pdf_text(pdf.content)
    assert "Stöd för att förbättra tillgängligheten i primärvården" in content
    assert "60,0 %" in content and "Telefontillgängligheten har ökat." in content
    assert first_page_ink_share(pdf.content) > 0.002
    document = Document(BytesIO(client.get(url("report_docx", vasternorrland, report.pk)).content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "60,0\u00a0%" in cells and "2026-01-01" in cells
    paragraphs = [p.text for p in document.paragraphs]
    assert "Telefontillgängligheten har ökat." in paragraphs
    assert "Kontinuitet och fasta kontakter" in paragraphs


def test_a_period_without_results_names_the_missing_figures(client_as, vasternorrland):
    stored_run(indicators=STATE_GRANT_FIGURES)
    client = client_as("analytiker")
    create(client, vasternorrland, start="2022-01-01", end="2022-12-31")
    report = Report.objects.get()
    html = client.get(url("report", vasternorrland, report.pk)).content
    missing = text(html, "p", class_="missing notice")
    assert (
        "Telefontillgänglighet samma dag" in missing
        and "Listade personer per läkarheltid" in missing
    )
    assert "60,0" not in html.decode() and "0,0 %" not in html.decode()


def test_the_directors_report_has_status_targets_and_decisions(client_as, vasternorrland):
    stored_run(indicators=("most_ill_elderly", "frequent_ed_attenders"))
    version = vasternorrland.versions.get()
    activity = version.activities.get(key="lsg-alla-kommundelar")
    forum = vasternorrland.forums.get(key="halsam")
    meeting = Meeting.objects.create(forum=forum, held_on=date(2025, 9, 10))
    FollowUp.objects.create(
        activity=activity,
        meeting=meeting,
        recorded_on=date(2025, 9, 10),
        status="delayed",
        judgement="red",
        comment="Bemanningen räcker inte.",
        decisions="Presidiet föreslår att KD/RD avsätter en samordnare.",
    )
    activity.status, activity.judgement = "done", "green"  # today; the report tells the period
    activity.save()
    client = client_as("forumsekreterare")
    create(client, vasternorrland, kind=ReportKind.DIRECTORS, start="2025-07-01", end="2025-12-31")
    report = Report.objects.get()
    html = client.get(url("report", vasternorrland, report.pk)).content
    main = text(html, "main")
    assert "Status per område och aktivitet" in texts(html, "h2")
    assert "2025-09-10: Bemanningen räcker inte." in main
    assert "Presidiet föreslår att KD/RD avsätter en samordnare." in main
    rows = texts(html, "tr")
    lsg = next(r for r in rows if r.startswith(activity.title))
    assert "Försenad" in lsg and "Röd – kräver åtgärd" in lsg
    assert any(r.startswith("Mest sjuka äldre") and "%" in r for r in rows)
    pdf = pdf_text(client.get(url("report_pdf", vasternorrland, report.pk)).content)
    assert "Presidiet föreslår" in pdf and "Indikatorer mot mål" in pdf


def test_staff_read_reports_and_only_follow_up_roles_write(client_as, vasternorrland):
    create(client_as("analytiker"), vasternorrland)
    report = Report.objects.get()
    nurse = client_as("distriktsskoterska")
    page = nurse.get(url("report", vasternorrland, report.pk))
    assert page.status_code == 200 and b"<textarea" not in page.content
    assert b"Ny rapport" not in nurse.get(url("reports", vasternorrland)).content
    assert create(nurse, vasternorrland, start="2024-01-01", end="2024-12-31").status_code == 403
    target = url("report_section", vasternorrland, report.pk, "inledning")
    assert nurse.post(target, {"inledning-text": "x"}).status_code == 403
    assert client_as("invanare").get(url("report", vasternorrland, report.pk)).status_code == 403


def test_a_period_ending_before_it_starts_is_refused(client_as, vasternorrland):
    response = create(client_as("analytiker"), vasternorrland, start="2025-12-31", end="2025-01-01")
    assert response.status_code == 200
    assert "Periodens slut kan inte vara före dess början." in response.content.decode()
    assert not Report.objects.exists()
