"""Display formats for Navet's templates (Swedish conventions: ISO dates, comma decimals)."""

from django import template
from django.utils import formats, timezone

from navet.residents.services import person_age

register = template.Library()


@register.filter
def identity_number(normalised: str) -> str:
    """A stored identity number in display form: "19460113-6098", "19450312-R0042"."""
    if not normalised or len(normalised) < 9:
        return normalised or ""
    return f"{normalised[:8]}-{normalised[8:]}"


@register.filter
def age(person) -> int:
    """The person's age today (at death, if dead)."""
    return person_age(person, timezone.localdate())


@register.filter
def isodate(value) -> str:
    return value.isoformat() if value else ""


@register.filter
def period(record) -> str:
    """A period record's validity: "2021-03-01 –" or "2019-01-01 – 2021-02-28"."""
    start = record.valid_from.isoformat()
    if record.valid_to is None:
        return f"från {start}"
    return f"{start} – {record.valid_to.isoformat()}"


@register.filter
def percent(share) -> str:
    """0.5432 → "54,3 %"; None → "–"."""
    if share is None:
        return "–"
    return f"{formats.number_format(share * 100, 1, use_l10n=True)}\u00a0%"


@register.filter
def fte(value) -> str:
    """A full-time share without trailing zeros: 1 → "1", 0.75 → "0,75"."""
    text = formats.number_format(value, 2, use_l10n=True)
    return text.rstrip("0").rstrip(",.") if "," in text or "." in text else text


@register.filter
def genitive(name) -> str:
    """Swedish genitive of a name: "Leo" → "Leos", "Lukas" → "Lukas" (no s after s, x, z)."""
    name = str(name or "")
    return name if name[-1:].lower() in ("s", "x", "z") else f"{name}s"
