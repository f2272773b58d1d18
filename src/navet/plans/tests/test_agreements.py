"""Part 6: the documented agreement, its self-care assessments, and the person's one coordinated
plan (`coordinated_plan`)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from navet.access.audit import actor_for
from navet.access.models import AuditEvent
from navet.access.relationships import open_relationship
from navet.plans import agreements, services
from navet.plans.coordinated import coordinated_plan
from navet.plans.errors import EditConflict, PlanError
from navet.plans.models import AgreementVersion, DocumentedAgreement
from navet.plans.tests.support import key, start, user

pytestmark = pytest.mark.django_db


@pytest.fixture
def eva_cares_for_elsa(demo_users, small_county):
    """Eva Holm (district nurse) works at Elsa's health centre; she is not Elsa's named care
    contact's colleague by chance: the named care contact is Eva herself."""
    return open_relationship(
        person=small_county.persons["elsa"],
        unit=small_county.units["skiljebo"],
        kind="manual",
        key="test:skiljebo-elsa",
        reason="Distriktssköterskebesök",
    )


def _create(person, username="distriktsskoterska", **extra):
    u = user(username)
    return agreements.create_agreement(
        actor=actor_for(u), user=u, person=person, key=extra.pop("key", key()), **extra
    )


def _content(**extra):
    return {
        "what_happens": "Blodtrycket kontrolleras varannan vecka.",
        "when": "Varannan tisdag förmiddag.",
        "whom_to_contact": "Eva Holm, vårdcentralen, 021-10 00 00.",
        "person_does": "Elsa mäter blodtrycket hemma och skriver upp värdena.",
        "care_does": "Vårdcentralen går igenom värdena och ringer om något behöver ändras.",
        "next_agreed_at": timezone.now() + timedelta(days=14),
        "self_care_advice": "Ta tabletterna på morgonen. Ring 1177 vid yrsel.",
        **extra,
    }


def test_an_agreement_needs_a_named_care_contact(demo_users, small_county):
    agreement = _create(small_county.persons["elsa"])
    assert agreement.unit == small_county.units["skiljebo"]
    assert agreement.care_contact_name == "Eva Holm" and agreement.plan is None
    assert _create(small_county.persons["elsa"], key=agreement.key) == agreement
    with pytest.raises(PlanError, match="ingen fast vårdkontakt"):
        _create(small_county.persons["gustav"])
    assert AuditEvent.objects.filter(
        person_id=agreement.person_id, object_type="documented_agreement", action="create"
    ).exists()


def test_versions_use_the_plans_optimistic_lock(demo_users, small_county):
    agreement = _create(small_county.persons["elsa"])
    eva, maja = user("distriktsskoterska"), user("kommunskoterska")
    k = key()
    first = agreements.save_agreement_version(
        actor=actor_for(eva), user=eva, agreement=agreement, base_version=0, data=_content(), key=k
    )
    again = agreements.save_agreement_version(
        actor=actor_for(eva), user=eva, agreement=agreement, base_version=0, data=_content(), key=k
    )
    assert first == again and AgreementVersion.objects.count() == 1
    agreement.refresh_from_db()
    assert agreement.version == 1 and agreement.next_agreed_at == first.next_agreed_at
    with pytest.raises(EditConflict) as conflict:
        agreements.save_agreement_version(
            actor=actor_for(maja),
            user=maja,
            agreement=agreement,
            base_version=0,
            data=_content(what_happens="Hemsjukvården tar blodtrycket."),
            key=key(),
        )
    assert conflict.value.theirs == first
    assert conflict.value.mine["what_happens"] == "Hemsjukvården tar blodtrycket."
    rows = agreements.compare_contents(agreements.content_of(first), conflict.value.mine)
    assert [r.label for r in rows if r.changed] == ["Vad som ska hända"]
    with pytest.raises(PlanError, match="Skriv vad som ska hända"):
        agreements.save_agreement_version(
            actor=actor_for(eva),
            user=eva,
            agreement=agreement,
            base_version=1,
            data=_content(what_happens=" "),
            key=key(),
        )


def test_a_self_care_assessment_per_measure(demo_users, small_county):
    agreement = _create(small_county.persons["elsa"])
    eva = user("distriktsskoterska")
    today = timezone.localdate()

    def assess(**extra):
        return agreements.record_assessment(
            actor=actor_for(eva),
            user=eva,
            agreement=agreement,
            key=extra.pop("key", key()),
            **{"measure": "Insulininjektion", "performer": "relatives", **extra},
        )

    row = assess(review_on=today + timedelta(days=180), reasoning="Dottern har fått lära sig.")
    assert row.assessed_by_name == "Eva Holm" and row.assessed_on == today
    assert row.get_performer_display() == "Egenvård – med hjälp av närstående"
    with pytest.raises(PlanError, match="omprövning"):
        assess(review_on=today)
    with pytest.raises(PlanError, match="vem som kan utföra"):
        assess(performer="nobody", review_on=today + timedelta(days=1))
    agreements.end_agreement(actor=actor_for(eva), user=eva, agreement=agreement, reason="Klar")
    with pytest.raises(PlanError, match="avslutad"):
        assess(review_on=today + timedelta(days=30))


def test_the_coordinated_plan_is_the_sip_and_the_agreements_together(demo_users, small_county):
    elsa = small_county.persons["elsa"]
    assert coordinated_plan(elsa).is_empty
    plan = start(elsa)
    maja = user("kommunskoterska")
    meeting = services.schedule_meeting(
        actor=actor_for(maja),
        user=maja,
        plan=plan,
        key=key(),
        mode="video",
        starts_at=timezone.now() + timedelta(days=30),
    )
    agreement = _create(elsa, plan=plan)
    eva = user("distriktsskoterska")
    version = agreements.save_agreement_version(
        actor=actor_for(eva),
        user=eva,
        agreement=agreement,
        base_version=0,
        data=_content(),
        key=key(),
    )
    care = coordinated_plan(elsa)
    assert care.plans == [plan] and care.agreements == [agreement]
    assert care.upcoming_meetings == [meeting]
    assert care.next_agreed_at == version.next_agreed_at  # 14 days: before the meeting
    assert agreement.plan == plan
    agreements.end_agreement(actor=actor_for(eva), user=eva, agreement=agreement, reason="Klar")
    assert coordinated_plan(elsa).next_agreed_at == meeting.starts_at


def test_staff_create_edit_and_view_from_the_persons_page(
    client_as, small_county, eva_cares_for_elsa
):
    elsa = small_county.persons["elsa"]
    client = client_as("distriktsskoterska")
    overview = client.get(reverse("web:resident_detail", args=[elsa.pk])).content.decode()
    assert reverse("plans:person_plans", args=[elsa.pk]) in overview
    page = client.get(reverse("plans:person_plans", args=[elsa.pk])).content.decode()
    assert reverse("plans:agreement_new", args=[elsa.pk]) in page
    form = client.get(reverse("plans:agreement_new", args=[elsa.pk]))
    assert "Fast vårdkontakt: <strong>Eva Holm</strong>" in form.content.decode()
    k = form.context["form"]["key"].value()
    response = client.post(reverse("plans:agreement_new", args=[elsa.pk]), {"key": k, "plan": ""})
    client.post(reverse("plans:agreement_new", args=[elsa.pk]), {"key": k, "plan": ""})
    agreement = DocumentedAgreement.objects.get()
    edit_url = reverse("plans:agreement_edit", args=[elsa.pk, agreement.pk])
    assert response.status_code == 302 and response.url == edit_url

    data = _content()
    data["next_agreed_at"] = timezone.localtime(data["next_agreed_at"]).strftime("%Y-%m-%dT%H:%M")
    assert client.post(edit_url, {**data, "key": "v1", "version": 0}).status_code == 302
    stale = client.post(edit_url, {**data, "what_happens": "Annat", "key": "v2", "version": 0})
    html = stale.content.decode()
    assert stale.status_code == 409
    assert "Någon annan har sparat överenskommelsen" in html and "Annat" in html
    assert "Blodtrycket kontrolleras varannan vecka." in html
    missing = client.post(edit_url, {**data, "what_happens": "", "key": "v3", "version": 1})
    assert missing.status_code == 400 and "Skriv vad som ska hända." in missing.content.decode()

    assess_url = reverse("plans:agreement_assessment", args=[elsa.pk, agreement.pk])
    today = timezone.localdate()
    assessment = {
        "key": "a1",
        "measure": "Ögondroppar",
        "performer": "person",
        "assessed_on": today,
        "review_on": today + timedelta(days=90),
    }
    assert client.post(assess_url, assessment).status_code == 302
    detail = client.get(reverse("plans:agreement", args=[elsa.pk, agreement.pk])).content.decode()
    assert "Blodtrycket kontrolleras varannan vecka." in detail
    assert "Ögondroppar" in detail and "Egenvård – personen själv" in detail
    page = client.get(reverse("plans:person_plans", args=[elsa.pk])).content.decode()
    assert "Nästa överenskomna tid" in page and "Eva Holm" in page
    assert AuditEvent.objects.filter(
        person_id=elsa.pk, object_type="documented_agreement", action="read", purpose="care"
    ).exists()


def test_without_a_relationship_the_agreement_is_refused(client_as, small_county):
    agreement = _create(small_county.persons["elsa"])
    url = reverse("plans:agreement", args=[agreement.person_id, agreement.pk])
    assert client_as("avdelningslakare").get(url).status_code == 403
    assert AuditEvent.objects.filter(action="denied", object_type="documented_agreement").exists()
