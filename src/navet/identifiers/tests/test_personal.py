"""Specific cases for personnummer and samordningsnummer (numbers from the official test series
where possible)."""

from __future__ import annotations

from datetime import date

import pytest

from navet.identifiers import (
    IdentifierError,
    IdentityKind,
    is_valid_identity_number,
    parse_identity_number,
)
from navet.identifiers.tests.support import with_check_digit

REF = date(2025, 6, 1)
PNR = "194601136098"  # test series: man born 1946-01-13
SAMNR = "197001782395"  # test series: man born 1970-01-18


def _error(text: str, reference: date = REF) -> IdentifierError:
    with pytest.raises(IdentifierError) as caught:
        parse_identity_number(text, reference_date=reference)
    return caught.value


@pytest.mark.parametrize(
    "text",
    [PNR, "19460113-6098", "4601136098", "460113-6098", "  460113-6098\n", "\t194601136098 "],
)
def test_accepted_forms_of_a_personnummer(text):
    parsed = parse_identity_number(text, reference_date=REF)
    assert parsed.kind is IdentityKind.PERSONAL_IDENTITY_NUMBER
    assert parsed.normalised == PNR
    assert parsed.birth_date == date(1946, 1, 13)
    assert parsed.birth_year == 1946
    assert parsed.sex == "M"
    assert parsed.format_long() == "19460113-6098"
    assert str(parsed) == "19460113-6098"
    assert parsed.format_short(REF) == "460113-6098"


def test_samordningsnummer_has_the_real_birth_date():
    parsed = parse_identity_number("700178-2395", reference_date=REF)
    assert parsed.kind is IdentityKind.COORDINATION_NUMBER
    assert parsed.normalised == SAMNR
    assert parsed.birth_date == date(1970, 1, 18)
    assert parsed.sex == "M"
    assert parsed.format_long() == "19700178-2395"
    assert parsed.format_short(REF) == "700178-2395"


def test_samordningsnummer_with_unknown_month_and_day():
    parsed = parse_identity_number("191500722390", reference_date=REF)  # test series, month 00
    assert parsed.kind is IdentityKind.COORDINATION_NUMBER
    assert parsed.birth_date is None
    assert parsed.birth_year == 1915
    assert parsed.format_short(REF) == "150072+2390"
    assert parse_identity_number("150072+2390", reference_date=REF).normalised == "191500722390"


def test_wrong_check_digit():
    err = _error("194601136099")
    assert err.code == "wrong_check_digit"
    assert err.message == "fel kontrollsiffra"
    assert "fel kontrollsiffra" in str(err)
    assert "194601136099" in str(err)
    assert err.value == "194601136099"
    assert isinstance(err, ValueError)


def test_impossible_date_with_a_correct_check_digit():
    err = _error("19" + with_check_digit("900230123"))  # 1990-02-30
    assert err.code == "invalid_date"
    assert "ogiltigt datum" in str(err)


@pytest.mark.parametrize(
    ("century", "nine"),
    [
        ("19", "900100123"),  # personnummer day 00
        ("19", "900001123"),  # month 00 in a personnummer
        ("19", "901301123"),  # month 13
        ("19", "900132123"),  # day 32
        ("19", "900159123"),  # between personnummer and coordination days
        ("19", "900292123"),  # coordination day 92 = 32
        ("19", "900290123"),  # coordination 30 February
        ("20", "010229123"),  # 29 February in a common year (2001)
    ],
)
def test_more_impossible_dates(century, nine):
    assert _error(century + with_check_digit(nine)).code == "invalid_date"


def test_century_before_1800_is_an_invalid_date():
    assert _error("17" + with_check_digit("460113609")).code == "invalid_date"


@pytest.mark.parametrize(
    "text", ["46O113-6098", "abcdefghij", "460113 6098", "460113/6098", "٤٦٠١١٣٦٠٩٨", "4601136098²"]
)
def test_letters_and_other_characters(text):
    err = _error(text)
    assert err.code == "invalid_characters"
    assert "otillåtna tecken" in str(err)


@pytest.mark.parametrize("text", ["4601136", "46011360988", "1946011360988", "460113-609", "-"])
def test_wrong_length(text):
    assert _error(text).code == "wrong_length"


@pytest.mark.parametrize(
    "text", ["19460113+6098", "4601-136098", "460113--6098", "460113-+6098", "4601136098-"]
)
def test_invalid_separator(text):
    assert _error(text).code == "invalid_separator"


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_empty(text):
    err = _error(text)
    assert err.code == "empty"
    assert err.value == text


def test_non_string_input_is_a_programming_error():
    with pytest.raises(TypeError):
        parse_identity_number(194601136098)  # type: ignore[arg-type]


def test_plus_means_a_hundred_or_more():
    assert parse_identity_number("121212+1212", reference_date=REF).birth_date == date(1912, 12, 12)
    assert parse_identity_number("121212-1212", reference_date=REF).birth_date == date(2012, 12, 12)
    assert parse_identity_number("1212121212", reference_date=REF).birth_date == date(2012, 12, 12)


def test_ten_digits_take_the_latest_century_not_in_the_future():
    # On 2025-06-01, 2025-06-27 is still to come, so 250627 is read as 1925.
    parsed = parse_identity_number("250627-9211", reference_date=REF)
    assert parsed.birth_date == date(1925, 6, 27)
    assert parse_identity_number("2506279211", reference_date=REF).normalised == "192506279211"


def test_plus_applies_from_the_calendar_year_of_the_100th_birthday():
    # Folkbokföringslagen 18 §: the hyphen becomes a plus "det år en person fyller 100 år".
    person = parse_identity_number("192506279211", reference_date=REF)  # test series
    assert person.format_short(date(2024, 12, 31)) == "250627-9211"
    assert person.format_short(date(2025, 1, 1)) == "250627+9211"  # still 99 that day
    assert person.format_short(date(2025, 6, 27)) == "250627+9211"
    for reference in (date(2025, 1, 1), date(2025, 6, 27)):
        again = parse_identity_number("250627+9211", reference_date=reference)
        assert again.normalised == "192506279211"


def test_future_birth_date():
    assert _error("20" + with_check_digit("300101123")).code == "future_date"
    err = _error("20" + with_check_digit("250602123"))  # the day after REF
    assert err.code == "future_date"
    assert "framtiden" in str(err)
    assert parse_identity_number("20" + with_check_digit("250601123"), reference_date=REF)


def test_format_short_refuses_a_reference_date_before_birth():
    person = parse_identity_number(PNR, reference_date=REF)
    with pytest.raises(IdentifierError) as caught:
        person.format_short(date(1946, 1, 12))
    assert caught.value.code == "future_date"


def test_format_short_refuses_a_person_of_200_or_more():
    person = parse_identity_number(PNR, reference_date=REF)
    assert person.format_short(date(2145, 12, 31)) == "460113+6098"
    with pytest.raises(IdentifierError) as caught:
        person.format_short(date(2146, 1, 1))
    assert caught.value.code == "ambiguous_century"


def test_is_valid_identity_number():
    assert is_valid_identity_number(PNR, reference_date=REF)
    assert not is_valid_identity_number("194601136099", reference_date=REF)
    assert not is_valid_identity_number("", reference_date=REF)


def test_identity_number_is_immutable():
    parsed = parse_identity_number(PNR, reference_date=REF)
    with pytest.raises(AttributeError):
        parsed.normalised = "x"  # type: ignore[misc]
