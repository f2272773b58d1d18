"""The gate beyond the decision table: who counts as related, periods, purposes, consent scope,
data categories, roles, errors, and the queryset filter agreeing with the gate."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from navet.access import gate
from navet.access.gate import Reason, Verdict, WithheldBecause, can_access
from navet.access.models import AuditEvent
from navet.access.purposes import Purpose
from navet.access.selectors import accessible_persons
from navet.access.tests.support import block, consent, open_emergency, relate, user

pytestmark = pytest.mark.django_db


def test_a_relationship_for_a_named_member_of_staff_counts_only_for_them(demo_users, small_county):
    gustav, ward = small_county.persons["gustav"], small_county.units["ward"]
    relate(gustav, ward, staff=small_county.staff["avdelningslakare"])
    assert can_access(user("avdelningslakare"), gustav).allowed
    assert not can_access(user("avdelningsskoterska"), gustav).allowed


def test_relationships_count_only_within_their_period(demo_users, small_county):
    gustav, ward = small_county.persons["gustav"], small_county.units["ward"]
    now = timezone.now()
    relate(gustav, ward, starts_at=now - timedelta(days=10), ends_at=now - timedelta(seconds=1))
    relate(gustav, ward, starts_at=now + timedelta(days=1))
    decision = can_access(user("avdelningsskoterska"), gustav)
    assert decision.verdict == Verdict.EMERGENCY_POSSIBLE
    assert decision.reason == Reason.NO_RELATIONSHIP
    earlier = can_access(user("avdelningsskoterska"), gustav, at=now - timedelta(days=5))
    assert earlier.allowed


def test_roles_without_emergency_access_are_simply_denied(demo_users, small_county):
    decision = can_access(user("underskoterska"), small_county.persons["gustav"])
    assert decision.verdict == Verdict.DENY
    assert decision.reason == Reason.NO_RELATIONSHIP
    assert not decision.may_use_emergency


@pytest.mark.parametrize("username", ["analytiker", "lansledning", "sakerhetsansvarig"])
def test_roles_without_a_care_capability(demo_users, small_county, username):
    decision = can_access(user(username), small_county.persons["elsa"])
    assert (decision.verdict, decision.reason) == (Verdict.DENY, Reason.NO_CAPABILITY)


def test_security_officer_reads_for_log_review_only(demo_users, small_county):
    elsa = small_county.persons["elsa"]
    assert can_access(user("sakerhetsansvarig"), elsa, Purpose.LOG_REVIEW).allowed
    assert not can_access(user("allmanlakare"), elsa, Purpose.LOG_REVIEW).allowed


def test_own_data_is_for_the_resident_alone(demo_users, small_county):
    elsa = small_county.persons["elsa"]
    decision = can_access(user("invanare"), elsa, Purpose.OWN_DATA)
    assert decision.allowed and decision.shows(small_county.units["city"])
    assert not can_access(user("allmanlakare"), elsa, Purpose.OWN_DATA).allowed


def test_a_user_without_a_current_unit_is_denied(demo_users, small_county):
    staff = small_county.staff["avdelningsskoterska"]
    staff.assignments.update(valid_to=date(2021, 1, 1))
    decision = can_access(user("avdelningsskoterska"), small_county.persons["elsa"])
    assert decision.reason == Reason.NO_UNIT and decision.verdict == Verdict.DENY


def test_consent_covers_its_purpose_recipient_and_disclosing_provider(demo_users, small_county):
    elsa, units, providers = (
        small_county.persons["elsa"],
        small_county.units,
        small_county.providers,
    )
    doctor = user("allmanlakare")  # Skiljebo, the region
    consent(elsa, providers["region"], purpose="sip")  # another purpose
    consent(elsa, providers["vasteras"])  # another recipient
    assert not can_access(doctor, elsa).shows(units["city"])
    assert can_access(doctor, elsa, Purpose.SIP).shows(units["city"])
    consent(elsa, providers["region"], disclosing=providers["city"])
    decision = can_access(doctor, elsa)
    assert decision.shows(units["city"])
    assert not decision.shows(units["home_care"])  # Västerås stad: not in the consent


def test_withdrawn_consent_no_longer_counts(demo_users, small_county):
    elsa = small_county.persons["elsa"]
    consent(elsa, small_county.providers["region"], withdrawn_at=timezone.now())
    assert not can_access(user("allmanlakare"), elsa).shows(small_county.units["city"])


def test_social_care_data_are_not_opened_by_emergency_access(demo_users, small_county, settings):
    elsa, units = small_county.persons["elsa"], small_county.units
    relate(elsa, units["ward"], kind="admission")
    open_emergency("avdelningsskoterska", elsa)
    decision = can_access(user("avdelningsskoterska"), elsa)
    assert decision.emergency
    assert decision.shows(units["city"])  # health care: opened
    assert not decision.shows(units["home_care"])  # social care (SoL, OSL 26): not by default
    assert [w.category for w in decision.withheld] == ["social"]
    settings.NAVET_ACCESS_CATEGORY_RULES = {
        "health": {"consent_across_providers": True, "emergency_access": True},
        "social": {"consent_across_providers": True, "emergency_access": True},
    }
    assert can_access(user("avdelningsskoterska"), elsa).shows(units["home_care"])


def test_category_rules_decide_whether_consent_is_needed(demo_users, small_county, settings):
    settings.NAVET_ACCESS_CATEGORY_RULES = {
        "health": {"consent_across_providers": True, "emergency_access": True},
        "social": {"consent_across_providers": False, "emergency_access": False},
    }
    decision = can_access(user("allmanlakare"), small_county.persons["elsa"])
    assert decision.shows(small_county.units["home_care"])
    assert not decision.shows(small_county.units["city"])


def test_emergency_access_expires(demo_users, small_county, settings):
    gustav = small_county.persons["gustav"]
    block(gustav, provider=small_county.providers["region"])
    emergency = open_emergency("avdelningsskoterska", gustav)
    assert can_access(user("avdelningsskoterska"), gustav).allowed
    later = emergency.expires_at + timedelta(seconds=1)
    assert can_access(user("avdelningsskoterska"), gustav, at=later).verdict == (
        Verdict.EMERGENCY_POSSIBLE
    )


def test_blocked_data_show_that_but_not_where(demo_users, small_county):
    elsa = small_county.persons["elsa"]
    block(elsa, unit=small_county.units["skiljebo"])
    relate(elsa, small_county.units["vasby"])
    decision = can_access(user("allmanlakare"), elsa)
    assert decision.allowed  # Skiljebo is the doctor's own unit: an inner block does not hide it
    assert decision.shows(small_county.units["skiljebo"])
    ward_decision = can_access(user("avdelningslakare"), elsa)
    assert ward_decision.verdict == Verdict.EMERGENCY_POSSIBLE


def test_an_inner_block_hides_a_unit_from_the_rest_of_its_care_provider(demo_users, small_county):
    elsa, units = small_county.persons["elsa"], small_county.units
    relate(elsa, units["ward"], kind="admission")
    block(elsa, unit=units["skiljebo"])
    decision = can_access(user("avdelningsskoterska"), elsa)
    assert not decision.shows(units["skiljebo"])
    assert decision.blocked_exist
    assert {w.because for w in decision.withheld} >= {WithheldBecause.BLOCKED}


def test_a_gate_error_denies_and_is_logged(
    demo_users, small_county, monkeypatch, client_as, caplog
):
    def broken(*args, **kwargs):
        raise RuntimeError("database hiccup")

    monkeypatch.setattr(gate, "_decide", broken)
    elsa = small_county.persons["elsa"]
    decision = can_access(user("allmanlakare"), elsa)
    assert (decision.verdict, decision.reason) == (Verdict.DENY, Reason.GATE_ERROR)
    assert "access gate error" in caplog.text
    from django.urls import reverse

    response = client_as("allmanlakare").get(reverse("web:resident_detail", args=[elsa.pk]))
    assert response.status_code == 403
    assert "Storgatan" not in response.content.decode()
    assert AuditEvent.objects.filter(person_id=elsa.pk, reason="gate_error").count() == 1


def test_the_queryset_filter_agrees_with_the_gate(demo_users, small_county):
    units, persons = small_county.units, small_county.persons
    relate(persons["gustav"], units["ward"], kind="admission")
    relate(persons["berit"], units["mobile_team"], staff=small_county.staff["samordnare"])
    for username in demo_users:
        for purpose in Purpose:
            who = user(username)
            allowed = {p.pk for p in persons.values() if can_access(who, p, purpose).allowed}
            filtered = set(accessible_persons(who, purpose).values_list("pk", flat=True))
            assert filtered == allowed, (username, purpose)
