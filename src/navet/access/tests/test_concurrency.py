"""Concurrent edits of consent and blocks never lose an update (PostgreSQL: row locks)."""

import pytest

from navet.access import consents
from navet.access.audit import actor_for
from navet.access.errors import StaleEdit
from navet.access.models import Block, Consent
from navet.access.tests.support import consent, key, user
from navet.web.tests.concurrency import run_together

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def test_two_withdrawals_from_one_form_version_one_wins_none_is_lost(demo_users, small_county):
    row = consent(small_county.persons["elsa"], small_county.providers["region"])
    who, other = user("allmanlakare"), user("distriktsskoterska")

    def withdraw(as_user, method):
        return lambda: consents.withdraw_consent(
            actor=actor_for(as_user), user=as_user, consent_id=row.pk, version=1, method=method
        )

    results = run_together(withdraw(who, "phone"), withdraw(other, "in_person"))
    assert not any(isinstance(r, Exception) for r in results), results
    row = Consent.objects.get(pk=row.pk)
    assert row.version == 2  # withdrawn once; the second saw it withdrawn and changed nothing
    assert row.history.filter(withdrawn_at__isnull=False).count() == 1


def test_stale_edits_are_refused_not_overwritten(demo_users, small_county):
    city = small_county.providers["city"]
    who = user("allmanlakare")
    block = Block.objects.create(
        key=key(), person=small_county.persons["elsa"], kind="external", care_provider=city,
        method="in_person", registered_by_provider=city,
    )  # fmt: skip

    def lift(note):
        return lambda: consents.lift_block(
            actor=actor_for(who), user=who, block_id=block.pk, version=1, explicit_consent=True,
            consent_method="in_person", lifting_provider_ids=frozenset({city.pk}), note=note,
        )  # fmt: skip

    def withdraw_other():
        row = consent(small_county.persons["elsa"], small_county.providers["region"])
        return consents.withdraw_consent(
            actor=actor_for(who), user=who, consent_id=row.pk, version=1, method="phone"
        )

    results = run_together(lift("first"), lift("second"), withdraw_other)
    block.refresh_from_db()
    assert block.lifted_at is not None and block.version == 2
    assert block.lift_note in {"first", "second"}
    assert not any(isinstance(r, Exception) and not isinstance(r, StaleEdit) for r in results)


def test_concurrent_blocks_of_the_same_target_give_one_block(demo_users, small_county):
    elsa, city = small_county.persons["elsa"], small_county.providers["city"]
    who = user("allmanlakare")

    def set_block():
        return consents.set_block(
            actor=actor_for(who), user=who, person=elsa, key=key(), kind="external",
            care_provider=city, method="in_person",
        )  # fmt: skip

    results = run_together(set_block, set_block, set_block)
    assert not any(isinstance(r, Exception) for r in results), results
    assert Block.objects.filter(person=elsa, lifted_at__isnull=True).count() == 1


def test_a_double_click_on_give_consent_in_flight_gives_one_consent(demo_users, small_county):
    from datetime import date, timedelta

    elsa, region = small_county.persons["elsa"], small_county.providers["region"]
    who = user("allmanlakare")
    same_key = key()

    def give():
        return consents.give_consent(
            actor=actor_for(who), user=who, person=elsa, key=same_key, purpose="sip",
            recipient_provider=region, given_by="person", method="in_person",
            valid_from=date.today(), valid_to=date.today() + timedelta(days=30),
        )  # fmt: skip

    results = run_together(give, give, give)
    assert not any(isinstance(r, Exception) for r in results), results
    assert len({r.pk for r in results}) == 1
    assert Consent.objects.filter(person=elsa).count() == 1


def test_a_block_and_a_withdrawal_at_once_both_land(demo_users, small_county):
    elsa, city = small_county.persons["elsa"], small_county.providers["city"]
    row = consent(elsa, small_county.providers["region"])
    who = user("allmanlakare")

    def set_block():
        return consents.set_block(
            actor=actor_for(who), user=who, person=elsa, key=key(), kind="external",
            care_provider=city, method="in_person",
        )  # fmt: skip

    def withdraw():
        return consents.withdraw_consent(
            actor=actor_for(who), user=who, consent_id=row.pk, version=1, method="phone"
        )

    results = run_together(set_block, withdraw)
    assert not any(isinstance(r, Exception) for r in results), results
    assert Block.objects.filter(person=elsa, lifted_at__isnull=True).count() == 1
    assert Consent.objects.get(pk=row.pk).withdrawn_at is not None
