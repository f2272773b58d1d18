"""Vital signs of a consultation question: each with its unit (UCUM) and the range outside which
a value is impossible in a living person (a typing error, or the wrong unit), not merely
abnormal. An abnormal value is exactly what the doctor needs to see; an impossible one is
refused with the reason."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation


@dataclass(frozen=True)
class Vital:
    field: str
    label: str
    unit: str  # shown in the UI
    ucum: str
    low: Decimal
    high: Decimal
    decimals: int = 0


VITALS = (
    Vital("pulse", "Puls", "slag/min", "/min", Decimal(20), Decimal(250)),
    Vital("systolic", "Systoliskt blodtryck", "mmHg", "mm[Hg]", Decimal(50), Decimal(300)),
    Vital("diastolic", "Diastoliskt blodtryck", "mmHg", "mm[Hg]", Decimal(20), Decimal(200)),
    Vital("respiratory_rate", "Andningsfrekvens", "andetag/min", "/min", Decimal(4), Decimal(60)),
    Vital("spo2", "Syremättnad", "%", "%", Decimal(50), Decimal(100)),
    Vital("temperature", "Temperatur", "°C", "Cel", Decimal(30), Decimal("43.0"), 1),
)
BY_FIELD = {v.field: v for v in VITALS}


def _fmt(value: Decimal, vital: Vital) -> str:
    return f"{value:.{vital.decimals}f}".replace(".", ",")


def parse(vital: Vital, raw) -> tuple[Decimal | int | None, str]:
    """(value, "") or (None, the Swedish reason it is refused); blank is (None, "")."""
    text = str(raw if raw is not None else "").strip().replace(",", ".")
    if not text:
        return None, ""
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None, f"Skriv {vital.label.lower()} som ett tal i {vital.unit}."
    if not value.is_finite():
        return None, f"Skriv {vital.label.lower()} som ett tal i {vital.unit}."
    if value != round(value, vital.decimals):
        return None, f"Ange {vital.label.lower()} med högst {vital.decimals} decimaler."
    if not vital.low <= value <= vital.high:
        return None, (
            f"{vital.label} {_fmt(value, vital)} {vital.unit} är inte möjligt "
            f"(rimligt {_fmt(vital.low, vital)}–{_fmt(vital.high, vital)} {vital.unit}). "
            "Kontrollera värdet och enheten."
        )
    return (value if vital.decimals else int(value)), ""


def validate(raw: dict) -> tuple[dict, dict[str, str]]:
    """All vital signs at once: (values by field, reasons by field)."""
    values, errors = {}, {}
    for vital in VITALS:
        value, reason = parse(vital, raw.get(vital.field))
        if reason:
            errors[vital.field] = reason
        values[vital.field] = value
    sys_, dia = values.get("systolic"), values.get("diastolic")
    if sys_ is not None and dia is not None and dia >= sys_:
        errors["diastolic"] = "Det diastoliska trycket måste vara lägre än det systoliska."
    if (sys_ is None) != (dia is None) and not errors:
        errors["systolic"] = "Ange både systoliskt och diastoliskt blodtryck, eller inget."
    return values, errors


def shown(consultation) -> list[tuple[str, str]]:
    """(label, value with unit) of the measured vital signs, for the pages."""
    out = []
    for vital in VITALS:
        value = getattr(consultation, vital.field)
        if value is not None:
            out.append((vital.label, f"{_fmt(Decimal(value), vital)} {vital.unit}"))
    return out
