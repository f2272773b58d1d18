"""Status, judgement and measure values as the roadmap's pages show them."""

from __future__ import annotations

from decimal import Decimal

from django import forms, template
from django.utils import formats
from django.utils.html import format_html

from navet.roadmap.models import ActivityStatus, Judgement, TargetUnit

register = template.Library()


@register.simple_tag
def status_badge(status: str) -> str:
    label = ActivityStatus(status).label if status in ActivityStatus.values else status
    return format_html('<span class="status status-{}">{}</span>', status, label)


@register.simple_tag
def judgement_badge(judgement: str) -> str:
    if not judgement:
        return format_html('<span class="light">{}</span>', Judgement.NONE.label)
    return format_html(
        '<span class="light light-{}">{}</span>', judgement, Judgement(judgement).label
    )


@register.filter
def measure(value, target) -> str:
    """A value in the target's unit: 76 → "76 %", 1100 → "1 100"; None → "–"."""
    if value is None:
        return "–"
    # Rounded first: number_format cuts a computed float's decimals off instead of rounding.
    number = value if isinstance(value, Decimal) else Decimal(str(round(float(value), 1)))
    places = 0 if number == number.to_integral_value() else 1
    text = formats.number_format(number, places, use_l10n=True, force_grouping=True)
    if getattr(target, "unit", "") == TargetUnit.PERCENT:
        return f"{text}\u00a0%"
    label = getattr(target, "unit_label", "")
    return f"{text} {label}".strip() if label and target.unit == TargetUnit.NUMBER else text


@register.filter
def error_anchor(field) -> str:
    """The id a link in the error summary should point to (the first box of a choice list)."""
    widget = field.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{field.auto_id}_0"
    return field.auto_id


@register.filter
def dates(activity) -> str:
    start, end = activity.starts_on, activity.ends_on
    if not start and not end:
        return "Tidsram ej angiven"
    return f"{start.isoformat() if start else '…'} – {end.isoformat() if end else '…'}"
