"""In a real browser: the unit head opens the capacity dashboard, from there the named-doctor
proposals, runs them, accepts a subset (one person of several), the resident sees their new named
doctor, and the audit log holds each read. Every page is checked with axe-core (WCAG 2.1 AA)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from navet.access.models import AuditEvent
from navet.listing import selectors, services
from navet.listing.models import ProposalRun, ProposalStatus
from navet.listing.tests.proposal_support import add_listed
from navet.listing.tests.support import ACTOR
from navet.listing.tests.test_browser_listing import expect_clean, logout

pytestmark = pytest.mark.browser


def test_unit_head_accepts_proposals_and_the_resident_sees_the_named_doctor(
    page, browser_login, small_county, identity_numbers, axe_violations
):
    elsa = small_county.persons["elsa"]
    today = timezone.localdate()
    # Elsa's named doctor left yesterday, so she is among those proposals are for.
    services.end_named_contact(
        actor=ACTOR,
        contact=selectors.named_doctor(elsa, on=today),
        valid_to=today - timedelta(days=1),
        reason="Läkaren har slutat.",
        by=None,
    )
    add_listed(small_county, identity_numbers, "anna", 1940)

    # 1. The unit head opens the capacity dashboard, from there the proposals, and runs them.
    browser_login(page, "verksamhetschef")
    page.get_by_role("link", name="Kapacitet och fast läkarkontakt").click()
    page.wait_for_url(re.compile(r"/listning/kapacitet/$"))
    assert "Elsa" in page.locator("main").inner_text()  # without a named doctor, by need
    expect_clean(page, axe_violations)
    page.locator("main").get_by_role("link", name="Förslag på fast läkarkontakt").click()
    assert page.locator("h1").inner_text() == "Förslag på fast läkarkontakt, Vårdcentralen Skiljebo"
    expect_clean(page, axe_violations)
    page.get_by_role("button", name="Ta fram nya förslag").click()
    page.wait_for_url(re.compile(r"/listning/forslag/\d+/$"))
    run = ProposalRun.objects.get()
    table = page.get_by_role("table", name=re.compile("Störst behov först"))
    assert "Elsa Lindqvist" in table.inner_text() and "Anna Förslagsson" in table.inner_text()
    expect_clean(page, axe_violations)

    # 2. Only Elsa's proposal is accepted.
    page.get_by_role("checkbox", name=re.compile("för Elsa Lindqvist$")).check()
    page.get_by_role("button", name="Godkänn de markerade förslagen").click()
    page.wait_for_url(re.compile(r"/listning/forslag/\d+/$"))
    assert "1 fasta läkarkontakter är utsedda." in page.get_by_role("status").inner_text()
    expect_clean(page, axe_violations)
    proposal = run.proposals.get(person=elsa)
    assert proposal.status == ProposalStatus.ACCEPTED
    assert selectors.named_doctor(elsa, on=today).staff == proposal.doctor
    anna = small_county.persons["anna"]
    assert selectors.named_doctor(anna, on=today) is None
    logout(page)

    # 3. Elsa sees her new named doctor.
    browser_login(page, "invanare")
    doctor = page.get_by_role("region", name="Fast läkarkontakt")
    assert proposal.doctor.full_name in doctor.inner_text()
    expect_clean(page, axe_violations)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Mina kontakter"
    ).click()
    assert proposal.doctor.full_name in page.get_by_role("main").inner_text()
    assert "Per Ek" in page.get_by_role("table", name="Fasta kontakter").inner_text()  # history
    expect_clean(page, axe_violations)

    # 4. The audit log: each person the unit head was shown, the appointment, the resident's read.
    shown = AuditEvent.objects.filter(
        username="verksamhetschef", detail="förslag på fast läkarkontakt, Vårdcentralen Skiljebo"
    )
    assert {elsa.pk, anna.pk} <= set(shown.values_list("person_id", flat=True))
    assert AuditEvent.objects.filter(
        person_id=elsa.pk, action="create", object_type="namedcontact", username="verksamhetschef"
    ).exists()
    assert AuditEvent.objects.filter(
        person_id=elsa.pk, action="read", username="invanare", object_type="own_contacts"
    ).exists()
