"""The dashboards: who may see them, what the pages show, downloads and starting a run."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from navet.access.models import AuditAction, AuditEvent
from navet.followup import runs
from navet.followup.models import IndicatorResult, IndicatorRun, RunStatus, RunTrigger
from navet.followup.tests.stored import stored_run
from navet.web.tests.html import text, texts

pytestmark = pytest.mark.django_db

COVERAGE = "named_doctor_coverage"


@pytest.fixture
def run(demo_users):
    return stored_run()


def urls(indicator=COVERAGE):
    return [
        reverse("followup:overview"),
        reverse("followup:runs"),
        reverse("followup:indicator", args=[indicator]),
        reverse("followup:download_csv", args=[indicator]),
        reverse("followup:download_excel", args=[indicator]),
    ]


@pytest.mark.parametrize(
    "username", ["distriktsskoterska", "allmanlakare", "verksamhetschef", "sakerhetsansvarig"]
)
def test_care_staff_and_the_security_officer_are_refused(run, client_as, username):
    client = client_as(username)
    for url in urls():
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("followup:runs")).status_code == 403
    assert IndicatorRun.objects.count() == 1


def test_a_resident_is_refused_and_anonymous_users_go_to_the_login(run, client_as):
    for url in urls():
        assert client_as("invanare").get(url).status_code == 403, url
        response = Client().get(url)
        assert response.status_code == 302 and "/logga-in/" in response["Location"], url


@pytest.mark.parametrize("username", ["analytiker", "lansledning"])
def test_analysts_and_the_leadership_see_the_dashboards(run, client_as, username):
    client = client_as(username)
    for url in urls():
        assert client.get(url).status_code == 200, url
    nav = texts(client.get(reverse("followup:overview")).content, "a", **{"aria-current": "page"})
    assert nav == ["Uppföljning"]


def test_the_overview_has_one_tile_per_indicator_with_value_trend_and_period(run, client_as):
    html = client_as("lansledning").get(reverse("followup:overview")).content
    main = text(html, "main")
    tiles = texts(html, "li", class_="tile")
    assert len(tiles) == 2
    coverage = next(t for t in tiles if t.startswith("Andel listade med fast läkarkontakt"))
    # County: 120 of 200 in 2025 (60,0 %), 100 of 200 in 2024 (50,0 %).
    assert "60,0 %" in coverage
    assert "Ökar med 10,0 procentenheter, från 50,0 % till 60,0 %" in coverage
    assert "Period: 2025-01-01 – 2025-12-31" in coverage
    assert "Vårdgarantin" in main and "Fast läkarkontakt och listning" in main
    assert f"körning {run.pk}" in main
    assert 'aria-hidden="true">↑<' in html.decode()


def test_the_overview_without_results_invites_a_run(demo_users, client_as):
    main = text(client_as("analytiker").get(reverse("followup:overview")).content, "main")
    assert "Det finns inga beräknade indikatorer ännu" in main
    assert "Starta en ny beräkning" in main
    main = text(client_as("lansledning").get(reverse("followup:overview")).content, "main")
    assert "Starta en ny beräkning" not in main
    assert "En analytiker kan också starta en beräkning" in main


def test_the_indicator_page_shows_trend_breakdown_and_definition(run, client_as):
    html = client_as("analytiker").get(reverse("followup:indicator", args=[COVERAGE])).content
    page = html.decode()
    assert texts(html, "h1") == ["Andel listade med fast läkarkontakt"]
    main = text(html, "main")
    # Two inline SVG charts with a title and a description, no script.
    assert page.count('<svg role="img" aria-labelledby=') == 2
    assert '<title id="trend-title">' in page and '<desc id="breakdown-desc">' in page
    assert "<script" not in page.split("<main", 1)[1]
    # The trend table: 24 months.
    assert len(texts(html, "tr")) > 24
    assert "jan 2024" in page and "dec 2025" in page
    # Definition and parameters in Swedish.
    assert "Täljare" in main and "Parametrar i beräkningen" in main
    assert "Målet i överenskommelsen God och nära vård: 55 % av befolkningen." in main
    # Downloads of the shown table carry the selection.
    assert "resultat.csv?niva=county&amp;indelning=total&amp;period=2025-01-01" in page


def test_the_breakdown_by_unit_and_sex_shows_hidden_cells_as_a_dash(run, client_as):
    url = reverse("followup:indicator", args=[COVERAGE])
    html = client_as("analytiker").get(url, {"niva": "unit", "indelning": "sex"}).content
    rows = texts(html, "table", class_="results-table")[0]
    assert "Resultat per enhet och kön, 2025-01-01 – 2025-12-31 (4 rader)" in rows
    body = texts(html, "tr")
    assert "Vårdcentralen Väsby (HC2) Män – – – Dold: färre än 5 personer." in body
    assert any(r.startswith("Vårdcentralen Skiljebo (HC1) Kvinnor") for r in body)
    assert "1 cell saknar värde och har ingen stapel" in text(html, "main")
    chart = html.decode().split('<svg role="img" aria-labelledby="breakdown-title', 1)[1]
    assert ">Vårdcentralen Skiljebo</text>" in chart  # names alone tell the units apart


def test_chart_labels_keep_the_code_when_names_repeat(run):
    from navet.followup import dashboard
    from navet.followup.registry import REGISTRY

    run.labels["unit"]["HC2"] = "Vårdcentralen Skiljebo"
    cells = dashboard.breakdown_cells(
        run,
        REGISTRY[COVERAGE],
        dashboard.Selection("unit", "total", (dt.date(2025, 1, 1), dt.date(2025, 12, 31))),
    )
    assert dashboard.chart_places(run, cells) == [
        "Vårdcentralen Skiljebo (HC1)",
        "Vårdcentralen Skiljebo (HC2)",
    ]


def test_an_unknown_selection_falls_back_and_an_unknown_indicator_is_404(run, client_as):
    client = client_as("analytiker")
    url = reverse("followup:indicator", args=[COVERAGE])
    html = client.get(url, {"niva": "galaxy", "indelning": "x", "period": "1999-01-01"}).content
    assert "Resultat per län, 2025-01-01 – 2025-12-31" in text(html, "main")
    assert client.get(reverse("followup:indicator", args=["nope"])).status_code == 404
    assert client.get(reverse("followup:download_csv", args=["nope"])).status_code == 404
    csv_url = reverse("followup:download_csv", args=[COVERAGE])
    assert client.get(csv_url, {"niva": "galaxy"}).status_code == 404


def _csv_rows(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


def test_the_csv_download_holds_exactly_the_stored_rows_of_the_selection(run, client_as):
    url = reverse("followup:download_csv", args=[COVERAGE])
    response = client_as("analytiker").get(
        url, {"niva": "municipality", "indelning": "sex", "period": "2025-01-01"}
    )
    assert "attachment" in response["Content-Disposition"]
    rows = _csv_rows(response)
    assert list(rows[0]) == [
        "indicator", "period_start", "period_end", "level", "level_value", "breakdown",
        "breakdown_value", "numerator", "denominator", "value", "suppressed", "status", "note",
    ]  # fmt: skip
    stored = IndicatorResult.objects.filter(
        run=run, indicator=COVERAGE, level="municipality", breakdown="sex", kind="period",
        period_start="2025-01-01",
    )  # fmt: skip
    assert len(rows) == stored.count() == 4
    for row in rows:
        match = stored.get(level_value=row["level_value"], breakdown_value=row["breakdown_value"])
        assert float(row["numerator"]) == match.numerator
        assert float(row["value"]) == match.value and row["suppressed"] == "false"
    event = AuditEvent.objects.get(action=AuditAction.EXPORT, object_type="indicator_results")
    assert event.username == "analytiker" and event.person_id is None


def test_the_whole_indicator_downloads_as_csv_and_excel(run, client_as):
    client = client_as("lansledning")
    rows = _csv_rows(client.get(reverse("followup:download_csv", args=[COVERAGE])))
    assert len(rows) == IndicatorResult.objects.filter(run=run, indicator=COVERAGE).count()
    hidden = [r for r in rows if r["suppressed"] == "true"]
    assert hidden and all(r["value"] == r["numerator"] == "" for r in hidden)
    response = client.get(reverse("followup:download_excel", args=[COVERAGE]))
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["resultat", "definitioner"]
    assert book["resultat"].max_row - 1 == len(rows)


def test_pages_show_the_latest_successful_run_not_a_failed_or_running_one(run, client_as):
    failed = runs.request_run(trigger=RunTrigger.COMMAND)
    IndicatorRun.objects.filter(pk=failed.pk).update(
        status=RunStatus.FAILED, active=None, error="kaputt"
    )
    runs.request_run(trigger=RunTrigger.COMMAND)  # queued, no rows yet
    main = text(client_as("analytiker").get(reverse("followup:overview")).content, "main")
    assert f"körning {run.pk}" in main and "60,0 %" in main
    assert "En ny beräkning väntar på att starta" in main
    runs_page = text(client_as("analytiker").get(reverse("followup:runs")).content, "main")
    assert "kaputt" in runs_page and "Misslyckades" in runs_page


def test_an_analyst_starts_a_run_and_a_second_click_starts_none(run, client_as):
    from django_tasks_db.models import DBTaskResult

    client = client_as("analytiker")
    response = client.post(reverse("followup:runs"), follow=True)
    assert "Beräkningen har startats" in text(response.content, "main")
    assert "disabled" in response.content.decode()  # the button while a run is active
    response = client.post(reverse("followup:runs"), follow=True)
    assert "pågår redan" in text(response.content, "main")
    queued = IndicatorRun.objects.get(status=RunStatus.QUEUED)
    assert queued.trigger == RunTrigger.USER and queued.started_by_name == "Anna Analytiker"
    assert DBTaskResult.objects.count() == 1


def test_the_leadership_may_look_but_not_start(run, client_as):
    client = client_as("lansledning")
    assert "Starta en ny beräkning" not in text(client.get(reverse("followup:runs")).content)
    assert client.post(reverse("followup:runs")).status_code == 403


def test_the_sip_indicators_have_tiles_and_pages_like_the_others(demo_users, client_as):
    sip = ("sip_active_per_1000", "sip_followup_on_time", "sip_meetings_remote_share")
    stored_run(sip)
    client = client_as("analytiker")
    html = client.get(reverse("followup:overview")).content
    assert "Samordnad individuell plan (SIP)" in text(html, "main")
    tiles = texts(html, "li", class_="tile")
    assert len(tiles) == 3
    assert any(t.startswith("SIP-möten på distans") for t in tiles)
    page = client.get(reverse("followup:indicator", args=["sip_meetings_remote_share"])).content
    main = text(page, "main")
    assert "hölls på distans (video eller telefon)" in main
    assert "Mötesformer som räknas som distans" in main and "video, telefon" in main
    csv_rows = client.get(reverse("followup:download_csv", args=["sip_followup_on_time"]))
    assert csv_rows.status_code == 200 and b"sip_followup_on_time" in csv_rows.content
