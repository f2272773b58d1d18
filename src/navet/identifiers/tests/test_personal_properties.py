"""Property tests: numbers built from any date and serial round-trip through every form."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st
from stdnum.se import personnummer

from navet.identifiers import (
    IdentifierError,
    IdentityKind,
    make_reserve_number,
    parse_identity_number,
)
from navet.identifiers.tests.support import build_number

births = st.dates(min_value=date(1890, 1, 1), max_value=date(2025, 12, 31))
serials = st.integers(min_value=0, max_value=999)
LATE_REFERENCE = date(2089, 12, 31)  # after every birth, and nobody 200 or older


def _reference_under_100(data, birth: date) -> date:
    """A reference date on which the person is born and turns at most 99 that year, so that a
    ten-digit form without "+" means this person."""
    return data.draw(st.dates(min_value=birth, max_value=date(birth.year + 99, 12, 31)))


def _any_reference(data, birth: date) -> date:
    """A reference date on which the short form can express the person's century."""
    return data.draw(st.dates(min_value=birth, max_value=date(birth.year + 199, 12, 31)))


@given(births, serials, st.booleans(), st.data())
def test_every_form_round_trips(birth, serial, coordination, data):
    number = build_number(birth, serial, coordination=coordination)
    kind = (
        IdentityKind.COORDINATION_NUMBER if coordination else IdentityKind.PERSONAL_IDENTITY_NUMBER
    )
    young = _reference_under_100(data, birth)
    forms = {
        number: LATE_REFERENCE,
        f"{number[:8]}-{number[8:]}": LATE_REFERENCE,
        number[2:]: young,
        f"{number[2:8]}-{number[8:]}": young,
    }
    for text, reference in forms.items():
        parsed = parse_identity_number(text, reference_date=reference)
        assert parsed.normalised == number, text
        assert parsed.kind is kind
        assert parsed.birth_date == birth  # day minus 60 for coordination numbers
        assert parsed.sex == ("M" if serial % 2 else "F")
        assert parsed.format_long() == f"{number[:8]}-{number[8:]}"


@given(births, serials, st.booleans(), st.data())
def test_short_form_round_trips_with_plus_or_minus(birth, serial, coordination, data):
    number = build_number(birth, serial, coordination=coordination)
    reference = _any_reference(data, birth)
    short = parse_identity_number(number, reference_date=reference).format_short(reference)
    assert short[6] == ("+" if reference.year - birth.year >= 100 else "-")
    assert parse_identity_number(short, reference_date=reference).normalised == number


@given(
    births,
    serials,
    st.booleans(),
    st.integers(min_value=0, max_value=9),
    st.integers(min_value=1, max_value=9),
)
def test_changing_any_single_digit_is_rejected(birth, serial, coordination, position, shift):
    number = build_number(birth, serial, coordination=coordination)
    ten = number[2:]
    mutated = ten[:position] + str((int(ten[position]) + shift) % 10) + ten[position + 1 :]
    # The Luhn digit covers the ten digits; the century digits of a twelve-digit form are not
    # covered by any check, so they are not mutated here.
    for text in (number[:2] + mutated, f"{mutated[:6]}-{mutated[6:]}"):
        try:
            parse_identity_number(text, reference_date=LATE_REFERENCE)
        except IdentifierError as err:
            assert err.code in {"wrong_check_digit", "invalid_date", "future_date"}
        else:
            raise AssertionError(f"{text} (from {number}) was accepted")


@given(births, st.integers(min_value=1, max_value=9999))
def test_reserve_numbers_round_trip_and_are_never_personal_numbers(birth, serial):
    reserve = make_reserve_number(birth, serial, reference_date=LATE_REFERENCE)
    assert reserve.kind is IdentityKind.RESERVE_NUMBER
    assert reserve.normalised == f"{birth:%Y%m%d}R{serial:04d}"
    assert reserve.birth_date == birth
    assert reserve.sex is None
    long_form = reserve.format_long()
    for text in (
        reserve.normalised,
        long_form,
        long_form.lower(),
        f" {reserve.normalised.lower()} ",
    ):
        parsed = parse_identity_number(text, reference_date=LATE_REFERENCE)
        assert parsed == reserve
    assert reserve.format_short(LATE_REFERENCE) == long_form
    assert not personnummer.is_valid(reserve.normalised)
    assert not personnummer.is_valid(long_form)


@given(st.text(max_size=20))
def test_any_text_is_parsed_or_rejected_with_an_identifier_error(text):
    try:
        parsed = parse_identity_number(text, reference_date=LATE_REFERENCE)
    except IdentifierError as err:
        assert err.code and err.message and err.value == text
    else:
        assert parse_identity_number(parsed.normalised, reference_date=LATE_REFERENCE) == parsed
