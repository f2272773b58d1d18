"""Swedish personal identity numbers: personnummer, samordningsnummer and Navet's reservnummer.

Accepted input (surrounding whitespace is ignored):

    YYMMDDNNNC   YYMMDD-NNNC   YYMMDD+NNNC   YYYYMMDDNNNC   YYYYMMDD-NNNC
    YYYYMMDDRNNNN   YYYYMMDD-RNNNN   (reserve numbers, see `reserve.py`; "r" also accepted)

NNN is the birth serial (its last digit is odd for men, even for women) and C the Luhn check digit
of the nine digits YYMMDDNNN, so that the ten-digit form passes Luhn. A samordningsnummer
(coordination number) has 60 added to the day (61–91); month `00` or day `60` mean that part of
the birth date is unknown.

Century of a ten-digit form, relative to a reference date (default: today):

* `-` or no separator: the latest century in which the birth date is not in the future;
* `+`: the person turns 100 or more in the reference year (Folkbokföringslagen 18 §: the hyphen
  "byts mot ett plustecken det år en person fyller 100 år"), i.e. was born 100–199 calendar
  years before it.

A twelve-digit form carries its century; `+` there is an error. Any birth date after the reference
date is rejected. Stored form: twelve digits, e.g. "194601136098"; reserve numbers "19450312R0042".

`stdnum.se.personnummer` is not used for parsing because it rejects coordination numbers and
infers the century from today's date; the check digit is verified with `stdnum.luhn`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from stdnum import luhn

from navet.identifiers import reserve
from navet.identifiers._dates import earliest_possible, reject_future, validate_birth_date
from navet.identifiers.errors import IdentifierError

_DIGITS = frozenset("0123456789")  # not str.isdigit(), which also accepts "²" and "٣"
_SEPARATORS = frozenset("-+")
_COORDINATION_OFFSET = 60


class IdentityKind(enum.Enum):
    PERSONAL_IDENTITY_NUMBER = "personnummer"
    COORDINATION_NUMBER = "samordningsnummer"
    RESERVE_NUMBER = "reservnummer"


@dataclass(frozen=True)
class IdentityNumber:
    """A validated identity number. Build it with `parse_identity_number` or `make_reserve_number`.

    normalised: stored form, 12 digits ("194601136098") or a reserve number ("19450312R0042").
    birth_date: the real birth date (day minus 60 for a samordningsnummer); None only for a
        samordningsnummer whose birth month or day is unknown (`00`).
    sex: "M" (odd) or "F" (even) from the last serial digit; None for reserve numbers.
    """

    kind: IdentityKind
    normalised: str
    birth_date: date | None
    sex: str | None

    def __str__(self) -> str:
        return self.format_long()

    @property
    def birth_year(self) -> int:
        """The birth year, known even when the rest of the birth date is not."""
        return int(self.normalised[:4])

    def format_long(self) -> str:
        """Display form with the full year: "19460113-6098", "19450312-R0042"."""
        return f"{self.normalised[:8]}-{self.normalised[8:]}"

    def format_short(self, reference_date: date | None = None) -> str:
        """Ten-digit form as Skatteverket prints it on `reference_date` (default today).

        "460113-6098", or "460113+6098" from the calendar year in which the person turns 100.
        Reserve numbers have no short form and are returned in their long form. Raises
        IdentifierError future_date if the person is not yet born on `reference_date`, and
        ambiguous_century if they would be 200 or older (ten digits cannot express that).
        """
        if self.kind is IdentityKind.RESERVE_NUMBER:
            return self.format_long()
        reference = reference_date or date.today()
        year, month, day = _date_parts(self.normalised)
        reject_future(year, month, day, reference, self.normalised)
        age_in_years = reference.year - year
        if age_in_years >= 200:
            raise IdentifierError("ambiguous_century", self.normalised)
        separator = "+" if age_in_years >= 100 else "-"
        return f"{self.normalised[2:8]}{separator}{self.normalised[8:]}"


def parse_identity_number(text: str, *, reference_date: date | None = None) -> IdentityNumber:
    """Parse a personnummer, samordningsnummer or reserve number; see the module docstring.

    `reference_date` (default today) decides the century of ten-digit forms and what counts as a
    future birth date. Raises IdentifierError (codes: empty, invalid_characters, wrong_length,
    invalid_separator, invalid_date, future_date, wrong_check_digit, invalid_reserve_number) and
    TypeError if `text` is not a str.
    """
    if not isinstance(text, str):
        raise TypeError(f"expected str, got {type(text).__name__}")
    reference = reference_date or date.today()
    if not text.strip():
        raise IdentifierError("empty", text)
    if reserve.looks_like_reserve_number(text):
        birth_date, serial = reserve.parse_reserve_parts(text, reference)
        return _reserve_identity(birth_date, serial)
    return _parse_numeric(text, reference)


def is_valid_identity_number(text: str, *, reference_date: date | None = None) -> bool:
    """Convenience: True if `parse_identity_number` accepts `text`."""
    try:
        parse_identity_number(text, reference_date=reference_date)
    except IdentifierError:
        return False
    return True


def make_reserve_number(
    birth_date: date, serial: int, *, reference_date: date | None = None
) -> IdentityNumber:
    """Build a reserve number from a birth date and a serial 1–9999.

    Raises IdentifierError invalid_reserve_number (serial out of range), invalid_date (year before
    1800) or future_date (after `reference_date`, default today).
    """
    if not isinstance(birth_date, date):
        raise TypeError(f"birth_date must be a date, got {type(birth_date).__name__}")
    if isinstance(serial, bool) or not isinstance(serial, int):
        raise TypeError(f"serial must be int, got {type(serial).__name__}")
    if not reserve.MIN_SERIAL <= serial <= reserve.MAX_SERIAL:
        raise IdentifierError("invalid_reserve_number", serial)
    # Going through the parser applies exactly the same date rules as for typed-in numbers.
    text = reserve.normalise_reserve_number(birth_date, serial)
    parsed_date, parsed_serial = reserve.parse_reserve_parts(text, reference_date or date.today())
    return _reserve_identity(parsed_date, parsed_serial)


def _reserve_identity(birth_date: date, serial: int) -> IdentityNumber:
    return IdentityNumber(
        kind=IdentityKind.RESERVE_NUMBER,
        normalised=reserve.normalise_reserve_number(birth_date, serial),
        birth_date=birth_date,
        sex=None,
    )


def _parse_numeric(text: str, reference: date) -> IdentityNumber:
    """Parse a personnummer or samordningsnummer in any accepted digit form.

    Errors carry `text` exactly as given; the checks work on its stripped form.
    """
    value = text.strip()
    if not set(value) <= _DIGITS | _SEPARATORS:
        raise IdentifierError("invalid_characters", text)
    digits = "".join(c for c in value if c in _DIGITS)
    separators = [c for c in value if c in _SEPARATORS]
    if len(digits) not in (10, 12):
        raise IdentifierError("wrong_length", text)
    separator = separators[0] if separators else ""
    if separator and (len(separators) > 1 or value[-5] != separator):
        raise IdentifierError("invalid_separator", text)
    if separator == "+" and len(digits) == 12:  # the full year already says the person is 100+
        raise IdentifierError("invalid_separator", text)

    ten = digits[-10:]
    month, day_field = int(ten[2:4]), int(ten[4:6])
    is_coordination = day_field >= _COORDINATION_OFFSET
    if is_coordination:
        day_field -= _COORDINATION_OFFSET
    elif month == 0 or day_field == 0:  # only coordination numbers may hide date parts
        raise IdentifierError("invalid_date", text)
    month_or_none, day_or_none = month or None, day_field or None
    if len(digits) == 12:
        year = int(digits[:4])
    else:
        year = _infer_year(int(ten[:2]), month_or_none, day_or_none, separator, reference)

    birth_date = validate_birth_date(year, month_or_none, day_or_none, text)
    reject_future(year, month_or_none, day_or_none, reference, text)
    if not luhn.is_valid(ten):
        raise IdentifierError("wrong_check_digit", text)
    return IdentityNumber(
        kind=(
            IdentityKind.COORDINATION_NUMBER
            if is_coordination
            else IdentityKind.PERSONAL_IDENTITY_NUMBER
        ),
        normalised=f"{year:04d}{ten[2:]}",
        birth_date=birth_date,
        sex="M" if int(ten[-2]) % 2 else "F",
    )


def _infer_year(yy: int, month: int | None, day: int | None, separator: str, ref: date) -> int:
    """Full birth year of a ten-digit form; the rule is in the module docstring."""
    latest = ref.year - (ref.year - yy) % 100  # the latest year <= ref.year ending in yy
    if separator == "+":
        return latest - 100
    if earliest_possible(latest, month, day) > (ref.year, ref.month, ref.day):
        return latest - 100
    return latest


def _date_parts(normalised: str) -> tuple[int, int | None, int | None]:
    """(year, month, day) of a twelve-digit number; None for an unknown part, day minus 60."""
    month, day = int(normalised[4:6]), int(normalised[6:8]) % _COORDINATION_OFFSET
    return int(normalised[:4]), month or None, day or None
