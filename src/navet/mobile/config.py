"""The mobile-team app's configurable rules (local policy, not law). Override in settings."""

from django.conf import settings


def frequent_attender_threshold() -> int:
    """ED visits within the window that make a person a frequent attender (mångbesökare)."""
    return int(getattr(settings, "NAVET_FREQUENT_ATTENDER_ED_VISITS", 4))


def frequent_attender_window_days() -> int:
    return int(getattr(settings, "NAVET_FREQUENT_ATTENDER_WINDOW_DAYS", 365))


def outcome_days() -> int:
    """The days after a home visit in which an ED visit or an admission counts against it."""
    return int(getattr(settings, "NAVET_MOBILE_OUTCOME_DAYS", 7))
