"""Swedish identifiers for Navet: parse, validate, normalise and format.

Pure Python (no Django): personnummer, samordningsnummer and Navet's reservnummer (`personal`,
`reserve`), HSA-id (`hsa`) and SCB county and municipality codes (`scb`). Every rejection raises
`IdentifierError` with a stable `code`; see README.md in this folder for formats and codes.
"""

from navet.identifiers.errors import MESSAGES, IdentifierError
from navet.identifiers.hsa import (
    SYNTHETIC_ORG_NUMBER,
    is_synthetic_hsa_id,
    is_valid_hsa_id,
    make_hsa_id,
    parse_hsa_id,
)
from navet.identifiers.personal import (
    IdentityKind,
    IdentityNumber,
    is_valid_identity_number,
    make_reserve_number,
    parse_identity_number,
)
from navet.identifiers.scb import (
    COUNTY_NAMES,
    county_of,
    is_valid_county_code,
    is_valid_municipality_code,
    parse_county_code,
    parse_municipality_code,
)

__all__ = [
    "COUNTY_NAMES",
    "MESSAGES",
    "SYNTHETIC_ORG_NUMBER",
    "IdentifierError",
    "IdentityKind",
    "IdentityNumber",
    "county_of",
    "is_synthetic_hsa_id",
    "is_valid_county_code",
    "is_valid_hsa_id",
    "is_valid_identity_number",
    "is_valid_municipality_code",
    "make_hsa_id",
    "make_reserve_number",
    "parse_county_code",
    "parse_hsa_id",
    "parse_identity_number",
    "parse_municipality_code",
]
