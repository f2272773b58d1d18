"""Helpers for the waiting-room tests."""

from __future__ import annotations

import itertools

from django.contrib.auth.models import User

from navet.access.audit import actor_for
from navet.remote import services

_keys = itertools.count(1)

VITALS = {"pulse": "112", "systolic": "95", "diastolic": "60", "spo2": "91", "temperature": "38,6"}


def user(username: str) -> User:
    return User.objects.get(username=username)


def ask(person, *, username="kommunskoterska", target="health_centre", urgency="today", **kw):
    u = user(username)
    return services.ask(
        actor=actor_for(u),
        user=u,
        person=person,
        target=target,
        urgency=urgency,
        question=kw.pop("question", "Feber och lågt blodtryck sedan i morse. Behövs antibiotika?"),
        vitals_raw=kw.pop("vitals", VITALS),
        key=kw.pop("key", f"test:{next(_keys)}"),
        **kw,
    )


def pick_up(c, username="allmanlakare"):
    u = user(username)
    return services.pick_up(actor=actor_for(u), user=u, consultation=c)


def answer(c, username="allmanlakare", **kw):
    u = user(username)
    kw.setdefault("advice", "Ge paracetamol, kontrollera igen om två timmar.")
    return services.answer(actor=actor_for(u), user=u, consultation=c, **kw)
