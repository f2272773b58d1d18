"""Part 6, the SIP call: "SIP behövs", the named care contact's invitation within 3 days of the
ready notice (a SIP in navet.plans, invitation to the municipality), the deadline on the
worklists with the clock moved, and the times the payment adapter reads."""

from datetime import timedelta

import pytest
from django.urls import reverse

from navet.access.audit import actor_for
from navet.followup.export import load_or_create_key
from navet.plans.models import CoordinatedPlan, Invitation
from navet.transitions import services, sip_call
from navet.transitions.errors import NotAllowed, OutOfOrder
from navet.transitions.models import InpatientStay
from navet.transitions.payment_source import timeline_of
from navet.transitions.tests.support import admit, ago, call, user
from navet.web.tests.html import text

pytestmark = pytest.mark.django_db


def _send(username, stay):
    who = user(username)
    return sip_call.send(actor=actor_for(who), user=who, stay=stay, consent_method="in_person")


def _needed(username, stay):
    who = user(username)
    return sip_call.mark_needed(actor=actor_for(who), user=who, stay=stay)


def test_sip_call_due_three_days_after_ready_and_sent_by_the_named_care_contact(
    demo_users, small_county
):
    stay, _ = admit(small_county)
    with pytest.raises(OutOfOrder, match="Ingen har angett att SIP behövs"):
        _send("distriktsskoterska", stay)
    needed = _needed("avdelningsskoterska", stay)
    assert _needed("bistandshandlaggare", stay) == needed  # one flag, whoever clicks second
    assert needed.health_centre == small_county.units["skiljebo"]
    assert sip_call.due_at(stay) is None  # the 3 days start with the ready notice
    call(services.mark_ready, "avdelningslakare", stay=stay)
    stay.refresh_from_db()
    # Hand-computed: ready at T, due T + 72 h.
    assert sip_call.due_at(stay) == stay.ready_at + timedelta(days=3)
    skiljebo = [small_county.units["skiljebo"].pk]
    assert [c.stay for c in sip_call.calls_to_send(skiljebo)] == [stay]
    assert sip_call.overdue_calls(skiljebo, now=stay.ready_at + timedelta(days=3)) == []
    later = stay.ready_at + timedelta(days=3, minutes=1)
    assert [c.stay for c in sip_call.overdue_calls(skiljebo, now=later)] == [stay]
    # Elsa's named care contact is the district nurse: the GP at the same centre may not send.
    with pytest.raises(NotAllowed, match="fasta vårdkontakten"):
        _send("allmanlakare", stay)
    with pytest.raises(NotAllowed, match="Vårdcentralen Skiljebo"):
        _send("bistandshandlaggare", stay)
    sent = _send("distriktsskoterska", stay)
    assert _send("distriktsskoterska", stay).sent_at == sent.sent_at  # a double click
    plan = CoordinatedPlan.objects.get()
    assert sent.plan == plan and plan.person == small_county.persons["elsa"]
    assert plan.initiating_unit == small_county.units["skiljebo"]
    invited = [i.unit for i in Invitation.objects.filter(plan=plan)]
    assert invited == [small_county.units["social_services"]]
    assert sip_call.sip_call_sent_at(stay) == sent.sent_at
    assert list(sip_call.calls_to_send(skiljebo)) == []
    stay = InpatientStay.objects.get(pk=stay.pk)  # as the adapter reads it
    timeline = timeline_of(stay, key=load_or_create_key())
    assert timeline.sip_call_required and timeline.sip_call_sent_at == sent.sent_at


def test_without_named_care_contact_the_health_centre_sends(demo_users, small_county):
    stay, _ = admit(small_county, "maria")
    _needed("avdelningsskoterska", stay)
    call(services.mark_ready, "avdelningslakare", stay=stay)
    assert _send("allmanlakare", stay).sent_at is not None


def test_no_flag_means_no_sip_precondition_for_payment(demo_users, small_county):
    stay, _ = admit(small_county)
    assert not sip_call.sip_call_required(stay)
    timeline = timeline_of(stay, key=load_or_create_key())
    assert not timeline.sip_call_required and timeline.sip_call_sent_at is None


def test_stay_page_and_worklist_show_the_sip_call(client_as, small_county):
    # Time travel: admitted five days ago, ready four days ago: the 3 days have run out.
    stay, _ = admit(small_county, at=ago(days=5), now=ago(days=5))
    ward = client_as("avdelningsskoterska")
    url = reverse("transitions:stay", args=[stay.person_id, stay.pk])
    assert "SIP behövs" in text(ward.get(url).content, "main")
    response = ward.post(reverse("transitions:sip_needed", args=[stay.person_id, stay.pk]))
    assert response.status_code == 302
    call(services.mark_ready, "avdelningslakare", stay=stay, now=ago(days=4))
    nurse = client_as("distriktsskoterska")
    main = text(nurse.get(reverse("transitions:worklist")).content, "main")
    assert "Kallelser till SIP att skicka" in main and "försenad" in main
    start = text(nurse.get(reverse("web:start")).content, "main")
    assert "1 kallelser till SIP att skicka, varav 1 försenade" in start
    send = reverse("transitions:sip_send", args=[stay.person_id, stay.pk])
    page = nurse.post(send, {"method": "in_person"}, follow=True)
    assert "SIP:en kräver personens samtycke" in text(page.content, "main")
    page = nurse.post(send, {"consent": "on", "method": "in_person"}, follow=True)
    main = text(page.content, "main")
    assert "Kallelsen till SIP är skickad till kommunen." in main and "Kallelsen skickad" in main
    assert "försenad" not in text(nurse.get(reverse("transitions:worklist")).content, "main")
