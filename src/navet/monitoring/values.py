"""Checking one measured value: a known measure, a unit that fits it, a value a person can have.
Every refusal carries a Swedish reason (shown in the form, and in the device API's
OperationOutcome)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from navet.monitoring.measures import MEASURES, Measure


class ValueError_(Exception):
    def __init__(self, reason: str, path: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.path = path


@dataclass(frozen=True)
class Checked:
    measure: Measure
    value: Decimal  # in measure.unit


def _number(text) -> Decimal:
    if isinstance(text, bool):
        raise ValueError_("Värdet måste vara ett tal.")
    try:
        value = Decimal(str(text).strip().replace(",", "."))
    except InvalidOperation:
        raise ValueError_("Värdet måste vara ett tal.") from None
    if not value.is_finite():
        raise ValueError_("Värdet måste vara ett tal.")
    return value


def check(measure_key: str, raw_value, unit: str) -> Checked:
    measure = MEASURES.get(measure_key)
    if measure is None:
        raise ValueError_(f"Okänt mått: {measure_key}.")
    value = _number(raw_value)
    if unit == measure.unit:
        factor = Decimal(1)
    elif unit in measure.conversions:
        factor = measure.conversions[unit]
    else:
        accepted = ", ".join([measure.unit, *measure.conversions])
        raise ValueError_(
            f"Enheten {unit or '(saknas)'} passar inte för {measure.label.lower()} "
            f"(godtas: {accepted})."
        )
    value = (value * factor).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    low, high = measure.plausible
    if not low <= value <= high:
        raise ValueError_(
            f"{measure.label} {format_value(value, measure)} {measure.unit_label} är inte ett "
            f"möjligt värde (möjligt: {format_value(low, measure)}–"
            f"{format_value(high, measure)} {measure.unit_label})."
        )
    return Checked(measure, value)


def format_value(value: Decimal, measure: Measure) -> str:
    text = f"{value:.{measure.decimals}f}" if measure.decimals else f"{value.normalize():f}"
    return text.replace(".", ",")
