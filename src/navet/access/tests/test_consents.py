"""Consent and blocks as the law allows: who may give, what a block overrides, who may lift."""

from datetime import date, timedelta

import pytest

from navet.access import consents
from navet.access.audit import actor_for
from navet.access.errors import AccessError, StaleEdit
from navet.access.models import AuditEvent, Block, Consent
from navet.access.tests.support import key, user

pytestmark = pytest.mark.django_db
TODAY = date.today()


def give(person, provider, **kwargs):
    who = user("allmanlakare")
    args = dict(
        actor=actor_for(who),
        user=who,
        person=person,
        key=key(),
        purpose="shared_overview",
        recipient_provider=provider,
        given_by="person",
        method="in_person",
        valid_from=TODAY,
        valid_to=TODAY + timedelta(days=90),
    )
    return consents.give_consent(**{**args, **kwargs})


def test_giving_consent_is_logged_and_idempotent(demo_users, small_county):
    elsa, region = small_county.persons["elsa"], small_county.providers["region"]
    first = give(elsa, region, key="same")
    again = give(elsa, region, key="same")
    assert again.pk == first.pk and Consent.objects.count() == 1
    [event] = AuditEvent.objects.filter(object_type="consent")
    assert (event.action, event.person_id, event.username) == ("create", elsa.pk, "allmanlakare")
    assert first.history.count() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"valid_to": TODAY - timedelta(days=1), "valid_from": TODAY - timedelta(days=9)},
            "gått ut",
        ),
        ({"valid_to": TODAY - timedelta(days=1)}, "efter startdatumet"),
        ({"given_by": "guardian", "guardian_name": "Anna"}, "barn under 18"),
        ({"given_by": "attitude_clarified"}, "inställning"),
    ],
)
def test_consent_rules(demo_users, small_county, changes, message):
    with pytest.raises(AccessError, match=message):
        give(small_county.persons["elsa"], small_county.providers["region"], **changes)


def test_a_guardian_consents_for_a_child_by_name(demo_users, small_county):
    leo = small_county.persons["leo"]
    with pytest.raises(AccessError, match="vilken vårdnadshavare"):
        give(leo, small_county.providers["region"], given_by="guardian")
    consent = give(leo, small_county.providers["region"], given_by="guardian", guardian_name="Sara")
    assert consent.guardian_name == "Sara"


def test_attitude_clarified_needs_a_description(demo_users, small_county):
    consent = give(
        small_county.persons["berit"],
        small_county.providers["region"],
        given_by="attitude_clarified",
        note="Samtal med dottern och personen; inget tyder på att hon motsätter sig.",
    )
    assert consent.given_by == "attitude_clarified"


def test_withdrawal_is_immediate_idempotent_and_refuses_stale_forms(demo_users, small_county):
    consent = give(small_county.persons["elsa"], small_county.providers["region"])
    who = user("allmanlakare")
    args = dict(actor=actor_for(who), user=who, consent_id=consent.pk, method="phone")
    withdrawn = consents.withdraw_consent(**args, version=1)
    assert withdrawn.withdrawn_at is not None and withdrawn.version == 2
    assert consents.withdraw_consent(**args, version=1).version == 2  # a double click
    other = give(small_county.persons["elsa"], small_county.providers["region"])
    other.version = 5
    other.save()
    with pytest.raises(StaleEdit):
        consents.withdraw_consent(**{**args, "consent_id": other.pk}, version=4)


def block(person, **kwargs):
    who = user("allmanlakare")
    args = dict(actor=actor_for(who), user=who, person=person, key=key(), method="in_person")
    return consents.set_block(**{**args, **kwargs})


def test_guardians_cannot_block_a_childs_data(demo_users, small_county):
    with pytest.raises(AccessError, match="vårdnadshavare kan inte spärra"):
        block(
            small_county.persons["leo"],
            kind="external",
            care_provider=small_county.providers["city"],
            requested_by="guardian",
        )
    assert not Block.objects.exists()


def test_an_inner_block_belongs_to_its_units_care_provider(demo_users, small_county):
    internal = block(
        small_county.persons["elsa"],
        kind="internal",
        care_provider=None,
        unit=small_county.units["skiljebo"],
    )
    assert internal.care_provider == small_county.providers["region"]
    same = block(
        small_county.persons["elsa"], kind="internal", care_provider=None, unit=internal.unit
    )
    assert same.pk == internal.pk  # one active block per target


def lift(block_, **kwargs):
    """Lift as the GP at Skiljebo (Region Västmanland) unless told otherwise."""
    who = user("allmanlakare")
    actor = actor_for(who)
    args = dict(
        actor=actor,
        user=who,
        block_id=block_.pk,
        version=block_.version,
        explicit_consent=True,
        consent_method="in_person",
        lifting_provider_ids=frozenset({actor.unit.care_provider_id}),
    )
    return consents.lift_block(**{**args, **kwargs})


def test_lifting_needs_explicit_consent_and_the_right_provider(demo_users, small_county):
    city = small_county.providers["city"]
    outer = block(small_county.persons["elsa"], kind="external", care_provider=city)
    with pytest.raises(AccessError, match="uttryckligen samtycker"):
        lift(outer, explicit_consent=False, lifting_provider_ids=frozenset({city.pk}))
    with pytest.raises(AccessError, match="vårdgivare som registrerade"):
        lift(outer)  # the region did not register it
    lifted = lift(outer, lifting_provider_ids=frozenset({city.pk}))
    assert lifted.lifted_at is not None
    assert lift(outer, lifting_provider_ids=frozenset({city.pk})).pk == lifted.pk  # idempotent
    assert AuditEvent.objects.filter(object_type="block", action="change").count() == 1
