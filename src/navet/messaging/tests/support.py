"""Helpers for the inbox tests: an item in one line."""

from __future__ import annotations

import itertools

from django.contrib.auth.models import User

from navet.messaging.services import send_item

_keys = itertools.count(1)


def key() -> str:
    return f"test:{next(_keys)}"


def user(username: str) -> User:
    return User.objects.get(username=username)


def item(unit, *, person=None, kind="notice", subject="Inskriven på avdelning 31", **extra):
    extra.setdefault("sender_name", "Avdelning 31, medicin")
    return send_item(
        to_unit=unit,
        kind=kind,
        subject=subject,
        body=extra.pop("body", "Beräknat utskrivningsdatum om fyra dagar."),
        person=person,
        idempotency_key=extra.pop("idempotency_key", key()),
        **extra,
    )
