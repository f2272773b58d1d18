"""HSA-id: the identity of a person, unit or function in the HSA catalogue (Inera).

Format: "SE" + the catalogue owner's ten-digit organisation number (no hyphen) + "-" + a suffix
of at least one character from A–Z, a–z, 0–9 (no å, ä, ö, @ or other characters); at most 31
characters in all. Example: "SE2321000016-15GS".

Normalisation strips surrounding whitespace and upper-cases the "SE" prefix only: the suffix is
case-sensitive and is kept as given.

Synthetic HSA-ids (test and demo data) use SYNTHETIC_ORG_NUMBER, which fails the Luhn check that
every real Swedish organisation number passes, so they can never collide with a real catalogue.
"""

from __future__ import annotations

import re

from stdnum import luhn

from navet.identifiers.errors import IdentifierError

MAX_LENGTH = 31

_BASE = "000000000"
# The correct check digit plus one: guaranteed to fail Luhn, so no real organisation has it.
# Group digit 0 is not used for any legal entity either. Value: "0000000001".
SYNTHETIC_ORG_NUMBER = _BASE + str((int(luhn.calc_check_digit(_BASE)) + 1) % 10)

_PREFIX = re.compile(r"[Ss][Ee](?P<org>[0-9]{10})-")
_SUFFIX = re.compile(r"[A-Za-z0-9]+")  # explicit ranges: \w and str.isalnum() accept "å" and "٣"
_ORG_NUMBER = re.compile(r"[0-9]{6}-?[0-9]{4}")


def parse_hsa_id(text: str) -> str:
    """Validate an HSA-id and return its normalised form.

    Raises IdentifierError with code empty, not_hsa_id_prefix, hsa_invalid_suffix (missing or
    bad characters) or hsa_too_long. The organisation number is not Luhn-checked, so that
    synthetic HSA-ids are accepted.
    """
    if not isinstance(text, str):
        raise TypeError(f"expected str, got {type(text).__name__}")
    value = text.strip()
    if not value:
        raise IdentifierError("empty", text)
    prefix = _PREFIX.match(value)
    if prefix is None:
        raise IdentifierError("not_hsa_id_prefix", text)
    if _SUFFIX.fullmatch(value, prefix.end()) is None:
        raise IdentifierError("hsa_invalid_suffix", text)
    if len(value) > MAX_LENGTH:
        raise IdentifierError("hsa_too_long", text)
    return "SE" + value[2:]


def is_valid_hsa_id(text: str) -> bool:
    """Convenience: True if `parse_hsa_id` accepts `text`."""
    try:
        parse_hsa_id(text)
    except IdentifierError:
        return False
    return True


def make_hsa_id(org_number: str, suffix: str) -> str:
    """Build a normalised HSA-id from an organisation number ("NNNNNNNNNN" or "NNNNNN-NNNN").

    Raises IdentifierError like `parse_hsa_id`; a malformed organisation number gives
    not_hsa_id_prefix.
    """
    org = org_number.strip()
    if _ORG_NUMBER.fullmatch(org) is None:
        raise IdentifierError(
            "not_hsa_id_prefix", org_number, "organisationsnumret ska vara tio siffror"
        )
    return parse_hsa_id(f"SE{org.replace('-', '')}-{suffix}")


def is_synthetic_hsa_id(hsa_id: str) -> bool:
    """True if `hsa_id` is a valid HSA-id under SYNTHETIC_ORG_NUMBER; False otherwise."""
    try:
        normalised = parse_hsa_id(hsa_id)
    except IdentifierError:
        return False
    return normalised[2:12] == SYNTHETIC_ORG_NUMBER
