"""Reserve numbers (reservnummer): specific cases."""

from __future__ import annotations

from datetime import date

import pytest

from navet.identifiers import (
    IdentifierError,
    IdentityKind,
    make_reserve_number,
    parse_identity_number,
)

REF = date(2025, 6, 1)


def _error(text: str) -> IdentifierError:
    with pytest.raises(IdentifierError) as caught:
        parse_identity_number(text, reference_date=REF)
    return caught.value


@pytest.mark.parametrize(
    "text", ["19450312R0042", "19450312-R0042", "19450312r0042", " 19450312-r0042 "]
)
def test_accepted_forms(text):
    parsed = parse_identity_number(text, reference_date=REF)
    assert parsed.kind is IdentityKind.RESERVE_NUMBER
    assert parsed.normalised == "19450312R0042"
    assert parsed.format_long() == "19450312-R0042"
    assert parsed.birth_date == date(1945, 3, 12)
    assert parsed.sex is None


def test_make_reserve_number():
    made = make_reserve_number(date(1945, 3, 12), 42, reference_date=REF)
    assert made == parse_identity_number("19450312R0042", reference_date=REF)


@pytest.mark.parametrize(
    "text",
    [
        "19450312R0000",
        "19450312R042",
        "19450312R00042",
        "19450312X0042",
        "19450312+R0042",
        "19450312RR0042",
        "19450312R00a2",
        "450312R0042",
        "19450312--R0042",
    ],
)
def test_malformed_reserve_numbers(text):
    assert _error(text).code in {"invalid_reserve_number", "invalid_characters", "wrong_length"}


@pytest.mark.parametrize(
    "text", ["19450312R0000", "19450312R042", "19450312+R0042", "19450312R00a2"]
)
def test_malformed_reserve_numbers_say_so(text):
    err = _error(text)
    assert err.code == "invalid_reserve_number"
    assert "ogiltigt reservnummer" in str(err)


def test_reserve_number_with_impossible_or_future_date():
    assert _error("19450230R0042").code == "invalid_date"
    assert _error("20250602R0001").code == "future_date"


@pytest.mark.parametrize("serial", [0, 10_000, -1])
def test_make_reserve_number_rejects_serials_out_of_range(serial):
    with pytest.raises(IdentifierError) as caught:
        make_reserve_number(date(1945, 3, 12), serial, reference_date=REF)
    assert caught.value.code == "invalid_reserve_number"


def test_make_reserve_number_rejects_future_and_ancient_dates():
    with pytest.raises(IdentifierError) as caught:
        make_reserve_number(date(2025, 6, 2), 1, reference_date=REF)
    assert caught.value.code == "future_date"
    with pytest.raises(IdentifierError) as caught:
        make_reserve_number(date(1799, 12, 31), 1, reference_date=REF)
    assert caught.value.code == "invalid_date"


def test_make_reserve_number_rejects_non_integer_serials():
    with pytest.raises(TypeError):
        make_reserve_number(date(1945, 3, 12), "42", reference_date=REF)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        make_reserve_number(date(1945, 3, 12), True, reference_date=REF)
