"""In a real browser: the demo guardian logs in, opens *Mina barn*, reads the child's plan (the
part an OSL 12:3 decision withholds is not there), confirms having read it and downloads the
guardians' copy as a PDF. Every page is checked with axe (WCAG 2.1 AA)."""

import re
from pathlib import Path

import pytest

from navet.citizen.tests.guardian_support import leos_finalised_plan, link_guardian, withhold
from navet.demo import ensure_demo_users
from navet.web.tests.pdf import first_page_ink_share, pdf_text

pytestmark = pytest.mark.browser


def expect_clean(page, axe_violations) -> None:
    report = axe_violations(page)
    assert not report, report


def test_a_guardian_reads_the_childs_plan_and_downloads_it(
    page, demo_users, small_county, identity_numbers, axe_violations, allow_console_error, tmp_path
):
    allow_console_error(r"plan\.pdf \(net::ERR_ABORTED\)")  # a download, not a page
    sara = link_guardian(small_county, identity_numbers)
    plan = leos_finalised_plan(small_county)
    withhold(plan, parts=["goals"])
    # The demo makes the guardian's login (navet.demo): the same passwords file as demo_users.
    users = {u.username: u for u in ensure_demo_users(password_file=tmp_path / "demo_users.json")}
    guardian = users["vardnadshavare"]
    assert guardian.name == sara.full_name

    page.goto("/logga-in/")
    page.get_by_label("Användarnamn").fill("vardnadshavare")
    page.get_by_label("Lösenord").fill(guardian.password)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(re.compile(r"/$"))
    expect_clean(page, axe_violations)

    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Mina barn").click()
    main = page.locator("main")
    assert "Leo Nilsson" in main.inner_text()
    expect_clean(page, axe_violations)
    page.get_by_role("link", name=re.compile("^Samordnad individuell plan")).click()
    text = main.inner_text()
    assert "Leo Nilssons samordnade individuella plan (SIP)" in text
    assert "Läkemedelsgenomgång" in text and "Kim Ek" in text
    assert "kompisarna" not in text  # the child's own words: withheld by the decision
    assert "lämnas inte ut till vårdnadshavare" in text
    expect_clean(page, axe_violations)

    page.get_by_role("button", name="Jag har läst planen").click()
    page.get_by_text("Samordnaren ser att du som vårdnadshavare har läst planen").wait_for()
    expect_clean(page, axe_violations)
    reading = plan.readings.get()
    assert (reading.read_by_name, reading.by_guardian) == ("Sara Nilsson", True)

    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner planen som PDF").click()
    content = Path(download.value.path()).read_bytes()
    words = " ".join(pdf_text(content).split())
    assert "Leo Nilssons samordnade individuella plan (SIP)" in words
    assert "Till vårdnadshavarna för Leo Nilsson – nedladdad av Sara Nilsson" in words
    assert "Hemtjänst morgon och kväll" in words
    assert "kompisarna" not in words
    assert first_page_ink_share(content) > 0.002
