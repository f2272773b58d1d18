"""Settings of SIP, with their defaults."""

from __future__ import annotations

from django.conf import settings

DEFAULT_VIDEO_PROVIDER = {
    "name": "Regionens videomöte",
    # {room} is replaced by a random, unguessable room name per meeting
    "url": "https://video.example.invalid/sip/{room}",
    "rules": [
        "Bara identifierade deltagare släpps in (e-legitimation eller SITHS).",
        "Mötet spelas inte in, och ingen får spela in det.",
        "Sitt där ingen obehörig ser eller hör samtalet.",
    ],
}


def video_provider() -> dict:
    provider = {**DEFAULT_VIDEO_PROVIDER, **getattr(settings, "NAVET_SIP_VIDEO_PROVIDER", {})}
    return provider


def school_may_take_part() -> bool:
    """Whether the county agreement lets school/elevhälsa take part in SIP (invitee)."""
    return bool(getattr(settings, "NAVET_SIP_SCHOOL_ALLOWED", True))


def meeting_minutes() -> int:
    return int(getattr(settings, "NAVET_SIP_MEETING_MINUTES", 60))


def reminder_days() -> tuple[int, ...]:
    """Days before a follow-up date that the coordinator is reminded (0: on the day)."""
    days = getattr(settings, "NAVET_SIP_REMINDER_DAYS", (7, 1, 0))
    return tuple(sorted({int(d) for d in days if int(d) >= 0}, reverse=True))
