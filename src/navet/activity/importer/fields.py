"""Field parsers: one raw value from a CSV cell (str) or a Parquet cell (native type) to the
value Navet stores. A parser raises `FieldError` with a Swedish reason; empty values never reach
a parser (the caller decides whether the column may be empty).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime

from navet.identifiers import IdentifierError, parse_hsa_id, parse_identity_number

Parser = Callable[[object], object]

SOURCE_ID_MAX_LENGTH = 64
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_ICD10 = re.compile(r"([A-Z][0-9]{2})(?:\.?([0-9][0-9A-Z]{0,3}))?")
_TRUE = frozenset({"true", "1", "ja"})
_FALSE = frozenset({"false", "0", "nej"})
TIMESTAMP_EXAMPLE = "2025-03-01T08:15:00+01:00"


class FieldError(ValueError):
    """A value was rejected; `reason` is Swedish and does not repeat the value."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _wrong_type(value: object) -> FieldError:
    return FieldError(f"fel datatyp ({type(value).__name__})")


def _text(value: object) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise _wrong_type(value)


def cached(parser: Parser) -> Parser:
    """Memoise a parser over repeated raw values (units, persons, dates, enums repeat a lot).

    The cache lives as long as the returned function: make one per import run.
    """
    memo: dict[tuple[type, object], object] = {}

    def parse(value: object) -> object:
        key = (type(value), value)  # keep True apart from 1 and a date apart from a datetime
        try:
            result = memo[key]
        except KeyError:
            try:
                result = parser(value)
            except FieldError as error:
                result = error
            memo[key] = result
        if isinstance(result, FieldError):
            raise result
        return result

    return parse


def parse_source_id(value: object) -> str:
    text = _text(value)
    if len(text) > SOURCE_ID_MAX_LENGTH:
        raise FieldError(f"får vara högst {SOURCE_ID_MAX_LENGTH} tecken")
    return text


def parse_identity(value: object) -> str:
    """Personnummer, samordningsnummer or reservnummer, returned normalised (the person key)."""
    try:
        return parse_identity_number(_text(value)).normalised
    except IdentifierError as error:
        raise FieldError(error.message) from None


def parse_hsa(value: object) -> str:
    try:
        return parse_hsa_id(_text(value))
    except IdentifierError as error:
        raise FieldError(error.message) from None


def parse_date(value: object) -> date:
    if isinstance(value, datetime):
        raise FieldError("tidsstämpel där ett datum förväntas (ÅÅÅÅ-MM-DD)")
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise _wrong_type(value)
    text = value.strip()
    try:
        if _DATE.fullmatch(text):
            return date.fromisoformat(text)
    except ValueError:
        raise FieldError("ogiltigt datum") from None
    raise FieldError("ogiltigt datum (förväntat ÅÅÅÅ-MM-DD)")


def parse_timestamp(value: object) -> datetime:
    """ISO 8601 with an offset or Z; returned as an aware datetime in UTC."""
    if isinstance(value, str):
        text = value.strip()
        try:
            parsed = datetime.fromisoformat(text) if _TIMESTAMP.match(text) else None
        except ValueError:
            parsed = None
        if parsed is None:
            raise FieldError(f"ogiltig tidsstämpel (förväntat t.ex. {TIMESTAMP_EXAMPLE})")
    elif isinstance(value, datetime):
        parsed = value
    else:
        raise _wrong_type(value)
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise FieldError(f"tidsstämpel utan tidszon (ange t.ex. {TIMESTAMP_EXAMPLE} eller Z)")
    return parsed.astimezone(UTC)


def parse_bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise FieldError("ogiltigt sanningsvärde; tillåtna: true, false, 1, 0, ja, nej")


def parse_icd10(value: object) -> str:
    """ICD-10(-SE) code, upper case with a dot after the category: "n390" -> "N39.0"."""
    text = _text(value).upper()
    match = _ICD10.fullmatch(text)
    if match is None:
        raise FieldError("ogiltig ICD-10-kod (förväntat t.ex. I50, J44.1 eller N390)")
    category, detail = match.groups()
    return f"{category}.{detail}" if detail else category


def choice_parser(choices: type) -> Parser:
    """Parser for a TextChoices class; matching ignores case, the stored value is canonical."""
    allowed = {str(value).lower(): str(value) for value in choices.values}
    listing = ", ".join(allowed.values())

    def parse(value: object) -> str:
        try:
            return allowed[_text(value).lower()]
        except KeyError:
            raise FieldError(f"okänt värde; tillåtna: {listing}") from None

    return parse
