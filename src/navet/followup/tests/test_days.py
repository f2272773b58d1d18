"""Local dates, look-back windows and months."""

import datetime as dt

import ibis
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from navet.followup.days import Period, day_number, months_before, with_local_day
from navet.followup.tests.builder import STOCKHOLM

TRANSITIONS = [  # instants around the 2024–2026 changes, in UTC
    dt.datetime(2025, 3, 30, 0, 59, 59, tzinfo=dt.UTC),
    dt.datetime(2025, 3, 30, 1, 0, 0, tzinfo=dt.UTC),
    dt.datetime(2025, 3, 30, 22, 30, tzinfo=dt.UTC),
    dt.datetime(2025, 10, 25, 22, 30, tzinfo=dt.UTC),
    dt.datetime(2025, 10, 26, 0, 59, 59, tzinfo=dt.UTC),
    dt.datetime(2025, 10, 26, 1, 0, 0, tzinfo=dt.UTC),
    dt.datetime(2025, 10, 26, 23, 0, 0, tzinfo=dt.UTC),
    dt.datetime(2024, 12, 31, 23, 0, 0, tzinfo=dt.UTC),
    dt.datetime(2024, 12, 31, 22, 59, 59, tzinfo=dt.UTC),
]


def _local_days(instants, within=None) -> list[int]:
    table = ibis.memtable(
        pa.table({"i": range(len(instants)), "t": pa.array(instants, pa.timestamp("us", tz="UTC"))})
    )
    result = with_local_day(table, "t", "d", within=within)
    return result.order_by("i").d.to_pyarrow().to_pylist()


def _expected(instants) -> list[int]:
    return [day_number(i.astimezone(STOCKHOLM).date()) for i in instants]


def test_local_days_follow_stockholm_summer_time():
    assert _local_days(TRANSITIONS) == _expected(TRANSITIONS)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.datetimes(
            min_value=dt.datetime(1975, 1, 1),
            max_value=dt.datetime(2060, 1, 1),
            timezones=st.just(dt.UTC),
        ),
        min_size=1,
        max_size=50,
    )
)
def test_local_days_match_zoneinfo_everywhere(instants):
    assert _local_days(instants) == _expected(instants)


def test_local_days_within_a_period_use_the_same_offsets():
    within = (day_number(dt.date(2024, 12, 31)), day_number(dt.date(2025, 10, 27)))
    assert _local_days(TRANSITIONS, within) == _expected(TRANSITIONS)
    outside = [dt.datetime(2025, 11, 1, tzinfo=dt.UTC), dt.datetime(2024, 12, 28, tzinfo=dt.UTC)]
    assert _local_days(outside, within) == []  # filtered out, not given a wrong offset


def test_null_timestamps_stay_null():
    assert _local_days([None, TRANSITIONS[0]]) == [None, _expected(TRANSITIONS[:1])[0]]


@pytest.mark.parametrize(
    ("end", "months", "first"),
    [
        ("2025-12-31", 18, "2024-07-01"),
        ("2025-12-31", 12, "2025-01-01"),
        ("2025-06-15", 12, "2024-06-16"),
        ("2025-02-28", 1, "2025-02-01"),
    ],
)
def test_look_back_windows_end_on_the_period_end(end, months, first):
    assert months_before(dt.date.fromisoformat(end), months) == dt.date.fromisoformat(first)


def test_months_of_a_period_are_clipped_to_it():
    period = Period(dt.date(2024, 12, 10), dt.date(2025, 2, 5))
    assert period.months() == [
        Period(dt.date(2024, 12, 10), dt.date(2024, 12, 31)),
        Period(dt.date(2025, 1, 1), dt.date(2025, 1, 31)),
        Period(dt.date(2025, 2, 1), dt.date(2025, 2, 5)),
    ]
    with pytest.raises(ValueError, match="före sin början"):
        Period(dt.date(2025, 2, 1), dt.date(2025, 1, 1))
