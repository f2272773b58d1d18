"""Every number in Skatteverket's official test series parses, keeps its kind and round-trips."""

from __future__ import annotations

from datetime import date

import pytest
from stdnum.se import personnummer

from navet.identifiers import IdentifierError, IdentityKind, parse_identity_number
from navet.identifiers.tests.support import read_csv

# All test-series birth dates are on or before 2023-12-31 (2023-12-91 for coordination numbers).
REFERENCE_DATES = [date(2024, 1, 1), date(2025, 6, 1), date(2089, 12, 31)]
KINDS = {kind.value: kind for kind in IdentityKind}


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    rows = read_csv("test_identity_numbers.csv")
    assert len(rows) > 20_000, "the official test series looks truncated"
    assert {row["kind"] for row in rows} == {"personnummer", "samordningsnummer"}
    return rows


def _failures(rows, check) -> list[str]:
    failures = []
    for row in rows:
        try:
            problem = check(row)
        except IdentifierError as err:
            problem = f"{err.code}: {err}"
        if problem:
            failures.append(f"{row['kind']} {row['number']}: {problem}")
    return failures


def test_every_number_parses_with_its_kind_and_normalised_form(rows):
    def check(row):
        parsed = parse_identity_number(row["number"], reference_date=REFERENCE_DATES[0])
        if parsed.kind is not KINDS[row["kind"]]:
            return f"kind {parsed.kind.value}"
        if parsed.normalised != row["number"]:
            return f"normalised {parsed.normalised}"
        if parsed.sex != ("M" if int(row["number"][-2]) % 2 else "F"):
            return f"sex {parsed.sex}"
        return None

    failures = _failures(rows, check)
    assert not failures, f"{len(failures)} failures, e.g. {failures[:5]}"


def test_every_number_round_trips_through_the_long_form(rows):
    def check(row):
        number = row["number"]
        long_form = parse_identity_number(number, reference_date=date(2025, 6, 1)).format_long()
        if long_form != f"{number[:8]}-{number[8:]}":
            return f"format_long {long_form}"
        again = parse_identity_number(long_form, reference_date=date(2025, 6, 1))
        return None if again.normalised == number else f"long form parsed as {again.normalised}"

    failures = _failures(rows, check)
    assert not failures, f"{len(failures)} failures, e.g. {failures[:5]}"


@pytest.mark.parametrize("reference", REFERENCE_DATES, ids=str)
def test_every_short_form_parses_back_to_the_same_number(rows, reference):
    def check(row):
        short = parse_identity_number(row["number"], reference_date=reference).format_short(
            reference
        )
        again = parse_identity_number(short, reference_date=reference)
        return None if again.normalised == row["number"] else f"{short} -> {again.normalised}"

    failures = _failures(rows, check)
    assert not failures, f"{len(failures)} failures, e.g. {failures[:5]}"


def test_personnummer_agree_with_stdnum(rows):
    # Cross-check against the reference implementation where it applies (complete dates).
    disagreeing = [
        row["number"]
        for row in rows
        if row["kind"] == "personnummer" and not personnummer.is_valid(row["number"])
    ]
    assert not disagreeing


def test_coordination_numbers_with_an_unknown_date_part_are_in_the_series(rows):
    # The series contains month 00 / day 60; they must parse with birth_date None.
    partial = [
        parse_identity_number(row["number"], reference_date=date(2025, 6, 1))
        for row in rows
        if row["number"][4:6] == "00" or row["number"][6:8] == "60"
    ]
    assert partial
    assert all(p.kind is IdentityKind.COORDINATION_NUMBER for p in partial)
    assert all(p.birth_date is None for p in partial)
