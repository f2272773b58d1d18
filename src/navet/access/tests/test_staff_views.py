"""Staff pages: the "why can't I see this" page and its ways forward, emergency access in two
steps, and consents and blocks — every step logged."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from navet.access.models import (
    AuditEvent,
    Block,
    CareRelationship,
    Consent,
    EmergencyAccess,
    LogReview,
    PersonNotice,
)
from navet.web.tests.html import text, texts

pytestmark = pytest.mark.django_db


def detail(person):
    return reverse("web:resident_detail", args=[person.pk])


@pytest.fixture
def nurse(client_as):
    return client_as("avdelningsskoterska")


def test_why_page_names_the_reason_and_the_ways_forward(nurse, small_county):
    gustav = small_county.persons["gustav"]
    response = nurse.get(detail(gustav))
    assert response.status_code == 403
    html = response.content.decode()
    assert texts(html, "h1") == ["Du kan inte se uppgifterna"]
    assert "ingen vårdrelation med personen" in text(html, "p", id="why-reason")
    assert reverse("access:register_relationship", args=[gustav.pk]) in html
    assert reverse("access:emergency_start", args=[gustav.pk]) in html
    assert "Norra Esplanaden" not in html and "Väsby" not in html
    [event] = AuditEvent.objects.filter(person_id=gustav.pk)
    assert (event.action, event.decision, event.reason) == (
        "denied",
        "emergency_possible",
        "no_relationship",
    )


def test_assistant_nurse_is_not_offered_emergency_access(client_as, small_county):
    gustav = small_county.persons["gustav"]
    html = client_as("underskoterska").get(detail(gustav)).content.decode()
    assert reverse("access:register_relationship", args=[gustav.pk]) in html
    assert reverse("access:emergency_start", args=[gustav.pk]) not in html


def test_registering_a_relationship_opens_the_overview_once(nurse, small_county):
    gustav = small_county.persons["gustav"]
    url = reverse("access:register_relationship", args=[gustav.pk])
    assert nurse.get(url).status_code == 200
    form = {"key": "abc", "reason": "Inlagd på avdelningen i dag"}
    response = nurse.post(url, form)
    assert response.status_code == 302 and response["Location"] == detail(gustav)
    nurse.post(url, form)  # a double click
    [relationship] = CareRelationship.objects.filter(person=gustav, kind="manual")
    assert relationship.unit == small_county.units["ward"]
    assert relationship.staff == small_county.staff["avdelningsskoterska"]
    assert nurse.get(detail(gustav)).status_code == 200
    assert AuditEvent.objects.filter(object_type="care_relationship", action="create").count() == 1


def test_a_relationship_needs_a_reason(nurse, small_county):
    gustav = small_county.persons["gustav"]
    url = reverse("access:register_relationship", args=[gustav.pk])
    response = nurse.post(url, {"key": "abc", "reason": "kort"})
    assert response.status_code == 200
    assert not CareRelationship.objects.filter(person=gustav, kind="manual").exists()


def test_emergency_access_in_two_steps(nurse, small_county):
    gustav = small_county.persons["gustav"]
    start = reverse("access:emergency_start", args=[gustav.pk])
    assert "steg 1 av 2" in text(nurse.get(start).content, "h1")
    reason = {"reason": "urgent_care", "text": "Medvetslös, behöver läkemedelslistan"}
    response = nurse.post(start, {"key": "one", **reason})
    emergency = EmergencyAccess.objects.get()
    step2 = reverse("access:emergency_open", args=[gustav.pk, emergency.pk])
    assert response["Location"] == step2
    page = nurse.get(step2).content.decode()
    assert "Vårdcentralen Väsby" in page and "Ingen vårdrelation" in page  # step 1 shows where
    assert nurse.get(detail(gustav)).status_code == 403  # not open yet

    response = nurse.post(step2, {"key": "two", **reason})
    assert response["Location"] == detail(gustav)
    nurse.post(step2, {"key": "two", **reason})  # a double click
    overview = nurse.get(detail(gustav))
    assert overview.status_code == 200
    assert "Nödåtkomst är öppen" in text(overview.content, "main")
    assert "Vårdcentralen Väsby" in text(overview.content, "main")
    emergency.refresh_from_db()
    assert emergency.state == "opened" and emergency.expires_at > emergency.opened_at
    assert LogReview.objects.filter(kind="emergency", person_id=gustav.pk).count() == 1
    assert PersonNotice.objects.filter(person=gustav).count() == 1
    actions = list(
        AuditEvent.objects.filter(person_id=gustav.pk)
        .exclude(action="denied")
        .values_list("action", flat=True)
        .order_by("id")
    )
    assert actions == ["emergency_reveal", "emergency_open", "read"]


def test_emergency_access_needs_a_reason_in_own_words(nurse, small_county):
    gustav = small_county.persons["gustav"]
    start = reverse("access:emergency_start", args=[gustav.pk])
    response = nurse.post(start, {"key": "one", "reason": "urgent_care", "text": "akut"})
    assert response.status_code == 200 and not EmergencyAccess.objects.exists()


def test_consents_and_blocks_for_a_person(client_as, small_county):
    doctor = client_as("allmanlakare")
    elsa = small_county.persons["elsa"]
    url = reverse("access:consents", args=[elsa.pk])
    assert "Inga samtycken är registrerade" in text(doctor.get(url).content, "main")
    assert "Citykliniken" not in text(doctor.get(detail(elsa)).content, "main")
    today = date.today()
    form = {
        "key": "c1",
        "purpose": "shared_overview",
        "disclosing_provider": "",
        "given_by": "person",
        "method": "in_person",
        "valid_from": today.isoformat(),
        "valid_to": (today + timedelta(days=30)).isoformat(),
    }
    assert doctor.post(reverse("access:give_consent", args=[elsa.pk]), form).status_code == 302
    doctor.post(reverse("access:give_consent", args=[elsa.pk]), form)
    consent = Consent.objects.get()
    assert consent.recipient_provider == small_county.providers["region"]
    assert "Citykliniken" in text(doctor.get(detail(elsa)).content, "main")

    withdraw = reverse("access:withdraw_consent", args=[elsa.pk, consent.pk])
    doctor.post(withdraw, {"key": "w", "version": 1, "method": "phone"})
    assert "Citykliniken" not in text(doctor.get(detail(elsa)).content, "main")

    block_url = reverse("access:set_block", args=[elsa.pk])
    refused = doctor.post(
        block_url,
        {"key": "b1", "kind": "external", "care_provider": small_county.providers["city"].pk,
         "method": "in_person", "requested_by": "guardian"},
    )  # fmt: skip
    assert refused.status_code == 400
    assert "vårdnadshavare kan inte spärra" in text(refused.content, "main")
    doctor.post(
        block_url,
        {"key": "b2", "kind": "internal", "unit": small_county.units["skiljebo"].pk,
         "method": "in_person", "requested_by": "person"},
    )  # fmt: skip
    block = Block.objects.get()
    page = text(doctor.get(url).content, "main")
    assert "Inre spärr" in page
    lift = reverse("access:lift_block", args=[elsa.pk, block.pk])
    doctor.post(lift, {"key": "l", "version": 1, "consent_method": "in_person"})
    assert Block.objects.get().lifted_at is None  # no explicit consent
    doctor.post(
        lift, {"key": "l", "version": 1, "consent_method": "in_person", "explicit_consent": "on"}
    )
    assert Block.objects.get().lifted_at is not None


def test_blocks_registered_by_others_are_counted_not_located(client_as, small_county):
    elsa = small_county.persons["elsa"]
    city = small_county.providers["city"]
    Block.objects.create(
        key="x", person=elsa, kind="external", care_provider=city, method="in_person",
        registered_by_provider=city,
    )  # fmt: skip
    main = text(client_as("allmanlakare").get(reverse("access:consents", args=[elsa.pk])).content)
    assert "Det finns 1 spärr som andra vårdgivare har registrerat" in main
    assert "uppgifter hos Citykliniken" not in main


def test_a_read_is_logged_before_the_page_is_returned(client_as, small_county):
    elsa = small_county.persons["elsa"]
    response = client_as("allmanlakare").get(detail(elsa))
    assert response.status_code == 200
    [event] = AuditEvent.objects.filter(person_id=elsa.pk, action="read")
    assert (event.username, event.unit_name, event.purpose, event.decision) == (
        "allmanlakare",
        "Vårdcentralen Skiljebo",
        "care",
        "allow",
    )
    assert event.hsa_id == small_county.staff["allmanlakare"].hsa_id
    assert event.ip == "127.0.0.1"


def test_post_only_endpoints_refuse_get(client_as, small_county):
    elsa = small_county.persons["elsa"]
    for name in ("access:give_consent", "access:set_block"):
        assert client_as("allmanlakare").get(reverse(name, args=[elsa.pk])).status_code == 405


def test_the_mixin_gates_class_based_views(demo_users, small_county):
    from django.contrib.auth.models import User
    from django.http import HttpResponse
    from django.test import RequestFactory
    from django.views import View

    from navet.access.decorators import PersonAccessMixin

    class Plan(PersonAccessMixin, View):
        purpose = "sip"

        def get(self, request, person_id):
            return HttpResponse(f"plan för {self.person.given_name}")

    assert Plan.navet_access.kind == "person" and Plan.navet_access.purpose == "sip"
    view = Plan.as_view()
    elsa = small_county.persons["elsa"]
    request = RequestFactory().get("/")
    request.user = User.objects.get(username="allmanlakare")
    assert view(request, person_id=elsa.pk).content == b"plan f\xc3\xb6r Elsa"
    request = RequestFactory().get("/")
    request.user = User.objects.get(username="avdelningsskoterska")
    assert view(request, person_id=elsa.pk).status_code == 403
    decisions = AuditEvent.objects.filter(person_id=elsa.pk).values_list("action", "purpose")
    assert list(decisions.order_by("id")) == [("read", "sip"), ("denied", "sip")]
