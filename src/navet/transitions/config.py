"""The configurable rules of safe discharge, each with its default (override in settings).
Statutory values are the defaults of lag (2017:612); the threshold for re-sending is regional
practice (Region Halland: "more than one day")."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings


def notice_deadline() -> timedelta:
    """The admission notice is due within 24 h of admission or of the later assessment
    (lag 2017:612, 3 kap. 1 §)."""
    return timedelta(hours=int(getattr(settings, "NAVET_ADMISSION_NOTICE_HOURS", 24)))


def resend_threshold_days() -> int:
    """Re-send the admission notice when the estimated discharge date moves by more than this
    many days (default 1: a move of two days or more is re-sent)."""
    return int(getattr(settings, "NAVET_ESTIMATE_RESEND_THRESHOLD_DAYS", 1))


def sip_call_deadline() -> timedelta:
    """The named care contact invites to a SIP within 3 days of the ready notice
    (lag 2017:612, 4 kap. 1 §)."""
    return timedelta(days=int(getattr(settings, "NAVET_SIP_CALL_DAYS", 3)))


def follow_up_min_age() -> int:
    """The age from which a discharge gets a follow-up call (readmission watch)."""
    return int(getattr(settings, "NAVET_FOLLOW_UP_MIN_AGE", 65))


def follow_up_window() -> tuple[timedelta, timedelta]:
    """The follow-up call is due between these times after discharge (default 48–72 h)."""
    start = int(getattr(settings, "NAVET_FOLLOW_UP_FROM_HOURS", 48))
    end = int(getattr(settings, "NAVET_FOLLOW_UP_BY_HOURS", 72))
    return timedelta(hours=start), timedelta(hours=end)


def readmission_days() -> int:
    """An acute admission within this many days of a discharge is a readmission."""
    return int(getattr(settings, "NAVET_READMISSION_DAYS", 30))
