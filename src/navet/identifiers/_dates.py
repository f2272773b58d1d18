"""Birth-date rules shared by identity numbers and reserve numbers.

A birth date may be partial: a samordningsnummer can have birth month `00` and/or day `60`
(= 00 + 60) when the person's birth date is not fully known; Skatteverket's official test series
contains such numbers. Unknown parts are passed here as None.
"""

from __future__ import annotations

from datetime import date

from navet.identifiers.errors import IdentifierError

# Skatteverket stores the century as 18, 19 or 20; anything earlier is a typo, not a person.
MIN_BIRTH_YEAR = 1800


def validate_birth_date(year: int, month: int | None, day: int | None, value: str) -> date | None:
    """Return the birth date, or None when the month or day is unknown.

    Raises IdentifierError("invalid_date") when the parts cannot form a real date (including any
    year before MIN_BIRTH_YEAR). A known day with an unknown month may be 1–31.
    """
    if year < MIN_BIRTH_YEAR or (month is not None and not 1 <= month <= 12):
        raise IdentifierError("invalid_date", value)
    if day is not None and not 1 <= day <= 31:
        raise IdentifierError("invalid_date", value)
    if month is None or day is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:  # e.g. 30 February, 29 February in a common year
        raise IdentifierError("invalid_date", value) from None


def earliest_possible(year: int, month: int | None, day: int | None) -> tuple[int, int, int]:
    """The earliest (year, month, day) a possibly partial birth date can mean, for comparisons.

    A tuple rather than a date, so that it also works before the parts are validated.
    """
    return (year, month or 1, day or 1)


def reject_future(
    year: int, month: int | None, day: int | None, reference: date, value: str
) -> None:
    """Raise IdentifierError("future_date") if the person cannot have been born by `reference`."""
    if earliest_possible(year, month, day) > (reference.year, reference.month, reference.day):
        raise IdentifierError("future_date", value)
