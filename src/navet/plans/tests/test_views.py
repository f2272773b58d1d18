from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from navet.access.models import AuditEvent
from navet.plans.models import CoordinatedPlan
from navet.plans.tests.support import complete_content, consent_both_ways, start
from navet.plans.tests.test_ics import parse

pytestmark = pytest.mark.django_db


def _url(name, plan, **extra):
    return reverse(name, kwargs={"person_id": plan.person_id, "plan_id": plan.pk, **extra})


def test_the_nurse_starts_a_sip_from_the_persons_page(
    client_as, small_county, nurse_cares_for_elsa
):
    elsa = small_county.persons["elsa"]
    client = client_as("kommunskoterska")
    page = client.get(reverse("web:resident_detail", args=[elsa.pk]))
    assert reverse("plans:person_plans", args=[elsa.pk]) in page.content.decode()
    form = client.get(reverse("plans:new", args=[elsa.pk]))
    key = form.context["form"]["key"].value()
    response = client.post(
        reverse("plans:new", args=[elsa.pk]), {"need": "Fallrisk och många kontakter", "key": key}
    )
    plan = CoordinatedPlan.objects.get()
    assert response.status_code == 302 and response.url == _url("plans:detail", plan)
    # a double submission makes one plan
    client.post(reverse("plans:new", args=[elsa.pk]), {"need": "Fallrisk", "key": key})
    assert CoordinatedPlan.objects.count() == 1
    detail = client.get(_url("plans:detail", plan)).content.decode()
    assert "Maja Fors" in detail and "Upptäck behov" in detail
    assert AuditEvent.objects.filter(
        person_id=elsa.pk, action="read", purpose="sip", object_type="sip"
    ).exists()


def test_without_a_relationship_the_plan_is_refused(client_as, small_county, nurse_cares_for_elsa):
    plan = start(small_county.persons["elsa"])
    response = client_as("avdelningslakare").get(_url("plans:detail", plan))
    assert response.status_code == 403
    assert AuditEvent.objects.filter(action="denied", purpose="sip").exists()


def _plan_post(plan, county, version, goals, key):
    content = complete_content(county)
    data = {
        "key": key,
        "version": version,
        "what_matters": goals,
        "others_measures": content["others_measures"],
        "lead_principal": content["lead_principal_id"],
        "contacts": content["contacts"],
        "own_actions": content["own_actions"],
        "follow_up_date": content["follow_up_date"].isoformat(),
    }
    for i, row in enumerate(content["interventions"], start=1):
        data[f"what_{i}"] = row["what"]
        data[f"principal_{i}"] = row["principal_id"]
    return data


def test_a_stale_form_shows_a_conflict_with_both_texts(
    client_as, small_county, nurse_cares_for_elsa
):
    plan = start(small_county.persons["elsa"])
    client = client_as("kommunskoterska")
    url = _url("plans:edit", plan)
    first = client.post(url, _plan_post(plan, small_county, 0, "Bo kvar hemma", "a"))
    assert first.status_code == 302
    stale = client.post(url, _plan_post(plan, small_county, 0, "Slippa ramla", "b"))
    assert stale.status_code == 409
    html = stale.content.decode()
    assert "Bo kvar hemma" in html and "Slippa ramla" in html and "Din text (inte sparad)" in html
    # the form now carries the version it showed, so saving again works
    assert stale.context["form"]["version"].value() == "1"
    plan.refresh_from_db()
    assert plan.version == 1


def test_finalising_an_incomplete_plan_lists_what_is_missing(
    client_as, small_county, nurse_cares_for_elsa
):
    plan = start(small_county.persons["elsa"])
    client = client_as("kommunskoterska")
    response = client.post(_url("plans:finalise", plan))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Planen kan inte fastställas" in html
    assert "Vilken huvudman som har det övergripande ansvaret" in html
    assert _url("plans:edit", plan) + "#id_lead_principal" in html
    assert _url("plans:consent", plan) in html
    consent_both_ways(plan, small_county)
    client.post(_url("plans:edit", plan), _plan_post(plan, small_county, 0, "Bo hemma", "c"))
    assert client.post(_url("plans:finalise", plan)).status_code == 302
    plan.refresh_from_db()
    assert plan.finalised_version == 1


def test_consent_form_and_withdrawal_visible_on_the_plan(
    client_as, small_county, nurse_cares_for_elsa
):
    plan = start(small_county.persons["elsa"])
    client = client_as("kommunskoterska")
    url = _url("plans:consent", plan)
    response = client.post(
        url,
        {
            "key": "k1",
            "disclosing_provider": small_county.providers["vasteras"].pk,
            "recipient_providers": [small_county.providers["region"].pk],
            "given_by": "person",
            "method": "in_person",
            "valid_to": (timezone.localdate() + timedelta(days=180)).isoformat(),
        },
    )
    assert response.status_code == 302
    plan_consent = plan.consents.get()
    client.post(_url("plans:withdraw", plan, consent_id=plan_consent.pk), {"method": "phone"})
    html = client.get(_url("plans:detail", plan)).content.decode()
    assert "Samtycket är återkallat." in html


def test_inviting_a_closed_unit_suggests_another(client_as, small_county, nurse_cares_for_elsa):
    plan = start(small_county.persons["elsa"])
    consent_both_ways(plan, small_county)
    vasby = small_county.units["vasby"]
    vasby.active_to = timezone.localdate() - timedelta(days=1)
    vasby.save()
    response = client_as("kommunskoterska").post(
        _url("plans:invite", plan), {"key": "i1", "to_unit": vasby.pk}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "finns inte längre" in html and "Vårdcentralen Skiljebo" in html
    assert 'href="#id_to_unit"' in html


def test_a_video_meeting_and_its_calendar_file(client_as, small_county, nurse_cares_for_elsa):
    plan = start(small_county.persons["elsa"])
    client = client_as("kommunskoterska")
    page = client.get(_url("plans:meeting", plan)).content.decode()
    assert "Mötet spelas inte in" in page
    when = timezone.localtime() + timedelta(days=3)
    response = client.post(
        _url("plans:meeting", plan),
        {"key": "m1", "mode": "video", "starts_at": when.strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 302
    meeting = plan.meetings.get()
    ics = client.get(_url("plans:ics", plan, meeting_id=meeting.pk))
    assert ics["Content-Type"].startswith("text/calendar")
    props = parse(ics.content.decode())
    assert props["SUMMARY"] == "SIP-möte" and props["URL"] == meeting.video_link
    assert "Elsa" not in ics.content.decode()
    response = client.post(
        _url("plans:minutes", plan, meeting_id=meeting.pk),
        {"minutes": "Elsa vill bo kvar hemma.", "participants": "Elsa, Maja Fors, Eva Holm"},
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.stage == "meeting"


def test_the_invited_unit_sees_the_plan_in_its_worklist(
    client_as, small_county, nurse_cares_for_elsa
):
    from navet.access.audit import actor_for
    from navet.plans import services
    from navet.plans.tests.support import user

    plan = start(small_county.persons["elsa"])
    consent_both_ways(plan, small_county)
    maja = user("kommunskoterska")
    services.invite_unit(
        actor=actor_for(maja), user=maja, plan=plan, unit=small_county.units["skiljebo"], key="w"
    )
    client = client_as("distriktsskoterska")
    start_page = client.get(reverse("web:start")).content.decode()
    assert "1 pågående planer där din enhet deltar" in start_page
    worklist = client.get(reverse("plans:worklist")).content.decode()
    assert "Elsa Lindqvist" in worklist
    assert AuditEvent.objects.filter(object_type="sip_list", action="search").exists()
    assert client.get(_url("plans:detail", plan)).status_code == 200


def test_the_coordinator_hands_over_to_a_participating_unit(
    client_as, small_county, nurse_cares_for_elsa
):
    from navet.access.audit import actor_for
    from navet.plans import services
    from navet.plans.tests.support import user

    plan = start(small_county.persons["elsa"])
    consent_both_ways(plan, small_county)
    maja = user("kommunskoterska")
    services.invite_unit(
        actor=actor_for(maja), user=maja, plan=plan, unit=small_county.units["skiljebo"], key="h"
    )
    client = client_as("kommunskoterska")
    page = client.get(_url("plans:hand_over", plan))
    assert "Eva Holm" in page.content.decode()
    eva = user("distriktsskoterska")
    response = client.post(_url("plans:hand_over", plan), {"to_user": eva.pk})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.coordinator == eva and plan.coordinator_unit == small_county.units["skiljebo"]
