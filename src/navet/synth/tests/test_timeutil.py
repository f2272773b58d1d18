"""Local Swedish time → UTC matches zoneinfo, including the DST switches."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from navet.synth.timeutil import stockholm_to_utc

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _expected(local_seconds: int) -> int:
    naive = datetime(1970, 1, 1) + timedelta(seconds=local_seconds)
    aware = naive.replace(tzinfo=STOCKHOLM)  # fold=0: gap → later, repeated hour → first
    return int(aware.astimezone(UTC).timestamp())


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=852_076_800, max_value=2_524_608_000))  # 1997 … 2050
def test_matches_zoneinfo(local_seconds):
    assert stockholm_to_utc(np.array([local_seconds]))[0] == _expected(local_seconds)


def test_switch_days_2025():
    spring = int((datetime(2025, 3, 30, 1, 30) - datetime(1970, 1, 1)).total_seconds())
    autumn = int((datetime(2025, 10, 26, 2, 30) - datetime(1970, 1, 1)).total_seconds())
    hours = np.arange(0, 4) * 3600
    for start in (spring, autumn):
        local = start + hours
        assert stockholm_to_utc(local).tolist() == [_expected(int(s)) for s in local]
