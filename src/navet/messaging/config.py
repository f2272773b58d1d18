"""The inbox's configurable rules, each with its default (override in settings). The deadlines
are local policy, not law [unverified: agree them in the county's collaboration routines]."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings

from navet.messaging.kinds import get_kind


def deadline(kind: str) -> timedelta | None:
    """How long a unit has to acknowledge an item of `kind` (None: no deadline).

    settings.NAVET_INBOX_DEADLINE_HOURS = {"notice": 24, "default": 72, ...}: a kind's entry wins,
    then the kind's registered default, then "default" (None if none).
    """
    configured = getattr(settings, "NAVET_INBOX_DEADLINE_HOURS", {})
    registered = get_kind(kind)
    if kind in configured:
        hours = configured[kind]
    elif registered is not None and not registered.escalates:
        return None
    elif registered is not None and registered.deadline_hours is not None:
        hours = registered.deadline_hours
    else:
        hours = configured.get("default")
    return None if hours is None else timedelta(hours=hours)


def base_url() -> str:
    """Where Navet is reached, for links in e-mail (no trailing slash)."""
    return getattr(settings, "NAVET_BASE_URL", "http://127.0.0.1:8000").rstrip("/")


def poll_seconds() -> int:
    """How often the header asks for the inbox count (seconds)."""
    return max(int(getattr(settings, "NAVET_INBOX_POLL_SECONDS", 30)), 1)


def page_size() -> int:
    return 25
