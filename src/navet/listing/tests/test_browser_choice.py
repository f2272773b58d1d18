"""In a real browser: the resident chooses their named doctor, the unit head confirms it from
the start page's link and sees the doctor's count on the capacity dashboard, and the resident
sees their new named doctor. Every page is checked with axe-core (WCAG 2.1 AA), and the audit
log holds each read."""

import re

import pytest
from django.utils import timezone

from navet.access.models import AuditEvent
from navet.listing import selectors
from navet.listing.tests.test_browser_listing import expect_clean, logout

pytestmark = pytest.mark.browser


def test_resident_chooses_the_unit_head_confirms_and_the_resident_sees_it(
    page, browser_login, small_county, axe_violations
):
    elsa = small_county.persons["elsa"]

    # 1. Elsa chooses Nora Lind from her own pages.
    browser_login(page, "invanare")
    page.get_by_role("region", name="Fast läkarkontakt").get_by_role(
        "link", name="Byt fast läkarkontakt"
    ).click()
    page.wait_for_url(re.compile(r"/mina-kontakter/fast-lakarkontakt/$"))
    assert page.locator("h1").inner_text() == "Välj fast läkarkontakt"
    expect_clean(page, axe_violations)
    form = page.get_by_role("form", name="Läkare på Vårdcentralen Skiljebo")
    form.get_by_label("Nora Lind – ST-läkare, allmänmedicin (440 lediga platser)").check()
    form.get_by_label("Meddelande till vårdcentralen (frivilligt)").fill("Hon känner mig.")
    form.get_by_role("button", name="Skicka mitt val").click()
    page.wait_for_url(re.compile(r"/mina-kontakter/fast-lakarkontakt/$"))
    assert "Du har valt Nora Lind." in page.get_by_role("status").inner_text()
    pending = page.get_by_role("region", name="Din begäran väntar på besked")
    assert "Du har valt Nora Lind på Vårdcentralen Skiljebo" in pending.inner_text()
    expect_clean(page, axe_violations)
    logout(page)

    # 2. The unit head finds the request from the start page and confirms it.
    browser_login(page, "verksamhetschef")
    card = page.get_by_role("region", name="Listning och fasta kontakter")
    card.get_by_role("link", name="Egna val av fast läkarkontakt").click()
    assert page.locator("h1").inner_text() == "Egna val av fast läkarkontakt"
    expect_clean(page, axe_violations)
    form = page.get_by_role("form", name=re.compile("Elsa Lindqvist"))
    assert "Hon känner mig." in page.locator("main").inner_text()
    form.get_by_label("Bekräfta").check()
    form.get_by_role("button", name="Spara beslutet").click()
    assert "Nora Lind är nu fast läkarkontakt för Elsa Lindqvist." in (
        page.get_by_role("status").inner_text()
    )
    assert "Inga val väntar på besked." in page.locator("main").inner_text()
    expect_clean(page, axe_violations)

    # 3. The capacity dashboard counts her with Nora Lind.
    page.get_by_role("link", name="Kapacitet och fast läkarkontakt").click()
    assert page.locator("h1").inner_text() == (
        "Fast läkarkontakt och kapacitet på Vårdcentralen Skiljebo"
    )
    doctors = page.get_by_role("table", name="Personer med läkaren som fast läkarkontakt")
    nora_row = doctors.get_by_role("row").filter(has_text="Nora Lind")
    assert "439 lediga platser" in nora_row.inner_text()
    expect_clean(page, axe_violations)
    logout(page)

    # 4. Elsa sees her new named doctor and the confirmed choice.
    browser_login(page, "invanare")
    doctor = page.get_by_role("region", name="Fast läkarkontakt")
    assert "Nora Lind" in doctor.inner_text()
    expect_clean(page, axe_violations)
    doctor.get_by_role("link", name="Byt fast läkarkontakt").click()
    choices = page.get_by_role("table", name=re.compile("Dina val av fast läkarkontakt"))
    assert "Bekräftad" in choices.inner_text()
    expect_clean(page, axe_violations)
    assert selectors.named_doctor(elsa, on=timezone.localdate()).staff.given_name == "Nora"

    # 5. The audit log holds each read and the decision.
    events = AuditEvent.objects.filter(person_id=elsa.pk)
    assert events.filter(username="invanare", object_type="own_doctor_choice").exists()
    assert events.filter(username="verksamhetschef", action="search").exists()
    assert events.filter(
        username="verksamhetschef", action="create", object_type="namedcontact"
    ).exists()
