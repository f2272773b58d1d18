"""Days and seconds as integers, and Swedish local time to UTC without a per-row loop.

Internally a date is an int day number (days since 1970-01-01) and a moment an int number of
seconds since the epoch. `NEVER` marks an open end or an event that does not happen.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

NEVER = np.int32(2**30)  # an open end: later than every real day
DAY = 86_400
HOUR = 3_600
_EPOCH = date(1970, 1, 1)


def day_number(value: date) -> int:
    return (value - _EPOCH).days


def to_date(day: int) -> date:
    return _EPOCH + timedelta(days=int(day))


def same_day_years_earlier(value: date, years: int) -> date:
    """The calendar date `years` years before `value` (29 February falls back to the 28th)."""
    try:
        return value.replace(year=value.year - years)
    except ValueError:
        return value.replace(year=value.year - years, day=28)


def history_start(end_date: date, years: int) -> date:
    """First day of a history of `years` years that ends (inclusive) on `end_date`."""
    return same_day_years_earlier(end_date, years) + timedelta(days=1)


def weekday(days: np.ndarray) -> np.ndarray:
    """Monday = 0 … Sunday = 6 (1970-01-01 was a Thursday)."""
    return (days + 3) % 7


def to_weekday(days: np.ndarray, rng: np.random.Generator, keep_share: float = 0.0) -> np.ndarray:
    """Move weekend days to the Friday before or the Monday after, keeping `keep_share` of them."""
    wd = weekday(days)
    weekend = (wd >= 5) & (rng.random(len(days)) >= keep_share)
    to_friday = rng.random(len(days)) < 0.5
    shift = np.where(to_friday, 4 - wd, 7 - wd)  # Sat: -1 / +2, Sun: -2 / +1
    return np.where(weekend, days + shift, days).astype(np.int32)


def _last_sunday(year: int, month: int) -> int:
    last = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    return day_number(last) - (last.weekday() + 1) % 7


def stockholm_to_utc(local_seconds: np.ndarray) -> np.ndarray:
    """Europe/Stockholm wall-clock seconds → UTC seconds (EU rules, valid from 1996 on).

    Summer time (UTC+2) runs from 01:00 UTC on the last Sunday in March to 01:00 UTC on the last
    Sunday in October; otherwise UTC+1. A wall time in the spring gap is read as winter time (it
    lands one hour later, like zoneinfo with fold=0); one in the repeated autumn hour is read as
    the first, summer-time occurrence.
    """
    local_seconds = np.asarray(local_seconds, dtype=np.int64)
    if local_seconds.size == 0:
        return local_seconds
    years = local_seconds.astype("datetime64[s]").astype("datetime64[Y]").astype(np.int64) + 1970
    first, last = int(years.min()), int(years.max())
    starts = np.array([_last_sunday(y, 3) * DAY + HOUR for y in range(first, last + 1)])
    ends = np.array([_last_sunday(y, 10) * DAY + HOUR for y in range(first, last + 1)])
    summer_guess = local_seconds - 2 * HOUR
    index = years - first
    in_summer = (summer_guess >= starts[index]) & (summer_guess < ends[index])
    return np.where(in_summer, summer_guess, local_seconds - HOUR)


def hour_of_day(rng: np.random.Generator, weights, size: int) -> np.ndarray:
    """Seconds after local midnight: an hour drawn from 24 weights, uniform within the hour."""
    w = np.asarray(weights, dtype=float)
    hours = np.searchsorted(np.cumsum(w / w.sum()), rng.random(size), side="right")
    hours = np.minimum(hours, len(w) - 1)
    return (hours * HOUR + rng.integers(0, HOUR, size)).astype(np.int64)
