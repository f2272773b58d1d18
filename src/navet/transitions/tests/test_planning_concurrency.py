"""Two people editing the planning at once, on real connections (PostgreSQL row locks): two
saves of the same plan version give one save and one refusal naming who saved; two marks of the
same checklist item give one mark; a message submitted twice at once is stored and sent once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from navet.messaging.models import InboxItem
from navet.organisation.models import Municipality
from navet.transitions import planning, services
from navet.transitions.models_planning import ChecklistMark, MunicipalPlan, PlanningMessage
from navet.transitions.tests.support import admit, call
from navet.web.tests.concurrency import run_together, while_held

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

PLAN = {
    "home_care": True,
    "home_care_details": "",
    "home_health_care": False,
    "aids": False,
    "aids_details": "",
    "short_term_stay": False,
    "notes": "",
}


def test_two_saves_of_one_plan_version_never_overwrite(demo_users, small_county):
    stay, _ = admit(small_county)

    def save(notes):
        return lambda: call(
            planning.save_plan,
            "bistandshandlaggare",
            stay=stay,
            side="municipality",
            version=0,
            data={**PLAN, "notes": notes},
        )

    results = run_together(save("Hemtjänst från fredag"), save("Korttidsboende först"))
    saved = [r for r in results if isinstance(r, MunicipalPlan)]
    refused = [r for r in results if isinstance(r, planning.Conflict)]
    assert len(saved) == 1 and len(refused) == 1, results
    stored = MunicipalPlan.objects.get()
    assert stored.version == 1 and stored.notes == saved[0].notes
    assert "Jonas Vik sparade planeringen" in refused[0].message


def test_two_marks_of_one_item_at_once_give_one_mark(demo_users, small_county):
    stay, _ = admit(small_county)

    def mark(username):
        return lambda: call(planning.mark_item, username, stay=stay, code="medication_list")

    results = run_together(mark("avdelningsskoterska"), mark("avdelningslakare"))
    marks = [r for r in results if isinstance(r, ChecklistMark)]
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(marks) == 1 and len(refused) == 1, results
    assert ChecklistMark.objects.count() == 1
    assert f"bockades redan av {marks[0].done_by_name}" in refused[0].message


def test_a_message_submitted_twice_at_once_is_sent_once(demo_users, small_county):
    stay, _ = admit(small_county)

    def post():
        return call(
            planning.post_message, "avdelningsskoterska", stay=stay, key="same", text="Hej!"
        )

    run_together(post, post, post)
    assert PlanningMessage.objects.count() == 1
    assert InboxItem.objects.filter(kind=planning.MESSAGE_KIND).count() == 2


def test_a_planning_change_does_not_wait_for_a_lock_on_the_municipality(demo_users, small_county):
    """Only the stay is locked: locking the joined ward and municipality too made every
    planning change in a municipality wait for every other one."""
    stay, _ = admit(small_county)
    municipality = Municipality.objects.filter(pk=stay.ward.municipality_id)
    with while_held(lambda: municipality.select_for_update().get()):
        mark = call(planning.mark_item, "avdelningsskoterska", stay=stay, code="medication_list")
    assert isinstance(mark, ChecklistMark)


def test_changes_to_two_stays_of_one_ward_do_not_wait_for_each_other(demo_users, small_county):
    """A stay change locks its stay, not the ward: a nurse's change to one patient's stay,
    not yet committed, does not hold up a change to another patient's stay on the ward."""
    first, _ = admit(small_county)
    second, _ = admit(small_county, person="gustav")
    assert first.ward_id == second.ward_id
    estimate = timezone.localdate() + timedelta(days=3)

    def change(stay):
        return call(services.set_estimate, "avdelningsskoterska", stay=stay, estimate=estimate)

    with while_held(lambda: change(first)):
        change(second)
    for stay in (first, second):
        stay.refresh_from_db()
        assert stay.estimated_discharge == estimate
