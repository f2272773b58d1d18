"""The error type, and the promise that the package never imports Django."""

from __future__ import annotations

import ast
import pickle
from pathlib import Path

import pytest

from navet.identifiers import MESSAGES, IdentifierError

PACKAGE = Path(__file__).resolve().parents[1]
REQUIRED_CODES = {
    "empty",
    "invalid_characters",
    "wrong_length",
    "invalid_date",
    "wrong_check_digit",
    "future_date",
    "ambiguous_century",
    "invalid_separator",
    "not_hsa_id_prefix",
    "hsa_too_long",
    "hsa_invalid_suffix",
    "unknown_county",
    "unknown_municipality",
    "invalid_code_format",
    "invalid_reserve_number",
}


def test_all_required_codes_have_swedish_messages():
    assert set(MESSAGES) >= REQUIRED_CODES
    assert MESSAGES["wrong_check_digit"] == "fel kontrollsiffra"
    assert MESSAGES["invalid_date"] == "ogiltigt datum"
    assert MESSAGES["unknown_municipality"] == "okänd kommunkod"


def test_error_attributes_and_text():
    err = IdentifierError("invalid_date", "19900230")
    assert (err.code, err.message, err.value) == ("invalid_date", "ogiltigt datum", "19900230")
    assert str(err) == 'ogiltigt datum: "19900230"'
    assert isinstance(err, ValueError)
    custom = IdentifierError("invalid_code_format", "1", "länskoden ska vara två siffror")
    assert custom.message == "länskoden ska vara två siffror"


def test_unknown_code_is_a_programming_error():
    with pytest.raises(KeyError):
        IdentifierError("no_such_code", "x")


def test_error_survives_pickling():
    err = pickle.loads(pickle.dumps(IdentifierError("wrong_check_digit", "4601136099")))  # noqa: S301
    assert (err.code, err.value, str(err)) == (
        "wrong_check_digit",
        "4601136099",
        'fel kontrollsiffra: "4601136099"',
    )


def test_package_never_imports_django():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] == "django"]
    assert not offenders
