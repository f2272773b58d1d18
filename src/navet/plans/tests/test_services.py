from datetime import timedelta

import pytest
from django.utils import timezone

from navet.access.audit import actor_for
from navet.access.models import AuditEvent, CareRelationship, Consent
from navet.messaging.errors import UnitClosed
from navet.messaging.models import InboxItem
from navet.plans import services
from navet.plans.errors import CannotFinalise, EditConflict, NoConsent, PlanError
from navet.plans.models import Stage
from navet.plans.tests.support import complete_content, consent_both_ways, key, start, user

pytestmark = pytest.mark.django_db


def test_initiate_makes_the_initiator_coordinator_and_opens_a_relationship(
    demo_users, small_county
):
    elsa = small_county.persons["elsa"]
    plan = start(elsa)
    assert plan.coordinator == user("kommunskoterska")
    assert plan.coordinator_unit == small_county.units["home_health"]
    assert plan.stage == Stage.DISCOVER
    assert [e.stage for e in plan.stage_events.all()] == [Stage.DISCOVER]
    assert plan.stage_events.get().by_name == "Maja Fors"
    assert CareRelationship.objects.filter(
        person=elsa, unit=small_county.units["home_health"], kind="sip"
    ).exists()
    assert AuditEvent.objects.filter(
        person_id=elsa.pk, object_type="sip", action="create", purpose="sip"
    ).exists()


def test_stages_go_forward_with_who_and_when_and_closing_needs_a_reason(demo_users, small_county):
    plan = start(small_county.persons["elsa"])
    u = user("kommunskoterska")
    services.advance(actor=actor_for(u), user=u, plan=plan, stage=Stage.PREPARE)
    with pytest.raises(PlanError):
        services.advance(actor=actor_for(u), user=u, plan=plan, stage=Stage.DISCOVER)
    with pytest.raises(PlanError, match="varför"):
        services.advance(actor=actor_for(u), user=u, plan=plan, stage=Stage.CLOSED)
    plan = services.advance(
        actor=actor_for(u), user=u, plan=plan, stage=Stage.CLOSED, note="Flyttat till annan kommun"
    )
    assert plan.closed_reason == "Flyttat till annan kommun" and plan.closed_at
    assert [e.stage for e in plan.stage_events.all()] == ["discover", "prepare", "closed"]


def test_consent_goes_through_the_trust_api_per_disclosing_organisation(demo_users, small_county):
    plan = start(small_county.persons["elsa"])
    first, _second = consent_both_ways(plan, small_county)
    consent = first.consents.get()
    assert consent.purpose == "sip"
    assert consent.disclosing_provider == small_county.providers["region"]
    assert consent.recipient_provider == small_county.providers["vasteras"]
    assert consent.valid_to == timezone.localdate() + timedelta(days=365)


def test_a_child_needs_the_guardians_consent_and_the_childs_own_view(demo_users, small_county):
    plan = start(small_county.persons["leo"])
    with pytest.raises(PlanError, match="vårdnadshavarna"):
        consent_both_ways(plan, small_county)
    with pytest.raises(PlanError, match="barnets egen"):
        consent_both_ways(plan, small_county, given_by="guardian", guardian_name="Sara Nilsson")
    made = consent_both_ways(
        plan,
        small_county,
        given_by="guardian",
        guardian_name="Sara Nilsson",
        child_view="Leo vill att skolan är med.",
    )
    assert made[0].child_view == "Leo vill att skolan är med."
    u = user("kommunskoterska")
    decision = services.record_secrecy_decision(
        actor=actor_for(u),
        user=u,
        plan=plan,
        withheld="Leos samtal med kuratorn",
        reason="Leo har själv bett om det; han är mogen nog.",
    )
    assert decision.decided_by_name == "Maja Fors"


def test_invitation_goes_to_the_inbox_once_and_opens_a_relationship(demo_users, small_county):
    elsa = small_county.persons["elsa"]
    plan = start(elsa)
    consent_both_ways(plan, small_county)
    u = user("kommunskoterska")
    skiljebo = small_county.units["skiljebo"]
    k = key()
    first = services.invite_unit(actor=actor_for(u), user=u, plan=plan, unit=skiljebo, key=k)
    again = services.invite_unit(actor=actor_for(u), user=u, plan=plan, unit=skiljebo, key=k)
    assert first.pk == again.pk
    assert InboxItem.objects.filter(to_unit=skiljebo, kind="invitation", person=elsa).count() == 1
    assert CareRelationship.objects.filter(person=elsa, unit=skiljebo, kind="sip").exists()
    plan.refresh_from_db()
    assert plan.stage == Stage.INVITE


def test_no_invitation_without_consent_and_withdrawal_stops_sharing(demo_users, small_county):
    plan = start(small_county.persons["elsa"])
    u = user("kommunskoterska")
    skiljebo = small_county.units["skiljebo"]
    with pytest.raises(NoConsent):
        services.invite_unit(actor=actor_for(u), user=u, plan=plan, unit=skiljebo, key=key())
    consents = consent_both_ways(plan, small_county)
    services.invite_unit(actor=actor_for(u), user=u, plan=plan, unit=skiljebo, key=key())
    services.withdraw_plan_consent(
        actor=actor_for(u), user=u, plan_consent=consents[0], method="phone"
    )
    assert Consent.objects.get(pk=consents[0].consents.get().pk).withdrawn_at is not None
    # the participating unit is told
    assert InboxItem.objects.filter(
        to_unit=skiljebo, subject="Samtycke till SIP återkallat"
    ).exists()
    services.withdraw_plan_consent(
        actor=actor_for(u), user=u, plan_consent=consents[1], method="phone"
    )
    with pytest.raises(NoConsent):
        services.invite_unit(
            actor=actor_for(u), user=u, plan=plan, unit=small_county.units["city"], key=key()
        )
    assert "personens samtycke saknas eller har återkallats" in services.finalise_blockers(plan)


def test_invitation_to_a_closed_unit_is_refused_with_a_suggestion(demo_users, small_county):
    plan = start(small_county.persons["elsa"])
    consent_both_ways(plan, small_county)
    city = small_county.units["vasby"]
    city.active_to = timezone.localdate() - timedelta(days=1)
    city.save()
    u = user("kommunskoterska")
    with pytest.raises(UnitClosed) as refused:
        services.invite_unit(actor=actor_for(u), user=u, plan=plan, unit=city, key=key())
    assert refused.value.suggestions
    assert not plan.invitations.exists()


def test_external_participants_are_contact_details(demo_users, small_county, settings):
    plan = start(small_county.persons["elsa"])
    consent_both_ways(plan, small_county)
    u = user("kommunskoterska")
    invitation = services.invite_external(
        actor=actor_for(u),
        user=u,
        plan=plan,
        key=key(),
        kind="forsakringskassan",
        name="Lina Handläggare",
        organisation="",
        contact="lina@example.invalid",
    )
    assert invitation.is_external and invitation.external_organisation == "Försäkringskassan"
    settings.NAVET_SIP_SCHOOL_ALLOWED = False
    with pytest.raises(PlanError, match="skolan"):
        services.invite_external(
            actor=actor_for(u),
            user=u,
            plan=plan,
            key=key(),
            kind="school",
            name="Kurator",
            organisation="Skolan",
            contact="070-1",
        )


def test_versions_and_the_conflict_carries_both_texts(demo_users, small_county):
    plan = start(small_county.persons["elsa"])
    maja, eva = user("kommunskoterska"), user("distriktsskoterska")
    content = complete_content(small_county)
    k = key()
    v1 = services.save_version(
        actor=actor_for(maja), user=maja, plan=plan, base_version=0, data=content, key=k
    )
    assert (
        services.save_version(
            actor=actor_for(maja), user=maja, plan=plan, base_version=0, data=content, key=k
        )
        == v1
    )
    assert v1.number == 1 and v1.author_name == "Maja Fors"
    assert v1.interventions[0]["principal"] == small_county.principals["region"].name
    services.save_version(
        actor=actor_for(maja),
        user=maja,
        plan=plan,
        base_version=1,
        data={**content, "what_matters": "Att få träffa barnbarnen."},
        key=key(),
    )
    with pytest.raises(EditConflict) as conflict:
        services.save_version(
            actor=actor_for(eva),
            user=eva,
            plan=plan,
            base_version=1,
            data={**content, "what_matters": "Att slippa ramla."},
            key=key(),
        )
    assert conflict.value.theirs.what_matters == "Att få träffa barnbarnen."
    assert conflict.value.mine["what_matters"] == "Att slippa ramla."
    assert "Maja Fors" in conflict.value.message
    plan.refresh_from_db()
    assert plan.version == 2


def test_finalise_needs_consent_and_the_four_elements(demo_users, small_county):
    plan = start(small_county.persons["elsa"])
    u = user("kommunskoterska")
    with pytest.raises(CannotFinalise) as refused:
        services.finalise(actor=actor_for(u), user=u, plan=plan)
    assert refused.value.missing == [
        "personens samtycke saknas eller har återkallats",
        "vilka insatser som behövs",
        "vilka åtgärder som vidtas av någon annan än huvudmännen",
        "vilken huvudman som har det övergripande ansvaret",
    ]
    consent_both_ways(plan, small_county)
    content = complete_content(small_county)
    content["interventions"][1]["principal_id"] = None
    services.save_version(
        actor=actor_for(u), user=u, plan=plan, base_version=0, data=content, key=key()
    )
    with pytest.raises(CannotFinalise) as refused:
        services.finalise(actor=actor_for(u), user=u, plan=plan)
    assert refused.value.missing == ["vilken huvudman som ansvarar för varje insats"]
    services.save_version(
        actor=actor_for(u),
        user=u,
        plan=plan,
        base_version=1,
        data=complete_content(small_county),
        key=key(),
    )
    plan = services.finalise(actor=actor_for(u), user=u, plan=plan)
    assert plan.finalised_version == 2 and plan.stage == Stage.FOLLOW_UP
    assert plan.follow_up_date == complete_content(small_county)["follow_up_date"]


def test_video_meeting_gets_a_link_from_the_provider_and_minutes_move_the_stage(
    demo_users, small_county, settings
):
    settings.NAVET_SIP_VIDEO_PROVIDER = {"name": "Testvideo", "url": "https://video.test/{room}"}
    plan = start(small_county.persons["elsa"])
    u = user("kommunskoterska")
    when = timezone.now() + timedelta(days=7)
    k = key()
    meeting = services.schedule_meeting(
        actor=actor_for(u), user=u, plan=plan, key=k, mode="video", starts_at=when
    )
    assert (
        services.schedule_meeting(
            actor=actor_for(u), user=u, plan=plan, key=k, mode="video", starts_at=when
        )
        == meeting
    )
    assert (
        meeting.video_link.startswith("https://video.test/")
        and meeting.video_provider == "Testvideo"
    )
    assert meeting.ends_at == when + timedelta(minutes=60)
    with pytest.raises(PlanError, match="var mötet"):
        services.schedule_meeting(
            actor=actor_for(u), user=u, plan=plan, key=key(), mode="on_site", starts_at=when
        )
    services.record_minutes(
        actor=actor_for(u),
        user=u,
        meeting=meeting,
        minutes="Vi kom överens.",
        participants="Elsa, Maja",
    )
    plan.refresh_from_db()
    assert plan.stage == Stage.MEETING


def test_relatives_take_part_only_when_appropriate_and_not_objected(demo_users, small_county):
    elsa = small_county.persons["elsa"]
    plan = start(elsa)
    u = user("kommunskoterska")
    anna = elsa.relatives.get()
    row = services.record_relative(
        actor=actor_for(u), user=u, plan=plan, relative=anna, appropriate=True, person_objects=True
    )
    assert not row.takes_part
    row = services.record_relative(
        actor=actor_for(u), user=u, plan=plan, relative=anna, appropriate=True, person_objects=False
    )
    assert row.takes_part
