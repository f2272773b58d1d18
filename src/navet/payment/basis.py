"""The monthly invoice basis (fakturaunderlag) of one municipality: a line per episode with its
liable days, the amount and why — pure, from timelines, rule parameters and the amount per year.

Individual model: the calendar days of the month on which the municipality is liable, per episode.
Average model (after Västra Götaland's and Region Stockholm's agreements, docs/payment.md): the
episodes closed (discharged) in the month; per care type, the average number of ready days over
the episodes closed in the last `rolling_months` months (pooled: all their days ÷ all of them);
each episode of the month is billed the average's excess over the free days.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from navet.payment.rules import (
    Model,
    ReadyDay,
    RuleParams,
    counting_start,
    missing_precondition,
    preconditions_note,
    ready_days,
)
from navet.payment.timeline import CareType, StayTimeline, local_clock, local_date

CENT = Decimal("0.01")


class MissingAmount(Exception):
    """No amount per day is entered for a year the basis needs."""

    def __init__(self, year: int):
        super().__init__(f"Belopp per dag saknas för {year}.")
        self.year = year


@dataclass(frozen=True)
class InvoiceLine:
    episode_ref: str
    person_key: str
    care_type: CareType
    discharged_on: date | None
    ready_days: int
    excluded_days: int
    liable_days: Decimal
    amount: Decimal
    explanation: str


@dataclass(frozen=True)
class AverageFigures:
    care_type: CareType
    first_month: date
    episodes: int
    ready_days: int
    average: Decimal
    free_days: int
    excess: Decimal


@dataclass
class InvoiceBasis:
    municipality_code: str
    month: date
    params: RuleParams
    rule_label: str
    lines: list[InvoiceLine] = field(default_factory=list)
    averages: list[AverageFigures] = field(default_factory=list)

    @property
    def total_days(self) -> Decimal:
        return sum((line.liable_days for line in self.lines), Decimal(0))

    @property
    def total_amount(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal(0))


def month_last(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def months_back(month: date, count: int) -> date:
    year, index = divmod(month.year * 12 + month.month - 1 - count, 12)
    return date(year, index + 1, 1)


def amount_for(amounts: Mapping[int, Decimal], year: int) -> Decimal:
    if year not in amounts:
        raise MissingAmount(year)
    return Decimal(amounts[year])


def spans(found: list[date]) -> str:
    """Consecutive days as "2025-03-06–2025-03-09, 2025-03-12"."""
    runs: list[list[date]] = []
    for day in sorted(found):
        if runs and day - runs[-1][-1] == timedelta(days=1):
            runs[-1].append(day)
        else:
            runs.append([day])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else f"{r[0]}" for r in runs)


def _periods_text(timeline: StayTimeline, params: RuleParams) -> list[str]:
    parts = []
    for period in timeline.ready_periods:
        text = (
            f"utskrivningsklar {local_clock(period.notified_at):%Y-%m-%d %H:%M}, "
            f"dag 0 = {counting_start(timeline, period, params)}"
        )
        if period.revoked_at is not None:
            text += f", återkallad {local_clock(period.revoked_at):%Y-%m-%d %H:%M}"
        parts.append(text)
    return parts


def _excluded_text(counted: list[ReadyDay]) -> list[str]:
    reasons: dict[str, list[date]] = {}
    for day in counted:
        if day.excluded_reason:
            reasons.setdefault(day.excluded_reason, []).append(day.day)
    return [f"undantaget {spans(d)} ({reason})" for reason, d in reasons.items()]


def _overlaps(timeline: StayTimeline, first: date, last: date) -> bool:
    if not timeline.ready_periods:
        return False
    began = min(local_date(p.notified_at) for p in timeline.ready_periods) <= last
    ended = timeline.discharged_at is not None and local_date(timeline.discharged_at) < first
    return began and not ended


def individual_line(
    timeline: StayTimeline, params: RuleParams, amounts, first: date, last: date
) -> InvoiceLine | None:
    counted = [d for d in ready_days(timeline, params, through=last) if d.day >= first]
    missing = preconditions_note(timeline, params)
    if not counted and not (missing and _overlaps(timeline, first, last)):
        return None
    liable = [d.day for d in counted if d.liable]
    amount = sum((amount_for(amounts, day.year) for day in liable), Decimal(0))
    free = params.free_days(timeline.care_type)
    why = [*_periods_text(timeline, params), f"{free} fria dagar (dag 0–{free - 1})"]
    why += [f"betalningsansvar {spans(liable)}"] if liable else []
    why += _excluded_text(counted)
    why += [f"inget betalningsansvar: {missing}"] if missing else []
    return InvoiceLine(
        episode_ref=timeline.episode_ref,
        person_key=timeline.person_key,
        care_type=timeline.care_type,
        discharged_on=local_date(timeline.discharged_at) if timeline.discharged_at else None,
        ready_days=len(counted),
        excluded_days=sum(1 for d in counted if d.excluded_reason),
        liable_days=Decimal(len(liable)),
        amount=amount.quantize(CENT),
        explanation="; ".join(why),
    )


def _closed_in(timeline: StayTimeline, first: date, last: date) -> bool:
    return (
        timeline.discharged_at is not None and first <= local_date(timeline.discharged_at) <= last
    )


@dataclass(frozen=True)
class _Counted:
    timeline: StayTimeline
    days: list[ReadyDay]
    missing: str

    @property
    def paid_days(self) -> int:
        """Ready days that count in the average (the region's gap days do not)."""
        return sum(1 for d in self.days if not d.excluded_reason)

    def counts(self, params: RuleParams) -> bool:
        """In the average: the notices came, and ≥ 1 day (or 0 days when day 0 counts)."""
        return not self.missing and (self.paid_days >= 1 or params.day_zero)


def _count(timeline: StayTimeline, params: RuleParams) -> _Counted:
    through = local_date(timeline.discharged_at)
    counted = ready_days(timeline, params, through=through)
    valid = [p for p in timeline.ready_periods if not missing_precondition(timeline, p, params)]
    return _Counted(timeline, counted, "" if valid else preconditions_note(timeline, params))


def average_lines(
    timelines: list[StayTimeline], params: RuleParams, amounts, month: date
) -> tuple[list[InvoiceLine], list[AverageFigures]]:
    first, last = month, month_last(month)
    window_first = months_back(month, params.rolling_months - 1)
    rate = amount_for(amounts, month.year)
    lines, figures = [], []
    for care_type in CareType:
        free = params.free_days(care_type)
        window = [
            _count(t, params)
            for t in timelines
            # a stay never ready for discharge is no part of the average, not even with day 0
            if t.care_type is care_type and t.ready_periods and _closed_in(t, window_first, last)
        ]
        counted = [c for c in window if c.counts(params)]
        if not window:
            continue
        total = sum(c.paid_days for c in counted)
        average = (
            (Decimal(total) / len(counted)).quantize(CENT, ROUND_HALF_UP) if counted else Decimal(0)
        )
        excess = max(Decimal(0), average - free)
        figures.append(
            AverageFigures(care_type, window_first, len(counted), total, average, free, excess)
        )
        basis_text = (
            f"genomsnitt {average} dagar över {len(counted)} vårdtillfällen "
            f"{window_first:%Y-%m}–{month:%Y-%m}, {free} fria dagar"
        )
        for item in window:
            if not _closed_in(item.timeline, first, last):
                continue
            lines.append(_average_line(item, params, basis_text, excess, rate))
    return lines, figures


def _average_line(item: _Counted, params, basis_text: str, excess: Decimal, rate) -> InvoiceLine:
    timeline = item.timeline
    why = [*_periods_text(timeline, params), f"{item.paid_days} dagar som utskrivningsklar"]
    why += _excluded_text(item.days)
    liable = Decimal(0)
    if item.missing:
        why.append(f"inget betalningsansvar: {item.missing}")
    elif not item.counts(params):
        why.append("ingår inte i genomsnittet (0 dagar, dag 0 räknas inte)")
    else:
        liable = excess
        why.append(f"{basis_text}: {excess} dagar per vårdtillfälle")
    return InvoiceLine(
        episode_ref=timeline.episode_ref,
        person_key=timeline.person_key,
        care_type=timeline.care_type,
        discharged_on=local_date(timeline.discharged_at),
        ready_days=item.paid_days + sum(1 for d in item.days if d.excluded_reason),
        excluded_days=sum(1 for d in item.days if d.excluded_reason),
        liable_days=liable,
        amount=(liable * rate).quantize(CENT, ROUND_HALF_UP),
        explanation="; ".join(why),
    )


def invoice_basis(
    timelines: Iterable[StayTimeline],
    *,
    municipality_code: str,
    month: date,
    params: RuleParams,
    amounts: Mapping[int, Decimal],
    rule_label: str = "",
) -> InvoiceBasis:
    """The basis for `month` (its first day); raises MissingAmount when a year has no amount."""
    mine = [t for t in timelines if t.municipality_code == municipality_code]
    basis = InvoiceBasis(municipality_code, month, params, rule_label)
    if params.model is Model.AVERAGE:
        basis.lines, basis.averages = average_lines(mine, params, amounts, month)
    else:
        last = month_last(month)
        lines = (individual_line(t, params, amounts, month, last) for t in mine)
        basis.lines = [line for line in lines if line is not None]
    basis.lines.sort(key=lambda line: (line.care_type, line.episode_ref))
    return basis
