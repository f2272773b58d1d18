"""Helpers for the deviation tests."""

from __future__ import annotations

import itertools
from datetime import timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from navet.access.audit import actor_for
from navet.deviations import services

_keys = itertools.count(1)


def user(username: str) -> User:
    return User.objects.get(username=username)


def report(person=None, *, username="kommunskoterska", **kw):
    u = user(username)
    kw.setdefault("category", "discharge")
    kw.setdefault("severity", "moderate")
    kw.setdefault("occurred_at", timezone.now() - timedelta(hours=3))
    kw.setdefault("description", "Utskriven utan läkemedelslista; hemsjukvården fick ingen info.")
    kw.setdefault("immediate_action", "Ringde avdelningen och fick listan.")
    kw.setdefault("key", f"test:{next(_keys)}")
    return services.report(actor=actor_for(u), user=u, person=person, **kw)


def act(name: str, d, username: str, **kw):
    u = user(username)
    return getattr(services, name)(actor=actor_for(u), user=u, deviation=d, **kw)


def close(d, username="avdelningsskoterska", **kw):
    kw.setdefault("measures", "Checklista för läkemedelslista vid utskrivning införs.")
    kw.setdefault("conclusion", "Rutinen för överföring följdes inte.")
    return act("close", d, username, **kw)
