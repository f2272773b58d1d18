"""Part 5: reminders before the follow-up date (time travel through the injectable `today`),
overdue plans in the worklists, recording a follow-up, closing with a reason."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from navet.access.audit import actor_for
from navet.messaging.models import InboxItem
from navet.plans import follow_up, reminders, services
from navet.plans.errors import PlanError
from navet.plans.models import CoordinatedPlan, Stage
from navet.plans.tests.support import complete_content, key, start, user

pytestmark = pytest.mark.django_db


def _plan_due_in(county, days: int):
    """Elsa's plan (coordinator: Maja Fors, home health care) with a follow-up `days` ahead."""
    plan = start(county.persons["elsa"])
    maja = user("kommunskoterska")
    content = {**complete_content(county), "follow_up_date": timezone.localdate() + timedelta(days)}
    services.save_version(
        actor=actor_for(maja), user=maja, plan=plan, base_version=0, data=content, key=key()
    )
    plan.refresh_from_db()
    return plan


def _reminders():
    return list(InboxItem.objects.filter(kind="reminder").order_by("pk"))


def test_the_reminder_appears_on_the_due_date_and_not_before(
    small_county, demo_users, client_as, nurse_cares_for_elsa, settings
):
    settings.NAVET_SIP_REMINDER_DAYS = [0]
    plan = _plan_due_in(small_county, 30)
    due = plan.follow_up_date
    for days_before in (30, 7, 1):
        assert reminders.send_reminders(today=due - timedelta(days_before)) == 0
    assert _reminders() == []
    client = client_as("kommunskoterska")
    inbox = reverse("messaging:inbox")
    assert "SIP-uppföljning" not in client.get(inbox).content.decode()

    assert reminders.send_reminders(today=due) == 1  # travel to the due date
    (item,) = _reminders()
    assert item.to_unit == plan.coordinator_unit and item.person == plan.person
    assert item.subject == f"SIP-uppföljning i dag ({due.isoformat()})"
    assert "Maja Fors" in item.body and item.purpose == "sip"
    assert item.source_url() == reverse("plans:detail", args=[plan.person_id, plan.pk])
    assert f"SIP-uppföljning i dag ({due.isoformat()})" in client.get(inbox).content.decode()


def test_one_reminder_per_lead_and_never_twice(small_county, demo_users, settings):
    settings.NAVET_SIP_REMINDER_DAYS = [7, 1, 0]
    plan = _plan_due_in(small_county, 20)
    due = plan.follow_up_date
    sent = {}
    for days_before in range(10, -3, -1):
        today = due - timedelta(days_before)
        sent[days_before] = reminders.send_reminders(today=today)
        assert reminders.send_reminders(today=today) == 0  # a second run the same day
    assert {d: n for d, n in sent.items() if n} == {7: 1, 1: 1, 0: 1}
    assert [i.subject.split(" (")[0] for i in _reminders()] == [
        "SIP-uppföljning om 7 dagar",
        "SIP-uppföljning i morgon",
        "SIP-uppföljning i dag",
    ]
    # a worker that was down for days sends the current lead once, not a burst
    InboxItem.objects.filter(kind="reminder").delete()
    assert reminders.send_reminders(today=due) == 1
    assert [i.subject.split(" (")[0] for i in _reminders()] == ["SIP-uppföljning i dag"]
    # a new follow-up date starts the reminders over
    CoordinatedPlan.objects.filter(pk=plan.pk).update(follow_up_date=due + timedelta(30))
    assert reminders.send_reminders(today=due + timedelta(30)) == 1


def test_closed_plans_get_no_reminders(small_county, demo_users):
    plan = _plan_due_in(small_county, 0)
    maja = user("kommunskoterska")
    follow_up.close(actor=actor_for(maja), user=maja, plan=plan, reason_code="goals_met")
    assert reminders.send_reminders() == 0


def test_the_command_enqueues_and_runs_the_task(small_county, demo_users, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    plan = _plan_due_in(small_county, 1)
    out = io.StringIO()
    call_command("send_plan_reminders", stdout=out)
    assert "köade" in out.getvalue()
    assert [i.subject for i in _reminders()] == [
        f"SIP-uppföljning i morgon ({plan.follow_up_date.isoformat()})"
    ]
    due = plan.follow_up_date.isoformat()
    call_command("send_plan_reminders", "--now", "--today", due, stdout=out)
    assert "1 påminnelser skickade" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_the_background_worker_sends_the_reminders(small_county, demo_users):
    plan = _plan_due_in(small_county, 0)
    call_command("send_plan_reminders", stdout=io.StringIO())
    assert _reminders() == []  # queued, not yet run
    call_command("db_worker", "--batch", "--interval", "0", stdout=io.StringIO())
    assert [i.subject for i in _reminders()] == [
        f"SIP-uppföljning i dag ({plan.follow_up_date.isoformat()})"
    ]


def test_overdue_plans_are_in_the_worklists_until_followed_up(
    small_county, demo_users, client_as, nurse_cares_for_elsa
):
    plan = _plan_due_in(small_county, 5)
    CoordinatedPlan.objects.filter(pk=plan.pk).update(
        follow_up_date=timezone.localdate() - timedelta(days=3)
    )
    plan.refresh_from_db()
    assert follow_up.is_overdue(plan)
    client = client_as("kommunskoterska")
    start_page = client.get(reverse("web:start")).content.decode()
    assert "varav <strong>1 med passerad uppföljning</strong>" in start_page
    assert "Du är samordnare för 1 plan med passerad uppföljning" in start_page
    worklist = client.get(reverse("plans:worklist")).content.decode()
    assert "Passerad uppföljning" in worklist and "(du)" in worklist
    detail = client.get(reverse("plans:detail", args=[plan.person_id, plan.pk])).content.decode()
    assert "Uppföljningen är försenad" in detail

    url = reverse("plans:follow_up", args=[plan.person_id, plan.pk])
    today = timezone.localdate()
    bad = client.post(url, {"key": "f1", "held_on": today, "note": "Går bra", "next_date": today})
    assert bad.status_code == 400 and "Nästa uppföljning måste vara efter" in bad.content.decode()
    next_date = today + timedelta(days=90)
    data = {"key": "f2", "held_on": today, "note": "Elsa klarar sig bra.", "next_date": next_date}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # a double submission
    plan.refresh_from_db()
    assert plan.follow_ups.count() == 1 and plan.follow_up_date == next_date
    assert plan.version == 2 and plan.current_version().follow_up_date == next_date
    assert plan.current_version().what_matters == complete_content(small_county)["what_matters"]
    assert not follow_up.is_overdue(plan)
    assert "passerad uppföljning" not in client.get(reverse("web:start")).content.decode()


def test_closing_needs_a_reason_records_who_and_when_and_makes_the_plan_read_only(
    small_county, demo_users, client_as, nurse_cares_for_elsa
):
    plan = _plan_due_in(small_county, 10)
    client = client_as("kommunskoterska")
    url = reverse("plans:close", args=[plan.person_id, plan.pk])
    assert client.post(url, {"reason": ""}).status_code == 400
    other = client.post(url, {"reason": "other", "note": ""})
    assert other.status_code == 400 and "Skriv varför" in other.content.decode()
    assert client.post(url, {"reason": "moved", "note": "Till Umeå"}).status_code == 302
    plan.refresh_from_db()
    assert plan.stage == Stage.CLOSED and plan.closed_at is not None
    assert plan.closed_reason_code == "moved" and plan.closed_by_name == "Maja Fors"
    assert plan.closed_reason == "Personen har flyttat: Till Umeå"
    detail = client.get(reverse("plans:detail", args=[plan.person_id, plan.pk])).content.decode()
    assert "Planen är avslutad" in detail and "Ändra planen" not in detail
    maja = user("kommunskoterska")
    with pytest.raises(PlanError, match="avslutad"):
        services.save_version(
            actor=actor_for(maja), user=maja, plan=plan, base_version=1, data={}, key=key()
        )
    with pytest.raises(PlanError, match="avslutad"):
        follow_up.record_follow_up(
            actor=actor_for(maja),
            user=maja,
            plan=plan,
            key=key(),
            held_on=timezone.localdate(),
            note="x",
            next_date=timezone.localdate() + timedelta(1),
        )
    edit = client.post(
        reverse("plans:edit", args=[plan.person_id, plan.pk]), {"key": "e", "version": 1}
    )
    assert edit.status_code == 400 and "avslutad" in edit.content.decode()
