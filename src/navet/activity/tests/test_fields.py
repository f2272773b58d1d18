"""Field parsers on their own."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from navet.activity.importer import fields as f


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("I50", "I50"),
        ("j44.1", "J44.1"),
        ("N390", "N39.0"),
        (" e11.9 ", "E11.9"),
        ("S7200", "S72.00"),
    ],
)
def test_icd10_is_normalised(raw, stored):
    assert f.parse_icd10(raw) == stored


@pytest.mark.parametrize("raw", ["I5", "50I", "I50.", "I.50", "I50..1", "II50", "I50.12345", "Ä50"])
def test_icd10_rejects(raw):
    with pytest.raises(f.FieldError):
        f.parse_icd10(raw)


@given(st.from_regex(r"[A-Z][0-9]{2}(\.?[0-9][0-9A-Z]{0,3})?", fullmatch=True))
def test_icd10_normalising_is_idempotent(code):
    stored = f.parse_icd10(code)
    assert f.parse_icd10(stored) == stored and stored.replace(".", "") == code.replace(".", "")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("true", True), ("FALSE", False), ("1", True), ("0", False), ("Ja", True), ("nej", False),
     (True, True), (0, False)],
)  # fmt: skip
def test_bool(raw, expected):
    assert f.parse_bool(raw) is expected


def test_timestamps_become_utc():
    assert f.parse_timestamp("2025-03-01T08:15:00+01:00") == datetime(2025, 3, 1, 7, 15, tzinfo=UTC)
    assert f.parse_timestamp("2025-03-01T07:15:00Z") == datetime(2025, 3, 1, 7, 15, tzinfo=UTC)
    aware = datetime(2025, 7, 1, 12, tzinfo=timezone(timedelta(hours=2)))
    assert f.parse_timestamp(aware).tzinfo is UTC


@pytest.mark.parametrize(
    "raw", ["2025-03-01", "2025-03-01T08:15", "20250301T081500Z", datetime(2025, 3, 1)]
)
def test_timestamps_need_a_zone_and_a_time(raw):
    with pytest.raises(f.FieldError):
        f.parse_timestamp(raw)


def test_dates():
    assert f.parse_date("2025-03-01") == f.parse_date(date(2025, 3, 1)) == date(2025, 3, 1)
    for raw in ["2025-3-1", "20250301", datetime(2025, 3, 1), 20250301]:
        with pytest.raises(f.FieldError):
            f.parse_date(raw)


def test_cache_remembers_failures_too():
    calls = []

    def parser(value):
        calls.append(value)
        raise f.FieldError("nej")

    parse = f.cached(parser)
    for _ in range(3):
        with pytest.raises(f.FieldError):
            parse("x")
    assert calls == ["x"]


def test_choices_ignore_case_and_list_allowed_values():
    from navet.activity.models import CareLevel

    parse = f.choice_parser(CareLevel)
    assert parse("Primary") == "primary"
    with pytest.raises(f.FieldError, match="tillåtna: primary, specialist"):
        parse("tertiary")
