"""The payment rules as pure functions over `StayTimeline`s: which calendar days a municipality
pays for. docs/payment.md explains each parameter with its source; the tests compute by hand.

Counting (both models):
- The counting start of a ready period is the day of the ready notice (or of the admission notice
  when the municipality got that one later: liability needs both). With the noon cut-off a notice
  at or after 12:00 starts counting the next day.
- A ready day is a calendar day from the counting start up to, not including, the day of discharge
  or of revocation (a night in hospital as ready; the same convention as Väntetider's "discharge
  date − ready date"). Day index 0 is the counting start.
- Each new ready notice after a revocation starts its own count, free days included.
- Days in an excluded interval (the region's own gap) are never paid for; they still pass as
  calendar days (the free days are calendar days after the notice).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, time, timedelta
from enum import StrEnum

from navet.payment.timeline import (
    CareType,
    ReadyPeriod,
    StayTimeline,
    days,
    local_clock,
    local_date,
)


class Model(StrEnum):
    INDIVIDUAL = "individual"
    AVERAGE = "average"

    @property
    def label(self) -> str:
        return "individmodell" if self is Model.INDIVIDUAL else "genomsnittsmodell"


NOON = time(12)


@dataclass(frozen=True)
class RuleParams:
    model: Model = Model.INDIVIDUAL
    free_days_somatic: int = 3
    free_days_psychiatric: int = 3
    noon_cutoff: bool = False
    # Average model: an episode discharged on its counting start day (0 ready days) still counts
    # in the average's denominator ("dag 0", Region Stockholm 2020).
    day_zero: bool = False
    rolling_months: int = 3
    require_sip_call: bool = False

    def free_days(self, care_type: CareType) -> int:
        if care_type is CareType.PSYCHIATRIC:
            return self.free_days_psychiatric
        return self.free_days_somatic


def statutory(year: int) -> RuleParams:
    """Lag (2017:612) without an agreement: liable from three calendar days after the ready
    notice; in 2018 a transitional rule gave psychiatric inpatient care 30 days."""
    return RuleParams(free_days_psychiatric=30 if year == 2018 else 3)


@dataclass(frozen=True)
class ReadyDay:
    day: date
    index: int
    excluded_reason: str
    liable: bool


def counting_start(timeline: StayTimeline, period: ReadyPeriod, params: RuleParams) -> date:
    moment = period.notified_at
    if timeline.admission_notice_at is not None and timeline.admission_notice_at > moment:
        moment = timeline.admission_notice_at
    start = local_date(moment)
    if params.noon_cutoff and local_clock(moment).time() >= NOON:
        start += timedelta(days=1)
    return start


def missing_precondition(timeline: StayTimeline, period: ReadyPeriod, params: RuleParams) -> str:
    """Why the municipality pays nothing for this period ("" when it may pay)."""
    if timeline.admission_notice_at is None:
        return "kommunen har inte fått inskrivningsmeddelande"
    if not period.notice_received:
        return "kommunen har inte fått meddelande om utskrivningsklar"
    sip_call_missing = timeline.sip_call_required and timeline.sip_call_sent_at is None
    if params.require_sip_call and sip_call_missing:
        return "kallelse till SIP har inte skickats"
    return ""


def ready_days(timeline: StayTimeline, params: RuleParams, *, through: date) -> list[ReadyDay]:
    """The ready days up to `through` (included) of the periods whose preconditions hold."""
    free = params.free_days(timeline.care_type)
    stay_end = local_date(timeline.discharged_at) if timeline.discharged_at else None
    result = []
    for period in timeline.ready_periods:
        if missing_precondition(timeline, period, params):
            continue
        stops = [through + timedelta(days=1)]
        if stay_end is not None:
            stops.append(stay_end)
        if period.revoked_at is not None:
            stops.append(local_date(period.revoked_at))
        for index, day in enumerate(days(counting_start(timeline, period, params), min(stops))):
            reason = next((gap.reason for gap in timeline.excluded if gap.covers(day)), "")
            result.append(ReadyDay(day, index, reason, index >= free and not reason))
    return result


def preconditions_note(timeline: StayTimeline, params: RuleParams) -> str:
    reasons = {missing_precondition(timeline, p, params) for p in timeline.ready_periods}
    reasons.discard("")
    return "; ".join(sorted(reasons))


def with_model(params: RuleParams, model: Model) -> RuleParams:
    return replace(params, model=model)
