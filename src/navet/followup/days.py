"""Day numbers, Swedish local dates and reporting periods.

Indicators count calendar days in Swedish local time (the law counts days that way). Every date
and timestamp is turned into a *day number* (days since 1970-01-01) so that day counts are plain
integer subtraction on every engine. For timestamps the day number is that of the local
Europe/Stockholm date; the offsets come from Python's tz database (zoneinfo) as a small table
joined by UTC day, so DuckDB and Spark compute the same local dates without depending on their
session time zone (ibis pins both sessions to UTC).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

import ibis

from navet.followup.engine import epoch_micros

LOCAL_ZONE = "Europe/Stockholm"
EPOCH = dt.date(1970, 1, 1)
FIRST_YEAR, LAST_YEAR = 1970, 2100


def day_number(day: dt.date) -> int:
    return (day - EPOCH).days


def from_day_number(number: int) -> dt.date:
    return EPOCH + dt.timedelta(days=number)


@dataclass(frozen=True)
class Period:
    """An inclusive reporting period [start, end]."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"Perioden slutar ({self.end}) före sin början ({self.start}).")

    @property
    def first_day(self) -> int:
        return day_number(self.start)

    @property
    def last_day(self) -> int:
        return day_number(self.end)

    def months(self) -> list[Period]:
        """The calendar months the period touches, clipped to the period."""
        months, year, month = [], self.start.year, self.start.month
        while dt.date(year, month, 1) <= self.end:
            last = dt.date(year, month, calendar.monthrange(year, month)[1])
            months.append(Period(max(self.start, dt.date(year, month, 1)), min(self.end, last)))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return months


def months_before(day: dt.date, months: int) -> dt.date:
    """The first day of a window of `months` calendar months that ends on `day` (inclusive).

    2025-12-31 and 18 months → 2024-07-01; 2025-06-15 and 12 months → 2024-06-16.
    """
    following = day + dt.timedelta(days=1)
    month_index = following.year * 12 + following.month - 1 - months
    year, month = divmod(month_index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(following.day, last))


@lru_cache(maxsize=1)
def offset_rows() -> dict[str, list[int]]:
    """Per year: the standard and summer-time offsets and the summer-time interval (epoch s).

    Found by scanning each year's days for an offset change and bisecting to the second, so the
    table follows whatever the installed tz database says (including a future end of DST).
    """
    zone = ZoneInfo(LOCAL_ZONE)
    rows: dict[str, list[int]] = {k: [] for k in ("tz_year", "std", "dst", "dst_from", "dst_to")}
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        start = int(dt.datetime(year, 1, 1, tzinfo=dt.UTC).timestamp())
        standard = _offset(zone, start)
        changes = _changes(zone, start, 366 if calendar.isleap(year) else 365)
        if len(changes) >= 2:
            (dst_from, summer), (dst_to, _) = changes[0], changes[1]
        else:  # no summer time that year: an empty interval
            dst_from, dst_to, summer = start, start, standard
        rows["tz_year"].append(year)
        rows["std"].append(standard)
        rows["dst"].append(summer)
        rows["dst_from"].append(dst_from)
        rows["dst_to"].append(dst_to)
    return rows


def _offset(zone: ZoneInfo, epoch_seconds: int) -> int:
    moment = dt.datetime.fromtimestamp(epoch_seconds, tz=zone)
    return int(moment.utcoffset().total_seconds())


def _changes(zone: ZoneInfo, start: int, days: int) -> list[tuple[int, int]]:
    """(epoch second of the change, offset after it) for each offset change in the year."""
    changes, previous = [], _offset(zone, start)
    for day in range(1, days + 1):
        moment = start + day * 86400
        current = _offset(zone, moment)
        if current != previous:
            low, high = moment - 86400, moment  # offset(low) = previous, offset(high) = current
            while high - low > 1:
                middle = (low + high) // 2
                low, high = (middle, high) if _offset(zone, middle) == previous else (low, middle)
            changes.append((high, current))
            previous = current
    return changes


DAY_MICROS = 86_400_000_000


@lru_cache(maxsize=1)
def day_offset_rows() -> dict[str, list[int]]:
    """Per UTC day number from FIRST_YEAR to LAST_YEAR: the offset in force when the day
    begins (`before`), and the instant of an offset change within the day with the offset
    after it (`change`, `after`; a day without a change has its end as `change`). Derived
    from offset_rows, all in microseconds."""
    years = offset_rows()
    rows: dict[str, list[int]] = {k: [] for k in ("tz_day", "change", "before", "after")}
    million = 1_000_000
    for year, std, dst, dst_from, dst_to in zip(
        years["tz_year"], years["std"], years["dst"], years["dst_from"], years["dst_to"],
        strict=True,
    ):  # fmt: skip
        summer = dst_from < dst_to
        first = day_number(dt.date(year, 1, 1))
        for day in range(first, day_number(dt.date(year, 12, 31)) + 1):
            start, end = day * 86400, (day + 1) * 86400
            before = dst if summer and dst_from <= start < dst_to else std
            change, after = end, before
            if summer and start <= dst_from < end:
                change, after = dst_from, dst
            elif summer and start <= dst_to < end:
                change, after = dst_to, std
            rows["tz_day"].append(day)
            rows["change"].append(change * million)
            rows["before"].append(before * million)
            rows["after"].append(after * million)
    return rows


def with_local_day(
    table: ibis.Table, column: str, name: str, *, within: tuple[int, int] | None = None
) -> ibis.Table:
    """Add `name`: the day number of the Stockholm local date of timestamp `column` (null stays
    null). The instant is taken as whole microseconds since the epoch (a cheap integer on both
    engines) and its offset joined by its UTC day number: the offset when that day begins, or
    after the change if the day has one and the instant is past it.

    With `within=(first_day, last_day)` only instants whose local date can fall in that range
    are kept first (see near_days), so far fewer rows meet the join.
    """
    if within is not None:
        table = table.filter(near_days(table[column], *within))
    micros = f"{name}__us"
    table = table.mutate(**{micros: epoch_micros(table[column])})
    offsets = _offset_table()
    joined = table.left_join(offsets, (table[micros] // DAY_MICROS) == offsets.tz_day)
    us = joined[micros]
    offset = ibis.ifelse(us >= joined.change, joined.after, joined.before)
    result = joined.mutate(**{name: (us + offset) // DAY_MICROS})
    return result.drop(micros, "tz_day", "change", "before", "after")


@lru_cache(maxsize=1)
def _offset_table() -> ibis.Table:
    return ibis.memtable(day_offset_rows())


def near_days(column: ibis.Value, first_day: int, last_day: int) -> ibis.Value:
    """A cheap pre-filter on a timestamp column: true for every instant whose Swedish local
    date can fall in [first_day, last_day] (the offset is a few hours, so a day of margin on
    each side is safe). Applied before `with_local_day`, it lets the engine skip row groups
    and join far fewer rows with the offsets; the exact test on local days follows."""
    start = dt.datetime.combine(from_day_number(first_day - 1), dt.time(), tzinfo=dt.UTC)
    end = dt.datetime.combine(from_day_number(last_day + 2), dt.time(), tzinfo=dt.UTC)
    return (column >= ibis.literal(start)) & (column < ibis.literal(end))


def micros(value: ibis.Value) -> ibis.Value:
    """Whole microseconds since the epoch of a timestamp column (see engine.EpochMicros)."""
    return epoch_micros(value)


def date_day(value: ibis.Value) -> ibis.Value:
    """Day number of a date column."""
    return value.epoch_days().cast("int64")
