"""SCB county and municipality codes."""

from __future__ import annotations

import pytest

from navet.identifiers import (
    COUNTY_NAMES,
    IdentifierError,
    county_of,
    is_valid_county_code,
    is_valid_municipality_code,
    parse_county_code,
    parse_municipality_code,
)
from navet.identifiers.tests.support import read_csv

# The 21 current counties, as the task lists them (02, 11, 15 and 16 were merged away).
CURRENT_COUNTIES = "01 03 04 05 06 07 08 09 10 12 13 14 17 18 19 20 21 22 23 24 25".split()  # noqa: SIM905


def _code(call, *args, **kwargs) -> IdentifierError:
    with pytest.raises(IdentifierError) as caught:
        call(*args, **kwargs)
    return caught.value


def test_the_21_current_counties_have_swedish_names():
    assert sorted(COUNTY_NAMES) == CURRENT_COUNTIES
    assert COUNTY_NAMES["19"] == "Västmanlands län"
    assert all(name.endswith(" län") for name in COUNTY_NAMES.values())


@pytest.mark.parametrize("code", CURRENT_COUNTIES)
def test_valid_county_codes(code):
    assert parse_county_code(code) == code
    assert parse_county_code(f" {code} ") == code
    assert is_valid_county_code(code)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("1", "invalid_code_format"),  # never zero-padded: codes are two-character strings
        ("001", "invalid_code_format"),
        ("1a", "invalid_code_format"),
        ("١٩", "invalid_code_format"),
        ("", "empty"),
        ("00", "unknown_county"),
        ("02", "unknown_county"),
        ("11", "unknown_county"),
        ("26", "unknown_county"),
        ("99", "unknown_county"),
    ],
)
def test_invalid_county_codes(text, code):
    assert _code(parse_county_code, text).code == code
    assert not is_valid_county_code(text)


def test_valid_municipality_code():
    assert parse_municipality_code("1980") == "1980"
    assert parse_municipality_code(" 0180 ") == "0180"
    assert county_of("1980") == "19"
    assert county_of("0180") == "01"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("180", "invalid_code_format"),  # wrong length: "0180" must keep its zero
        ("19800", "invalid_code_format"),
        ("19 80", "invalid_code_format"),
        ("198O", "invalid_code_format"),
        (" ", "empty"),
        ("9980", "unknown_county"),
        ("0280", "unknown_county"),
    ],
)
def test_invalid_municipality_codes(text, code):
    err = _code(parse_municipality_code, text)
    assert err.code == code
    assert not is_valid_municipality_code(text)


def test_wrong_length_message_is_swedish():
    assert "fyra siffror" in str(_code(parse_municipality_code, "180"))
    assert "två siffror" in str(_code(parse_county_code, "1"))


def test_county_of_validates():
    assert _code(county_of, "9980").code == "unknown_county"


def test_known_set():
    known = {"1980", "1907"}
    assert parse_municipality_code("1980", known=known) == "1980"
    err = _code(parse_municipality_code, "1981", known=known)
    assert err.code == "unknown_municipality"
    assert "okänd kommunkod" in str(err)
    assert is_valid_municipality_code("1907", known=known)
    assert not is_valid_municipality_code("1981", known=known)


def test_reference_municipalities_parse_and_belong_to_their_county():
    rows = read_csv("municipalities.csv")
    assert rows
    known = frozenset(row["municipality_code"] for row in rows)
    for row in rows:
        code = parse_municipality_code(row["municipality_code"], known=known)
        assert county_of(code) == parse_county_code(row["county_code"])
        assert COUNTY_NAMES[county_of(code)] == row["county_name"]
