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
