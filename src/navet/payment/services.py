"""Which rules apply to a municipality and month, the amounts per year, and the basis itself."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q

from navet.organisation.models import Municipality
from navet.payment.basis import InvoiceBasis, invoice_basis, month_last, months_back
from navet.payment.models import DailyAmount, ModelChoice, RuleSet
from navet.payment.rules import RuleParams, statutory
from navet.payment.timeline import StayTimeline

# An agreement without an end year and with its own amount: that amount for every later year.
OPEN_ENDED_UNTIL = 2100
STATUTORY_LABEL = "Lagens standard (ingen överenskommelse), lag (2017:612)"


@dataclass(frozen=True)
class AppliedRules:
    rule_set: RuleSet | None
    params: RuleParams
    label: str


def rule_set_for(county_code: str, year: int) -> RuleSet | None:
    """The highest version of the county's agreement valid in `year`."""
    return (
        RuleSet.objects.filter(county_id=county_code, valid_from_year__lte=year)
        .filter(Q(valid_to_year__isnull=True) | Q(valid_to_year__gte=year))
        .order_by("-version", "-valid_from_year")
        .first()
    )


def rules_for(municipality: Municipality, month: date) -> AppliedRules:
    rule_set = rule_set_for(municipality.county_id, month.year)
    if rule_set is None:
        return AppliedRules(None, statutory(month.year), STATUTORY_LABEL)
    choice = ModelChoice.objects.filter(
        rule_set=rule_set, municipality=municipality, month=month.replace(day=1)
    ).first()
    params = rule_set.params(choice.model if choice else None)
    return AppliedRules(rule_set, params, str(rule_set))


def amounts(rule_set: RuleSet | None) -> dict[int, Decimal]:
    """Amount per day per year: the agreement's own amount, else Socialstyrelsen's table."""
    table = {row.year: row.amount for row in DailyAmount.objects.all()}
    if rule_set is not None and rule_set.amount_per_day is not None:
        last = rule_set.valid_to_year or OPEN_ENDED_UNTIL
        for year in range(rule_set.valid_from_year, last + 1):
            table[year] = rule_set.amount_per_day
    return table


def window(month: date, params: RuleParams) -> tuple[date, date]:
    """The days whose stays a source must return for `month`: the whole averaging window."""
    return months_back(month, max(params.rolling_months - 1, 0)), month_last(month)


def produce_basis(
    municipality: Municipality, month: date, timelines: Iterable[StayTimeline]
) -> InvoiceBasis:
    """Raises basis.MissingAmount when the amount for a needed year is not entered."""
    month = month.replace(day=1)
    applied = rules_for(municipality, month)
    return invoice_basis(
        timelines,
        municipality_code=municipality.code,
        month=month,
        params=applied.params,
        amounts=amounts(applied.rule_set),
        rule_label=applied.label,
    )


def set_amount(year: int, amount: Decimal, *, source: str, entered_by: str) -> DailyAmount:
    """Enter or correct a year's amount (one row per year, so a double submit changes nothing)."""
    row, _ = DailyAmount.objects.update_or_create(
        year=year, defaults={"amount": amount, "source": source, "entered_by": entered_by}
    )
    return row
