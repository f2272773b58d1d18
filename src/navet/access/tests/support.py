"""Helpers for the access tests: consent, blocks, relationships and emergency access in one line."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from django.contrib.auth.models import User

from navet.access import emergency
from navet.access.audit import actor_for
from navet.access.models import Block, Consent
from navet.access.relationships import open_relationship

_keys = itertools.count(1)


def key() -> str:
    return f"k{next(_keys)}"


def user(username: str) -> User:
    return User.objects.get(username=username)


def relate(person, unit, *, staff=None, kind="manual", ends_at=None, starts_at=None):
    return open_relationship(
        person=person,
        unit=unit,
        staff=staff,
        kind=kind,
        key=key(),
        reason="test",
        ends_at=ends_at,
        starts_at=starts_at,
    )


def consent(person, recipient, *, disclosing=None, purpose="shared_overview", days=30, **extra):
    today = date.today()
    return Consent.objects.create(
        key=key(),
        person=person,
        purpose=purpose,
        recipient_provider=recipient,
        disclosing_provider=disclosing,
        given_by="person",
        method="in_person",
        valid_from=today - timedelta(days=60),
        valid_to=today + timedelta(days=days),
        **extra,
    )


def block(person, *, unit=None, provider=None, process=None):
    if process is not None:
        return Block.objects.create(
            key=key(), person=person, kind="internal", care_provider=process.care_provider,
            care_process=process, method="in_person", registered_by_provider=process.care_provider,
        )  # fmt: skip
    if unit is not None:
        return Block.objects.create(
            key=key(), person=person, kind="internal", care_provider=unit.care_provider, unit=unit,
            method="in_person", registered_by_provider=unit.care_provider,
        )  # fmt: skip
    return Block.objects.create(
        key=key(), person=person, kind="external", care_provider=provider, method="in_person",
        registered_by_provider=provider,
    )  # fmt: skip


def open_emergency(username: str, person):
    who = user(username)
    actor = actor_for(who)
    step1 = emergency.reveal(
        actor=actor, user=who, person=person, key=key(), reason="urgent_care",
        text="Medvetslös på akuten, behöver läkemedelslistan",
    )  # fmt: skip
    return emergency.open_access(
        actor=actor, user=who, emergency_id=step1.pk, key=key(), reason="urgent_care",
        text="Behöver uppgifterna för akut behandling",
    )  # fmt: skip
