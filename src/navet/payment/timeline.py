"""The input of the payment rules: one inpatient stay as plain facts (`StayTimeline`).

The rules never read another app's models. A source (navet.payment.sources) turns whatever holds
the stays (the transitions app, a CSV file) into timelines; docs/payment.md has the adapter
contract.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from django.conf import settings


class CareType(StrEnum):
    SOMATIC = "somatic"
    PSYCHIATRIC = "psychiatric"

    @property
    def label(self) -> str:
        return "somatisk" if self is CareType.SOMATIC else "psykiatrisk"


def local_date(moment: datetime) -> date:
    """The calendar day of a moment in the county's time (days are counted in local time)."""
    return moment.astimezone(ZoneInfo(settings.TIME_ZONE)).date()


def local_clock(moment: datetime) -> datetime:
    return moment.astimezone(ZoneInfo(settings.TIME_ZONE))


def days(first: date, stop: date):
    """Every day from `first` up to but not including `stop`."""
    day = first
    while day < stop:
        yield day
        day += timedelta(days=1)


@dataclass(frozen=True)
class ReadyPeriod:
    """One ready-for-discharge notice and, if it came, its revocation.

    `notified_at` is when the notice was sent (liability is measured from it, lag 2017:612);
    `notice_received` is False when the municipality never got this notice."""

    notified_at: datetime
    revoked_at: datetime | None = None
    notice_received: bool = True


@dataclass(frozen=True)
class ExcludedDays:
    """Calendar days (both ends included) the patient stayed because of the region's own gap,
    e.g. the health centre's part was not ready; the municipality pays for none of them."""

    first_day: date
    last_day: date
    reason: str

    def covers(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day


@dataclass(frozen=True)
class StayTimeline:
    episode_ref: str
    # A pseudonymous key, never a personnummer: the invoice basis is read by roles that read no
    # person; who the episode belongs to is looked up in the episode's own (gated) page.
    person_key: str
    # The municipality responsible at admission (a move during the stay changes nothing).
    municipality_code: str
    care_type: CareType
    admitted_at: datetime
    admission_notice_at: datetime | None  # when the municipality got it; None: never
    ready_periods: tuple[ReadyPeriod, ...] = ()
    discharged_at: datetime | None = None  # None: still in hospital
    excluded: tuple[ExcludedDays, ...] = ()
    sip_call_required: bool = False
    sip_call_sent_at: datetime | None = None

    def problems(self) -> list[str]:
        """Why these facts cannot be right (events out of order), in Swedish for the user."""
        found = []
        previous_end = self.admitted_at
        for period in sorted(self.ready_periods, key=lambda p: p.notified_at):
            if period.notified_at < previous_end:
                found.append(
                    "utskrivningsklar före inskrivningen eller innan förra utskrivningsklar "
                    "återkallades"
                )
            if period.revoked_at is not None and period.revoked_at <= period.notified_at:
                found.append("återkallelsen ligger före utskrivningsklar")
            previous_end = period.revoked_at or datetime.max.replace(
                tzinfo=period.notified_at.tzinfo
            )
        if self.discharged_at is not None:
            if self.discharged_at < self.admitted_at:
                found.append("utskrivningen ligger före inskrivningen")
            if any(p.notified_at > self.discharged_at for p in self.ready_periods):
                found.append("utskrivningsklar efter utskrivningen")
        for gap in self.excluded:
            if gap.last_day < gap.first_day:
                found.append("undantagna dagar slutar före de börjar")
        return found
