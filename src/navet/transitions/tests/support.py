"""Helpers for the discharge tests: users and an admission in one line."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from navet.access.audit import actor_for
from navet.transitions import services

_keys = itertools.count(1)


def key() -> str:
    return f"test:{next(_keys)}"


def user(username: str) -> User:
    return User.objects.get(username=username)


def ago(**delta) -> datetime:
    return timezone.now() - timedelta(**delta)


def local_noon(days_ago: int) -> datetime:
    """Noon, Swedish time, a number of calendar days back: for tests that count calendar days,
    which a moment just after midnight would otherwise put on the wrong day."""
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime(day.year, day.month, day.day, 12))


def call(service, username: str, **kwargs):
    """Call a service as a demo user, with a fresh key unless one is given."""
    who = user(username)
    kwargs.setdefault("key", key())
    return service(actor=actor_for(who), user=who, **kwargs)


def admit(county, person="elsa", *, username="avdelningsskoterska", **kwargs):
    kwargs.setdefault("at", ago(hours=2))
    kwargs.setdefault("admission_type", "acute")
    kwargs.setdefault("care_type", "somatic")
    kwargs.setdefault("needs_follow_on", True)
    kwargs.setdefault("reason", "Fall i hemmet, höftfraktur")
    return call(
        services.admit,
        username,
        person=county.persons[person],
        ward=county.units["ward"],
        **kwargs,
    )
