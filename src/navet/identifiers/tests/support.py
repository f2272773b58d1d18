"""Helpers shared by the identifier tests (no Django)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from stdnum import luhn


def shared_data_file(name: str) -> Path:
    """Find `shared/data/<name>` beside this file's folder or any ancestor of it.

    The reference data lives in `shared/`, a sibling of the repository root, and a clone may sit
    at any depth. Missing data is a broken checkout, so the test fails rather than skips.
    """
    here = Path(__file__).resolve()
    for ancestor in here.parents:
        candidate = ancestor / "shared" / "data" / name
        if candidate.is_file():
            return candidate
    pytest.fail(
        f"shared/data/{name} not found beside any ancestor of {here.parent}; "
        "clone the repository next to the shared/ folder",
        pytrace=False,
    )


def read_csv(name: str) -> list[dict[str, str]]:
    with shared_data_file(name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def build_number(birth: date, serial: int, *, coordination: bool = False) -> str:
    """A Luhn-correct twelve-digit number for `birth` and `serial` (in memory only: synthetic
    people must take their numbers from the official test series)."""
    day = birth.day + (60 if coordination else 0)
    nine = f"{birth.year % 100:02d}{birth.month:02d}{day:02d}{serial:03d}"
    return f"{birth.year // 100:02d}{nine}{luhn.calc_check_digit(nine)}"


def with_check_digit(nine: str) -> str:
    """Ten digits: `nine` plus its correct Luhn check digit."""
    return nine + luhn.calc_check_digit(nine)
