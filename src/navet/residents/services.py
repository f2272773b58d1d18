"""Rules about residents that are not queries: age, and how a search text is understood.

Writes (listing changes, named contacts) come with issue "Listing and named contacts".
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from navet.identifiers import IdentifierError, parse_identity_number

# Longer search texts are cut: nobody's name is longer, and a bound keeps the queries cheap.
MAX_QUERY_LENGTH = 100


def age_in_years(birth_date: date, on: date) -> int:
    """Completed years on `on`; someone born on 29 February turns a year older on 1 March."""
    years = on.year - birth_date.year
    if (on.month, on.day) < (birth_date.month, birth_date.day):
        years -= 1
    return max(years, 0)


def person_age(person, on: date) -> int:
    """The person's age on `on`, or at death if they died before it."""
    if person.death_date is not None and person.death_date < on:
        on = person.death_date
    return age_in_years(person.birth_date, on)


class QueryKind(enum.Enum):
    EMPTY = "empty"
    IDENTIFIER = "identifier"
    NAME = "name"
    INVALID = "invalid"


@dataclass(frozen=True)
class PersonQuery:
    """A resident search text, understood.

    IDENTIFIER: `identifier` is the normalised identity number (as in Person.identifier).
    NAME: `name_terms` are the words, in the order typed ("förnamn efternamn" or "efternamn").
    INVALID: the text looks like an identity number but is not one; `error` says why, in Swedish.
    """

    text: str
    kind: QueryKind
    identifier: str = ""
    name_terms: tuple[str, ...] = ()
    error: str = ""


def parse_person_query(text: str | None, *, reference_date: date | None = None) -> PersonQuery:
    """Understand a search text: an identity number in any accepted form, or a name.

    A text with a digit in it is taken as an identity number (names have no digits): personnummer,
    samordningsnummer or reservnummer, with or without separator, 10 or 12 digits; spaces inside are
    ignored. Anything else is a name.
    """
    stripped = " ".join((text or "").split())[:MAX_QUERY_LENGTH]
    if not stripped:
        return PersonQuery(text="", kind=QueryKind.EMPTY)
    if any(c.isdigit() for c in stripped):
        try:
            number = parse_identity_number(stripped.replace(" ", ""), reference_date=reference_date)
        except IdentifierError as error:
            return PersonQuery(text=stripped, kind=QueryKind.INVALID, error=error.message)
        return PersonQuery(text=stripped, kind=QueryKind.IDENTIFIER, identifier=number.normalised)
    return PersonQuery(text=stripped, kind=QueryKind.NAME, name_terms=tuple(stripped.split(" ")))
