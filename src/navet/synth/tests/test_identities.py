"""Identity numbers: test list only, reserve numbers in make_reserve_number's format."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from navet.identifiers import make_reserve_number, parse_identity_number
from navet.synth.errors import OutputCheckError
from navet.synth.identities import (
    PERSONAL,
    RESERVE,
    assign_identities,
    reserve_numbers,
    skatteverket_numbers,
)
from navet.synth.rng import stream
from navet.synth.timeutil import NEVER, day_number, to_date

END = day_number(date(2025, 12, 31))


def _people(n: int, year: int) -> dict:
    rng = np.random.default_rng(3)
    birth = day_number(date(year, 1, 1)) + rng.integers(0, 365, n)
    return {
        "sex": rng.integers(0, 2, n).astype(np.int8),
        "birth_day": birth,
        "death_day": np.full(n, NEVER, dtype=np.int64),
    }


def test_reserve_numbers_match_make_reserve_number():
    days = np.array([day_number(date(1945, 3, 12))] * 3 + [day_number(date(2024, 2, 29))])
    numbers = reserve_numbers(days, "19")
    expected = [
        make_reserve_number(to_date(d), s, reference_date=date(2025, 12, 31)).normalised
        for d, s in zip(days, [7601, 7602, 7603, 7601], strict=True)
    ]
    assert numbers.tolist() == expected


def test_reserve_serials_differ_between_counties():
    day = np.array([day_number(date(1980, 5, 5))])
    assert reserve_numbers(day, "19")[0] != reserve_numbers(day, "24")[0]


def test_numbers_follow_birth_year_and_sex():
    people = _people(300, 1995)
    assign_identities(people, "19", END, stream(1, "19", "ids"))
    listed = people["identifier_kind"] != RESERVE
    assert listed.sum() > 100
    for number, sex, birth in zip(
        people["identifier"][listed],
        people["sex"][listed],
        people["birth_day"][listed],
        strict=True,
    ):
        parsed = parse_identity_number(str(number), reference_date=date(2025, 12, 31))
        assert parsed.birth_date == to_date(birth)
        assert parsed.sex == ("M" if sex else "F")


def test_taken_numbers_are_skipped():
    people = _people(200, 1996)
    assign_identities(people, "19", END, stream(1, "19", "ids"))
    used = frozenset(people["identifier"][people["identifier_kind"] == PERSONAL].tolist())
    again = _people(200, 1996)
    assign_identities(again, "19", END, stream(1, "19", "ids"), taken=used)
    assert not used & set(again["identifier"].tolist())


def test_every_listed_number_is_from_the_file():
    people = _people(500, 2001)
    assign_identities(people, "19", END, stream(2, "19", "ids"))
    official = set(skatteverket_numbers()["number"].tolist())
    for number, kind in zip(people["identifier"], people["identifier_kind"], strict=True):
        assert (str(number) in official) == (kind != RESERVE)


def test_check_rejects_a_number_outside_the_list(realistic):
    from navet.synth.checks import check_identities

    persons = dict(realistic.persons)
    persons["identifier"] = persons["identifier"].copy()
    row = int(np.flatnonzero(persons["identifier_kind"] == PERSONAL)[0])
    persons["identifier"][row] = "194601136098"  # valid Luhn, but not in the test list
    with pytest.raises(OutputCheckError) as error:
        check_identities(persons, date(2025, 12, 31))
    message = str(error.value)
    assert "persons.parquet" in message and f"rad {row}" in message
    assert "identity_number" in message and "194601136098" in message
