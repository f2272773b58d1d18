"""The invoice basis in a real browser: menu → page → upload → the basis; each page axe-clean."""

import re
from decimal import Decimal
from pathlib import Path

import pytest

from navet.payment.models import DailyAmount

pytestmark = pytest.mark.browser

DATA = Path(__file__).parent / "data" / "timelines.csv"


def expect_clean(page, axe_violations) -> None:
    report = axe_violations(page)
    assert not report, report


def test_the_analyst_produces_a_basis(page, browser_login, demo_users, axe_violations):
    # A browser test runs on a flushed database: an earlier transactional test removed the rows
    # the migration entered (Socialstyrelsen's 9 300 kr for 2022), so enter it as the admin would.
    DailyAmount.objects.update_or_create(
        year=2022, defaults={"amount": Decimal("9300"), "source": "Socialstyrelsen"}
    )
    browser_login(page, "analytiker")
    menu = page.get_by_role("navigation", name="Huvudmeny")
    menu.get_by_role("link", name="Betalningsansvar").click()
    page.wait_for_url(re.compile(r"/betalningsansvar/$"))
    assert page.locator("h1").inner_text() == "Betalningsansvar vid utskrivning"
    expect_clean(page, axe_violations)

    page.get_by_label("Kommun").select_option(label="Västerås")
    page.get_by_label("Månad").fill("2022-03")
    page.get_by_label("Underlag om vårdtillfällen").select_option(value="upload")
    page.get_by_label("Fil med vårdtillfällen (CSV)").set_input_files(str(DATA))
    page.get_by_role("button", name="Ta fram underlaget").click()
    page.wait_for_url(re.compile(r"/betalningsansvar/underlag/$"))
    assert "Västerås, 2022-03" in page.locator("h1").inner_text()
    assert "83700,00" in page.locator("tfoot").inner_text()
    expect_clean(page, axe_violations)
