"""Reserve numbers (reservnummer): Navet's own identity for people without a Swedish number.

Format (Navet-specific, not a national standard):

    normalised   YYYYMMDDRNNNN     e.g. "19450312R0042"  (13 characters, stored form)
    formatted    YYYYMMDD-RNNNN    e.g. "19450312-R0042" (display form)

* YYYYMMDD is the person's birth date (a real, complete date, year 1800 or later, not in the
  future);
* "R" is a literal letter (accepted in either case on input, always upper case in output);
* NNNN is a serial 0001–9999 that tells apart people born the same day.

Because it contains a letter a reserve number can never be mistaken for, or collide with, a
personnummer or samordningsnummer, which are digits only. It has no check digit and says nothing
about sex. This module only knows the format; `personal.py` wraps it in `IdentityNumber`.
"""

from __future__ import annotations

import re
from datetime import date

from navet.identifiers._dates import reject_future, validate_birth_date
from navet.identifiers.errors import IdentifierError

MIN_SERIAL = 1
MAX_SERIAL = 9999

# Anything that starts like a reserve number is parsed as one, so that a malformed reserve number
# gets "ogiltigt reservnummer" rather than a confusing personnummer error.
_RESERVE_LIKE = re.compile(r"[0-9]{8}[-+]?[Rr].*", re.DOTALL)
_RESERVE = re.compile(r"(?P<date>[0-9]{8})-?[Rr](?P<serial>[0-9]{4})")


def looks_like_reserve_number(text: str) -> bool:
    """True if `text`, stripped, starts like a reserve number (it may still be invalid)."""
    return _RESERVE_LIKE.fullmatch(text.strip()) is not None


def parse_reserve_parts(text: str, reference: date) -> tuple[date, int]:
    """Split a reserve number (surrounding whitespace ignored) into (birth_date, serial).

    Raises IdentifierError with code invalid_reserve_number (shape or serial), invalid_date or
    future_date (birth date after `reference`); the error's value is `text` as given.
    """
    match = _RESERVE.fullmatch(text.strip())
    if match is None:
        raise IdentifierError("invalid_reserve_number", text)
    digits = match["date"]
    year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:])
    validate_birth_date(year, month, day, text)
    reject_future(year, month, day, reference, text)
    serial = int(match["serial"])
    if not MIN_SERIAL <= serial <= MAX_SERIAL:
        raise IdentifierError("invalid_reserve_number", text)
    return date(year, month, day), serial


def normalise_reserve_number(birth_date: date, serial: int) -> str:
    """The stored form "YYYYMMDDRNNNN" of already validated parts."""
    return f"{birth_date.year:04d}{birth_date.month:02d}{birth_date.day:02d}R{serial:04d}"
