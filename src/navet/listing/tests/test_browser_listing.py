"""In a real browser: the unit head finds the worklists, opens a person's listing and named
contacts, is refused a wrong appointment with the reason, appoints a new named doctor, and the
resident sees the new named doctor with how to reach them. Every page is checked with axe-core
(WCAG 2.1 AA), and the audit log holds each read."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from navet.access.models import AuditEvent
from navet.listing import selectors

pytestmark = pytest.mark.browser


def expect_clean(page, axe_violations) -> None:
    report = axe_violations(page)
    assert not report, report


def logout(page) -> None:
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url(re.compile(r"/logga-in/$"))


def test_unit_head_appoints_a_named_doctor_and_the_resident_sees_it(
    page, browser_login, small_county, axe_violations, allow_console_error
):
    allow_console_error(r"status of 400")  # the refused appointment is answered 400 Bad Request
    elsa = small_county.persons["elsa"]
    skiljebo = small_county.units["skiljebo"]
    skiljebo.phone = "08-465 004 17"
    skiljebo.save()
    today = timezone.localdate().isoformat()

    # 1. The unit head's start page leads to the worklists and the unit's listing page.
    browser_login(page, "verksamhetschef")
    card = page.get_by_role("region", name="Listning och fasta kontakter")
    assert "Nyligen listade utan fast läkarkontakt, Vårdcentralen Skiljebo: 0" in card.inner_text()
    expect_clean(page, axe_violations)
    card.get_by_role("link", name="Arbetslistor").click()
    assert page.locator("h1").inner_text() == "Arbetslistor: listning och fasta kontakter"
    expect_clean(page, axe_violations)
    page.goto(reverse("listing:unit"))
    assert page.locator("h1").inner_text() == "Listning på Vårdcentralen Skiljebo"
    expect_clean(page, axe_violations)

    # 2. The listing-file upload reports an error with its row number.
    page.goto(reverse("listing:import"))
    expect_clean(page, axe_violations)
    bad_row = f"19460113-6097,{skiljebo.hsa_id},{today}"  # a wrong check digit
    page.get_by_label("Listningsfil (CSV)").set_input_files(
        files=[
            {
                "name": "lista.csv",
                "mimeType": "text/csv",
                "buffer": f"personnummer,hsa_id,datum\n{bad_row}\n".encode(),
            }
        ]
    )
    page.get_by_label("Kontrollera bara – importera inget").check()
    page.get_by_role("button", name="Skicka").click()
    report = page.locator("#report")
    assert "Kontroll: 1 rader, 0 giltiga, 1 med fel" in report.inner_text()
    assert "fel kontrollsiffra" in report.get_by_role("table").inner_text()
    expect_clean(page, axe_violations)

    # 3. Elsa's listing and named contacts, from her overview.
    page.goto(reverse("web:resident_detail", args=[elsa.pk]))
    page.get_by_role("link", name="Listning och fasta kontakter").click()
    page.wait_for_url(re.compile(r"/invanare/\d+/listning/$"))
    assert page.locator("h1").inner_text() == "Listning och fasta kontakter"
    current = page.get_by_role("table", name="Nuvarande fasta kontakter")
    assert "Per Ek" in current.inner_text()
    expect_clean(page, axe_violations)

    # 4. A named doctor from a day when she was not listed here: refused, with the reason.
    form = page.get_by_role("form", name="Utse fast läkarkontakt")
    form.get_by_label("Medarbetare").select_option(label="Nora Lind – ST-läkare, allmänmedicin")
    form.get_by_label("Från och med").fill("2019-01-01")
    form.get_by_role("button", name="Utse").click()
    alert = page.get_by_role("alert")
    assert "Elsa Lindqvist är inte listad på Vårdcentralen Skiljebo 2019-01-01" in (
        alert.inner_text()
    )
    expect_clean(page, axe_violations)

    # 5. From today: Nora Lind replaces Per Ek.
    form = page.get_by_role("form", name="Utse fast läkarkontakt")
    form.get_by_label("Medarbetare").select_option(label="Nora Lind – ST-läkare, allmänmedicin")
    form.get_by_label("Från och med").fill(today)
    form.get_by_label("Motivering").fill("Personens önskemål")
    form.get_by_role("button", name="Utse").click()
    page.wait_for_url(re.compile(r"/invanare/\d+/listning/$"))
    assert f"Nora Lind är nu fast läkarkontakt för Elsa Lindqvist från {today}." in (
        page.get_by_role("status").inner_text()
    )
    current = page.get_by_role("table", name="Nuvarande fasta kontakter")
    assert "Nora Lind" in current.inner_text() and "Per Ek" not in current.inner_text()
    history = page.get_by_role("table", name="Tidigare och kommande fasta kontakter")
    assert "Ersatt av Nora Lind." in history.inner_text()
    expect_clean(page, axe_violations)
    assert selectors.named_doctor(elsa, on=timezone.localdate()).staff.given_name == "Nora"
    logout(page)

    # 6. Elsa sees her new named doctor and how to reach her.
    browser_login(page, "invanare")
    doctor = page.get_by_role("region", name="Fast läkarkontakt")
    text = doctor.inner_text()
    assert "Nora Lind" in text and "ST-läkare i allmänmedicin" in text
    assert "Ring Vårdcentralen Skiljebo på 08-465 004 17" in text
    assert doctor.get_by_role("link", name="08-465 004 17").get_attribute("href") == (
        "tel:0846500417"
    )
    expect_clean(page, axe_violations)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Mina kontakter"
    ).click()
    assert "Per Ek" in page.get_by_role("table", name="Fasta kontakter").inner_text()
    expect_clean(page, axe_violations)

    # 7. The audit log holds each read and the change.
    reads = AuditEvent.objects.filter(person_id=elsa.pk, action="read")
    assert reads.filter(username="verksamhetschef", object_type="listing_and_contacts").exists()
    assert reads.filter(username="invanare", object_type="own_contacts").exists()
    assert AuditEvent.objects.filter(
        person_id=elsa.pk, action="create", object_type="namedcontact", username="verksamhetschef"
    ).exists()
