"""Timelines for the hand-computed tests: local (Europe/Stockholm) times as text."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from navet.payment.timeline import CareType, ExcludedDays, ReadyPeriod, StayTimeline

# The two amounts the sources confirm; tests that need another year say it is a test figure.
AMOUNTS = {2019: Decimal("7800"), 2022: Decimal("9300")}


def at(text: str) -> datetime:
    return timezone.make_aware(datetime.fromisoformat(text))


def stay(
    ref="E1",
    *,
    ready=(),
    discharged=None,
    care=CareType.SOMATIC,
    admitted="2022-01-01 08:00",
    admission_notice="admitted",
    excluded=(),
    municipality="1980",
) -> StayTimeline:
    """`ready`: ("2022-03-07 09:00",) or (("2022-03-01 09:00", "2022-03-03 14:00"), …) with a
    revocation, or ("2022-03-07 09:00", None, False) for a notice the municipality never got."""
    periods = []
    for item in ready:
        item = (item,) if isinstance(item, str) else tuple(item)
        notified, revoked, received = item + (None, None, True)[len(item) :]
        periods.append(ReadyPeriod(at(notified), at(revoked) if revoked else None, received))
    notice = at(admitted) if admission_notice == "admitted" else admission_notice
    return StayTimeline(
        episode_ref=ref,
        person_key=f"p-{ref}",
        municipality_code=municipality,
        care_type=care,
        admitted_at=at(admitted),
        admission_notice_at=at(notice) if isinstance(notice, str) else notice,
        ready_periods=tuple(periods),
        discharged_at=at(discharged) if discharged else None,
        excluded=tuple(
            ExcludedDays(date.fromisoformat(a), date.fromisoformat(b), r) for a, b, r in excluded
        ),
    )
