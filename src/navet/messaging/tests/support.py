"""Helpers for the inbox tests: an item in one line."""

from __future__ import annotations

import itertools
import threading

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


def run_together(*functions):
    """Run the functions in threads (each with its own database connection) released at once;
    returns each one's result or exception."""
    barrier = threading.Barrier(len(functions))
    results: list = [None] * len(functions)

    def run(i, function):
        from django.db import connections

        try:
            barrier.wait()
            results[i] = function()
        except Exception as error:  # the outcome is what the test looks at
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, f)) for i, f in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results
