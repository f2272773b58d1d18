"""HSA-id parsing, building and the synthetic organisation number."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum import luhn

from navet.identifiers import (
    SYNTHETIC_ORG_NUMBER,
    IdentifierError,
    is_synthetic_hsa_id,
    is_valid_hsa_id,
    make_hsa_id,
    parse_hsa_id,
)


def _code(text: str) -> str:
    with pytest.raises(IdentifierError) as caught:
        parse_hsa_id(text)
    return caught.value.code


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("SE2321000016-15GS", "SE2321000016-15GS"),
        ("  SE2321000016-15GS\n", "SE2321000016-15GS"),
        ("se2321000016-15GS", "SE2321000016-15GS"),  # prefix upper-cased
        ("Se2321000016-abcXYZ09", "SE2321000016-abcXYZ09"),  # suffix case kept
        ("SE2321000016-A", "SE2321000016-A"),
        ("SE2321000016-" + "A" * 18, "SE2321000016-" + "A" * 18),  # exactly 31 characters
    ],
)
def test_valid_hsa_ids(text, normalised):
    assert parse_hsa_id(text) == normalised
    assert is_valid_hsa_id(text)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("SE2321000016-ÄBC", "hsa_invalid_suffix"),
        ("SE2321000016-abä", "hsa_invalid_suffix"),
        ("SE2321000016-user@example", "hsa_invalid_suffix"),
        ("SE2321000016-", "hsa_invalid_suffix"),  # missing suffix
        ("SE2321000016-AB CD", "hsa_invalid_suffix"),
        ("SE2321000016-AB-CD", "hsa_invalid_suffix"),
        ("SE2321000016-٣", "hsa_invalid_suffix"),
        ("SE2321000016-" + "A" * 19, "hsa_too_long"),  # 32 characters
        ("SE2321000016", "not_hsa_id_prefix"),
        ("2321000016-15GS", "not_hsa_id_prefix"),
        ("SE232100-0016-15GS", "not_hsa_id_prefix"),  # hyphen inside the organisation number
        ("SE232100001-15GS", "not_hsa_id_prefix"),  # nine digits
        ("SE23210000161-15GS", "not_hsa_id_prefix"),  # eleven digits
        ("NO2321000016-15GS", "not_hsa_id_prefix"),
    ],
)
def test_invalid_hsa_ids(text, code):
    assert _code(text) == code
    assert not is_valid_hsa_id(text)


def test_error_text_is_swedish_and_names_the_value():
    with pytest.raises(IdentifierError) as caught:
        parse_hsa_id("SE2321000016-" + "A" * 19)
    assert "högst 31 tecken" in str(caught.value)
    assert "SE2321000016-AAAA" in str(caught.value)


def test_make_hsa_id():
    assert make_hsa_id("2321000016", "15GS") == "SE2321000016-15GS"
    assert make_hsa_id("232100-0016", "15gs") == "SE2321000016-15gs"
    with pytest.raises(IdentifierError) as caught:
        make_hsa_id("23210000", "15GS")
    assert caught.value.code == "not_hsa_id_prefix"
    with pytest.raises(IdentifierError) as caught:
        make_hsa_id("2321000016", "ö")
    assert caught.value.code == "hsa_invalid_suffix"


def test_synthetic_org_number_can_never_be_a_real_organisation():
    assert len(SYNTHETIC_ORG_NUMBER) == 10
    assert SYNTHETIC_ORG_NUMBER.isascii() and SYNTHETIC_ORG_NUMBER.isdigit()
    # Every real Swedish organisation number passes Luhn; this one must not.
    assert luhn.is_valid(SYNTHETIC_ORG_NUMBER) is False
    assert SYNTHETIC_ORG_NUMBER == "0000000001"


def test_is_synthetic_hsa_id():
    synthetic = make_hsa_id(SYNTHETIC_ORG_NUMBER, "demo1")
    assert synthetic == "SE0000000001-demo1"
    assert is_synthetic_hsa_id(synthetic)
    assert is_synthetic_hsa_id(" se0000000001-demo1 ")
    assert not is_synthetic_hsa_id("SE2321000016-15GS")
    assert not is_synthetic_hsa_id("SE0000000001-")  # invalid, hence not synthetic either
    assert not is_synthetic_hsa_id("")


@given(st.text(max_size=40))
def test_any_text_is_parsed_or_rejected_with_an_identifier_error(text):
    try:
        normalised = parse_hsa_id(text)
    except IdentifierError as err:
        assert err.value == text
    else:
        assert parse_hsa_id(normalised) == normalised
        assert len(normalised) <= 31


@given(st.text(alphabet="ABCXYZabcxyz0189", min_size=1, max_size=18))
def test_make_then_parse_round_trips(suffix):
    made = make_hsa_id(SYNTHETIC_ORG_NUMBER, suffix)
    assert parse_hsa_id(made.lower().replace(suffix.lower(), suffix)) == made
    assert is_synthetic_hsa_id(made)
