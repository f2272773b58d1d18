"""In a real browser: the follow-up reminder appears in the coordinator's inbox on the due date
(time travel through the reminder run's `today`), leads to the plan, and the plan is closed with
a reason; the health centre's nurse writes a documented agreement with a self-care assessment.
Every page is checked with axe (WCAG 2.1 AA)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from navet.access.audit import actor_for
from navet.access.relationships import open_relationship
from navet.plans import reminders, services
from navet.plans.models import CoordinatedPlan, DocumentedAgreement
from navet.plans.tests.support import complete_content, key, start, user

pytestmark = pytest.mark.browser


def expect_clean(page, axe_violations) -> None:
    report = axe_violations(page)
    assert not report, report


def test_the_reminder_on_the_due_date_then_closing(
    page,
    browser_login,
    small_county,
    nurse_cares_for_elsa,
    axe_violations,
    settings,
    allow_console_error,
):
    allow_console_error(r"status of 400")  # the closing form again, saying what is missing
    settings.NAVET_SIP_REMINDER_DAYS = [0]
    plan = start(small_county.persons["elsa"])
    maja = user("kommunskoterska")
    content = {**complete_content(small_county), "follow_up_date": timezone.localdate()}
    services.save_version(
        actor=actor_for(maja), user=maja, plan=plan, base_version=0, data=content, key=key()
    )
    due = timezone.localdate()
    assert reminders.send_reminders(today=due - timedelta(days=3)) == 0
    browser_login(page, "kommunskoterska")
    page.goto("/inkorg/")
    assert "SIP-uppföljning i dag" not in page.locator("main").inner_text()

    assert reminders.send_reminders(today=due) == 1  # the due date
    page.goto("/inkorg/")
    page.get_by_role("link", name=re.compile("SIP-uppföljning i dag")).click()
    expect_clean(page, axe_violations)
    page.get_by_role("link", name="Öppna underlaget").click()
    page.get_by_role("link", name="Avsluta planen").click()
    page.get_by_label("Skäl till att planen avslutas").select_option(label="Annat skäl")
    page.get_by_role("button", name="Spara").click()
    page.locator("#error-summary").wait_for()
    expect_clean(page, axe_violations)
    page.get_by_label("Skäl till att planen avslutas").select_option(label="Målen är uppnådda")
    page.get_by_role("button", name="Spara").click()
    page.get_by_text("Planen är avslutad. Den kan inte längre ändras.").wait_for()
    assert "Ändra planen" not in page.locator("main").inner_text()
    expect_clean(page, axe_violations)
    assert CoordinatedPlan.objects.get().closed_by_name == "Maja Fors"


def test_the_named_care_contact_writes_a_documented_agreement(
    page, browser_login, small_county, demo_users, axe_violations
):
    elsa = small_county.persons["elsa"]
    open_relationship(
        person=elsa, unit=small_county.units["skiljebo"], kind="manual", key="t", reason="Besök"
    )
    browser_login(page, "distriktsskoterska")
    page.goto(f"/invanare/{elsa.pk}/")
    page.get_by_role("link", name="Dokumenterad överenskommelse").click()
    expect_clean(page, axe_violations)
    page.get_by_role("link", name="Ny överenskommelse").click()
    expect_clean(page, axe_violations)
    page.get_by_role("button", name="Skapa och skriv överenskommelsen").click()
    page.get_by_label("Vad ska hända?").fill("Blodtrycket kontrolleras varannan vecka.")
    page.get_by_label("Egenvårdsråd").fill("Ta tabletterna på morgonen.")
    expect_clean(page, axe_violations)
    page.get_by_role("button", name="Spara ny version").click()
    page.get_by_text("Överenskommelsen är sparad som en ny version.").wait_for()
    page.get_by_role("link", name="Registrera egenvårdsbedömning").click()
    page.get_by_label("Åtgärd").fill("Ögondroppar morgon och kväll")
    page.get_by_label("Egenvård – personen själv").check()
    expect_clean(page, axe_violations)
    page.get_by_role("button", name="Spara").click()
    page.get_by_text("Egenvårdsbedömningen är registrerad.").wait_for()
    expect_clean(page, axe_violations)
    agreement = DocumentedAgreement.objects.get()
    assert agreement.version == 1 and agreement.assessments.get().assessed_by_name == "Eva Holm"
