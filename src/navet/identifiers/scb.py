"""SCB (Statistics Sweden) county and municipality codes.

Codes are strings: a county code (länskod) is exactly two digits, a municipality code (kommunkod)
exactly four, whose first two are its county code, e.g. "1980" Västerås in "19" Västmanland.
Leading zeros matter ("0180" Stockholm), so input is never zero-padded or stripped of them: "1"
is rejected, not read as "01". Only surrounding whitespace is ignored.
"""

from __future__ import annotations

import re
from collections.abc import Container

from navet.identifiers.errors import IdentifierError

# The 21 current counties (since 1998); 02, 11, 15 and 16 were merged away.
COUNTY_NAMES: dict[str, str] = {
    "01": "Stockholms län",
    "03": "Uppsala län",
    "04": "Södermanlands län",
    "05": "Östergötlands län",
    "06": "Jönköpings län",
    "07": "Kronobergs län",
    "08": "Kalmar län",
    "09": "Gotlands län",
    "10": "Blekinge län",
    "12": "Skåne län",
    "13": "Hallands län",
    "14": "Västra Götalands län",
    "17": "Värmlands län",
    "18": "Örebro län",
    "19": "Västmanlands län",
    "20": "Dalarnas län",
    "21": "Gävleborgs län",
    "22": "Västernorrlands län",
    "23": "Jämtlands län",
    "24": "Västerbottens län",
    "25": "Norrbottens län",
}

_TWO_DIGITS = re.compile(r"[0-9]{2}")
_FOUR_DIGITS = re.compile(r"[0-9]{4}")


def parse_county_code(text: str) -> str:
    """Return the two-digit county code. Raises IdentifierError empty, invalid_code_format or
    unknown_county."""
    value = _stripped(text)
    if _TWO_DIGITS.fullmatch(value) is None:
        raise IdentifierError("invalid_code_format", text, "länskoden ska vara två siffror")
    if value not in COUNTY_NAMES:
        raise IdentifierError("unknown_county", text)
    return value


def parse_municipality_code(text: str, *, known: Container[str] | None = None) -> str:
    """Return the four-digit municipality code.

    The first two digits must be a current county code. When `known` is given (e.g. the codes in
    shared/data/municipalities.csv), the code must also be in it. Raises IdentifierError empty,
    invalid_code_format, unknown_county or unknown_municipality.
    """
    value = _stripped(text)
    if _FOUR_DIGITS.fullmatch(value) is None:
        raise IdentifierError("invalid_code_format", text, "kommunkoden ska vara fyra siffror")
    if value[:2] not in COUNTY_NAMES:
        raise IdentifierError("unknown_county", text, "kommunkoden börjar med en okänd länskod")
    if known is not None and value not in known:
        raise IdentifierError("unknown_municipality", text)
    return value


def county_of(municipality_code: str) -> str:
    """The county code of a municipality code, e.g. "19" for "1980". Validates like
    `parse_municipality_code` without a known set."""
    return parse_municipality_code(municipality_code)[:2]


def is_valid_county_code(text: str) -> bool:
    """Convenience: True if `parse_county_code` accepts `text`."""
    try:
        parse_county_code(text)
    except IdentifierError:
        return False
    return True


def is_valid_municipality_code(text: str, *, known: Container[str] | None = None) -> bool:
    """Convenience: True if `parse_municipality_code` accepts `text`."""
    try:
        parse_municipality_code(text, known=known)
    except IdentifierError:
        return False
    return True


def _stripped(text: str) -> str:
    if not isinstance(text, str):
        raise TypeError(f"expected str, got {type(text).__name__}")
    value = text.strip()
    if not value:
        raise IdentifierError("empty", text)
    return value
