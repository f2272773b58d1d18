"""The dashboards in a real browser: tile → indicator page → breakdown → CSV download, which must
hold exactly the stored results; every page axe-clean and free of console errors (a CSP violation
by a chart would be one)."""

import csv
import datetime as dt
import re

import pytest

from navet.followup import runs
from navet.followup.models import IndicatorResult, RunStatus, RunTrigger
from navet.followup.tests.builder import SnapshotBuilder

pytestmark = pytest.mark.browser

COVERAGE = "named_doctor_coverage"


@pytest.fixture
def computed_run(demo_users, tmp_path):
    """A run computed by the engine on a small snapshot: 40 listed persons in Västerås and 16
    in Sala, about half with a named doctor, and phone calls to both health centres."""
    b = SnapshotBuilder()
    for i in range(40):
        key = f"V{i:03d}"
        b.person(key, sex="F" if i % 2 else "M", birth="1950-03-01")
        b.listing(key, unit="HC1")
        if i % 3:
            b.named_contact(key, staff="D1", unit="HC1")
    for i, key in enumerate(b.persons("S", 16, birth="1980-05-01", municipality="1981")):
        b.listing(key, unit="HC2")
        if i % 2:
            b.named_contact(key, staff="D2", unit="HC2")
    for month in range(1, 13):
        for call in range(8):
            b.phone_call(f"2025-{month:02d}-12 09:1{call}", call % 4 != 0, unit="HC1")
    snapshot = b.write(tmp_path / "snap")
    options = runs.RunOptions(
        period_end=dt.date(2025, 12, 31),
        months=6,
        only=(COVERAGE, "phone_answered_same_day"),
    )
    run = runs.request_run(trigger=RunTrigger.COMMAND, options=options)
    run = runs.execute_run(run.pk, snapshot_dir=snapshot)
    assert run.status == RunStatus.SUCCEEDED, run.error
    return run


def expect_clean(page, axe_violations) -> None:
    report = axe_violations(page)
    assert not report, report


def test_tile_to_indicator_to_breakdown_to_csv(
    page, browser_login, computed_run, axe_violations, tmp_path
):
    browser_login(page, "analytiker")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Uppföljning").click()
    page.wait_for_url(re.compile(r"/uppfoljning/$"))
    assert page.locator("h1").inner_text() == "Uppföljning av nära vård"
    tile = page.locator("li.tile", has_text="Andel listade med fast läkarkontakt")
    assert "Period: 2025-07-01 – 2025-12-31" in tile.inner_text()
    expect_clean(page, axe_violations)

    tile.get_by_role("link").click()
    page.wait_for_url(re.compile(rf"/uppfoljning/indikator/{COVERAGE}/$"))
    assert page.locator("h1").inner_text() == "Andel listade med fast läkarkontakt"
    charts = page.locator("svg[role=img]")
    assert charts.count() == 2
    assert page.get_by_role("img", name=re.compile("utveckling per månad")).count() == 1
    expect_clean(page, axe_violations)

    page.get_by_label("Nivå").select_option(label="Kommun")
    page.get_by_label("Indelning").select_option(label="Kön")
    with page.expect_navigation():
        page.get_by_role("button", name="Visa").click()
    assert "niva=municipality" in page.url and "indelning=sex" in page.url
    table = page.locator("table.results-table")
    caption = table.locator("caption").inner_text()
    assert caption.startswith("Resultat per kommun och kön, 2025-07-01 – 2025-12-31")
    shown_rows = table.locator("tbody tr").all_inner_texts()
    assert any(row.startswith("Västerås (1980)\tKvinnor") for row in shown_rows), shown_rows
    expect_clean(page, axe_violations)

    with page.expect_download() as download:
        page.locator(".downloads").get_by_role("link", name="CSV").click()
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    with target.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))

    stored = IndicatorResult.objects.filter(
        run=computed_run,
        indicator=COVERAGE,
        kind="period",
        level="municipality",
        breakdown="sex",
        period_start=dt.date(2025, 7, 1),
        period_end=dt.date(2025, 12, 31),
    )
    assert len(rows) == stored.count() == len(shown_rows)

    def text(value) -> str:
        if value is None:
            return ""
        return str(int(value)) if float(value).is_integer() else repr(value)

    expected = {
        (r.level_value, r.breakdown_value): (
            text(r.numerator),
            text(r.denominator),
            text(r.value),
            "true" if r.suppressed else "false",
            r.status,
            r.note,
        )
        for r in stored
    }
    got = {
        (r["level_value"], r["breakdown_value"]): (
            r["numerator"],
            r["denominator"],
            r["value"],
            r["suppressed"],
            r["status"],
            r["note"],
        )
        for r in rows
    }
    assert got == expected
    assert {r["indicator"] for r in rows} == {COVERAGE}
    assert {(r["period_start"], r["period_end"]) for r in rows} == {("2025-07-01", "2025-12-31")}
    # Västerås, women: 20 listed, 13 of them with a named doctor (i % 3 != 0 for odd i).
    women = next(r for r in rows if r["level_value"] == "1980" and r["breakdown_value"] == "F")
    assert (women["numerator"], women["denominator"]) == ("13", "20")


def test_an_analyst_starts_a_run_from_the_page(page, browser_login, computed_run, axe_violations):
    browser_login(page, "analytiker")
    page.goto("/uppfoljning/korningar/")
    expect_clean(page, axe_violations)
    with page.expect_navigation():
        page.get_by_role("button", name="Starta en ny beräkning").click()
    assert "Beräkningen har startats" in page.get_by_role("status").first.inner_text()
    assert page.get_by_role("button", name="Starta en ny beräkning").is_disabled()
    expect_clean(page, axe_violations)
