"""Safe discharge end to end in a real browser, every page checked with axe-core (WCAG 2.1 AA):
the ward registers Elsa's admission, the health centre acknowledges the notice in its inbox, ward
and municipality plan the discharge, the doctor marks her ready, the ward says a SIP is needed,
the named care contact sends the SIP call, the ward sends the discharge notice and discharges,
and the health centre makes the follow-up call. A second walk moves the clock: a stay registered
days ago (the services take the times) shows its deadlines overdue on the worklist and in the
main menu's count."""

import re

import pytest
from django.utils import timezone

from navet.access.audit import actor_for
from navet.transitions import deadlines, services, sip_call
from navet.transitions.models import InpatientStay
from navet.transitions.tests import walk
from navet.transitions.tests.support import admit, ago, call, user

pytestmark = pytest.mark.browser


def test_admission_to_follow_up_call(
    page, browser_login, demo_users, small_county, axe_violations, allow_console_error
):
    # The refused record page answers 403, which the browser reports on the console.
    allow_console_error(r"status of 403")
    elsa = small_county.persons["elsa"]
    walk.as_user(page, browser_login, "avdelningsskoterska")
    walk.register_admission(page, axe_violations, elsa)
    url = f"/invanare/{elsa.pk}/utskrivning/{InpatientStay.objects.get().pk}/"

    walk.as_user(page, browser_login, "distriktsskoterska")
    walk.acknowledge_admission_notice(page, axe_violations)

    walk.as_user(page, browser_login, "avdelningsskoterska")
    walk.ward_plans(page, axe_violations, url)
    walk.as_user(page, browser_login, "bistandshandlaggare")
    walk.municipality_plans(page, axe_violations, url)

    walk.as_user(page, browser_login, "avdelningslakare")
    walk.doctor_marks_ready(page, axe_violations, url)
    walk.as_user(page, browser_login, "avdelningsskoterska")
    walk.ward_needs_sip(page, axe_violations, url)
    walk.as_user(page, browser_login, "distriktsskoterska")
    walk.named_contact_sends_sip_call(page, axe_violations)
    walk.as_user(page, browser_login, "avdelningsskoterska")
    walk.ward_notifies_and_discharges(page, axe_violations, url)
    walk.as_user(page, browser_login, "bistandshandlaggare")
    walk.municipality_claims_gap_days(page, axe_violations, url)
    walk.as_user(page, browser_login, "avdelningsskoterska")
    walk.ward_confirms_gap_days(page, axe_violations, url)
    walk.as_user(page, browser_login, "distriktsskoterska")
    walk.follow_up_call_done(page, axe_violations)


def test_worklist_shows_deadlines_overdue_with_time(
    page, browser_login, demo_users, small_county, axe_violations
):
    # Admitted 8 days ago, ready 7 days ago with a SIP needed, discharged 4 days ago: the
    # notice (24 h), the SIP call (3 days) and the follow-up call (72 h) are all overdue.
    stay, _ = admit(small_county, at=ago(days=8), now=ago(days=8))
    call(services.mark_ready, "avdelningslakare", stay=stay, now=ago(days=7))
    ward_nurse = user("avdelningsskoterska")
    sip_call.mark_needed(actor=actor_for(ward_nurse), user=ward_nurse, stay=stay, now=ago(days=7))
    stay.refresh_from_db()
    call(
        services.discharge,
        "avdelningsskoterska",
        stay=stay,
        at=ago(days=4),
        destination="home",
        now=ago(days=4),
    )
    walk.as_user(page, browser_login, "distriktsskoterska")
    page.goto("/utskrivning/")
    assert "försenat" in page.locator("#to-acknowledge").inner_text()
    assert "försenad" in page.locator("#sip-calls").inner_text()
    assert "försenat" in page.locator("#follow-ups").inner_text()
    # the admission and ready notices, the SIP call and the follow-up call
    due = deadlines.needing_action([small_county.units["skiljebo"].pk], now=timezone.now())
    assert (due.notices_overdue, due.sip_calls_overdue, due.follow_ups_due) == (2, 1, 1)
    nav = page.get_by_role("navigation", name="Huvudmeny").inner_text()
    assert re.search(rf"Utskrivning\s*{due.total}\b", nav), nav
    walk.expect_clean(page, axe_violations)
