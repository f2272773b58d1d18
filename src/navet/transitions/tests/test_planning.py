"""Planning before discharge (part 3): the sides, the hemgångsklar checklist marked per item by
the responsible side and reconciled, each side's plan with optimistic locking, and messages that
reach the other units' inboxes; double submissions store one of each."""

import pytest

from navet.access.models import AuditEvent
from navet.messaging.models import InboxItem
from navet.transitions import checklist, planning, services
from navet.transitions.errors import NotAllowed, TransitionError
from navet.transitions.models_planning import ChecklistMark, PlanningMessage, Side
from navet.transitions.tests.support import admit, ago, call, user

pytestmark = pytest.mark.django_db

MUNICIPAL = {
    "home_care": True,
    "home_care_details": "Tre besök om dagen",
    "home_health_care": True,
    "aids": True,
    "aids_details": "Rollator",
    "short_term_stay": False,
    "notes": "",
}


def test_each_user_acts_for_the_side_of_their_unit(demo_users, small_county):
    stay, _ = admit(small_county)
    assert set(planning.sides_of(user("avdelningsskoterska"), stay)) == {Side.WARD}
    assert set(planning.sides_of(user("bistandshandlaggare"), stay)) == {Side.MUNICIPALITY}
    assert set(planning.sides_of(user("distriktsskoterska"), stay)) == {Side.HEALTH_CENTRE}
    assert planning.sides_of(user("samordnare"), stay) == {}


def test_the_checklist_is_reconciled_per_side(demo_users, small_county):
    stay, _ = admit(small_county)  # Elsa has a named care contact at Skiljebo
    result = planning.reconcile(stay)
    assert [r.item.code for r in result.rows] == [c for c, _, _ in checklist.DEFAULT_CHECKLIST]
    contact_row = next(r for r in result.rows if r.item.code == checklist.AUTOMATIC)
    assert contact_row.done and "Eva Holm" in contact_row.automatic_by
    assert {k: len(v) for k, v in result.missing.items()} == {
        "Avdelningen": 3,
        "Kommunen": 2,
        "Vårdcentralen": 1,
    }
    for code in ("home_care_decided", "aids_in_place"):
        call(planning.mark_item, "bistandshandlaggare", stay=stay, code=code)
    result = planning.reconcile(stay)
    assert "Kommunen" not in result.missing and not result.ready_to_go_home
    mark = ChecklistMark.objects.get(code="aids_in_place")
    assert mark.done_by_name == "Jonas Vik"
    assert mark.unit == small_county.units["social_services"]


def test_only_the_responsible_side_marks_an_item_and_once(demo_users, small_county):
    stay, _ = admit(small_county)
    with pytest.raises(NotAllowed, match="Bara kommunen"):
        call(planning.mark_item, "avdelningsskoterska", stay=stay, code="aids_in_place")
    call(planning.mark_item, "bistandshandlaggare", stay=stay, code="aids_in_place", key="k")
    call(planning.mark_item, "bistandshandlaggare", stay=stay, code="aids_in_place", key="k")
    assert ChecklistMark.objects.count() == 1  # a double submission
    with pytest.raises(TransitionError, match="bockades redan av"):
        call(planning.mark_item, "bistandshandlaggare", stay=stay, code="aids_in_place")
    with pytest.raises(TransitionError, match="listningen"):
        call(planning.mark_item, "distriktsskoterska", stay=stay, code=checklist.AUTOMATIC)
    call(planning.unmark_item, "bistandshandlaggare", stay=stay, code="aids_in_place")
    call(planning.mark_item, "bistandshandlaggare", stay=stay, code="aids_in_place")
    marks = ChecklistMark.objects.order_by("pk")
    assert [m.undone_at is None for m in marks] == [False, True]  # the history is kept
    assert (
        AuditEvent.objects.filter(object_type="stay_planning", person_id=stay.person_id).count()
        == 3
    )


def test_the_checklist_is_configurable_per_county(demo_users, small_county, settings):
    county = small_county.units["ward"].municipality.county_id
    settings.NAVET_DISCHARGE_CHECKLIST = {
        "default": checklist.DEFAULT_CHECKLIST,
        county: [("transport", "Transport hem beställd", "ward")],
    }
    stay, _ = admit(small_county)
    assert [r.item.label for r in planning.reconcile(stay).rows] == ["Transport hem beställd"]
    call(planning.mark_item, "avdelningsskoterska", stay=stay, code="transport")
    assert planning.reconcile(stay).ready_to_go_home


def test_a_plan_saved_by_someone_else_meanwhile_is_not_overwritten(demo_users, small_county):
    stay, _ = admit(small_county)
    plan = call(
        planning.save_plan,
        "bistandshandlaggare",
        stay=stay,
        side="municipality",
        version=0,
        data=MUNICIPAL,
    )
    assert plan.version == 1 and plan.aids_details == "Rollator"
    # The same form sent twice: one save.
    again = call(
        planning.save_plan,
        "bistandshandlaggare",
        stay=stay,
        side="municipality",
        version=0,
        data=MUNICIPAL,
    )
    assert again.version == 1
    # Someone who opened version 0 and saves other data is told who saved, nothing changes.
    with pytest.raises(planning.Conflict, match="sparade planeringen"):
        call(
            planning.save_plan,
            "bistandshandlaggare",
            stay=stay,
            side="municipality",
            version=0,
            data={**MUNICIPAL, "aids_details": "Säng"},
        )
    assert planning.plan_of(stay, "municipality").aids_details == "Rollator"
    with pytest.raises(NotAllowed):
        call(
            planning.save_plan,
            "avdelningsskoterska",
            stay=stay,
            side="municipality",
            version=1,
            data=MUNICIPAL,
        )


def test_a_message_reaches_the_other_units_once_and_names_no_one(demo_users, small_county):
    stay, _ = admit(small_county)
    for _ in range(2):
        call(
            planning.post_message,
            "bistandshandlaggare",
            stay=stay,
            key="m1",
            text="Hemtjänsten kan starta på fredag.",
        )
    assert PlanningMessage.objects.count() == 1
    items = InboxItem.objects.filter(kind=planning.MESSAGE_KIND)
    assert {i.to_unit for i in items} == {
        small_county.units["ward"],
        small_county.units["skiljebo"],
    }
    for item in items:
        assert "Elsa" not in item.subject and "Lindqvist" not in item.subject
        assert item.body == "Hemtjänsten kan starta på fredag."
    with pytest.raises(NotAllowed):
        call(planning.post_message, "samordnare", stay=stay, text="Hej")
    with pytest.raises(TransitionError, match="Skriv ett meddelande"):
        call(planning.post_message, "avdelningsskoterska", stay=stay, text=" ")


def test_nothing_changes_after_discharge(demo_users, small_county):
    stay, _ = admit(small_county, needs_follow_on=False)
    call(
        services.discharge, "avdelningsskoterska", stay=stay, at=ago(minutes=5), destination="home"
    )
    with pytest.raises(TransitionError, match="utskriven"):
        call(planning.mark_item, "avdelningsskoterska", stay=stay, code="medication_list")
