"""Settings of the digital waiting room, with their defaults. The response times are local policy
[unverified: agree them in the county's collaboration routines between region and municipality]."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings

# Minutes a doctor has to answer, per urgency.
DEFAULT_DEADLINE_MINUTES = {"acute": 60, "today": 4 * 60, "routine": 3 * 24 * 60}


def deadline(urgency: str) -> timedelta:
    """settings.NAVET_REMOTE_DEADLINE_MINUTES = {"acute": 30, …} overrides a default."""
    overrides = getattr(settings, "NAVET_REMOTE_DEADLINE_MINUTES", {})
    configured = {**DEFAULT_DEADLINE_MINUTES, **overrides}
    return timedelta(minutes=int(configured[urgency]))


def video_provider() -> dict:
    """The video service for consultations: settings.NAVET_REMOTE_VIDEO_PROVIDER, else the one
    SIP meetings use (navet.plans.config)."""
    from navet.plans.config import video_provider as sip_provider

    return {**sip_provider(), **getattr(settings, "NAVET_REMOTE_VIDEO_PROVIDER", {})}
