"""Day numbers, Swedish local dates and reporting periods.

Indicators count calendar days in Swedish local time (the law counts days that way). Every date
and timestamp is turned into a *day number* (days since 1970-01-01) so that day counts are plain
integer subtraction on every engine. For timestamps the day number is that of the local
Europe/Stockholm date; the offsets come from Python's tz database (zoneinfo) as a small table
joined by year, so DuckDB and Spark compute the same local dates without depending on their
session time zone (ibis pins both sessions to UTC).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

import ibis

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


def with_local_day(
    table: ibis.Table, column: str, name: str, *, within: tuple[int, int] | None = None
) -> ibis.Table:
    """Add `name`: the day number of the Stockholm local date of timestamp `column` (null stays
    null). The offsets are joined by the instant's UTC year (summer time never spans a new
    year, so the UTC year is the right one).

    With `within=(first_day, last_day)` only instants whose local date can fall in that range
    are kept first (see near_days), so far fewer rows meet the join. (A CASE over the years
    instead of the join was measured slower on DuckDB: the epoch is recomputed per branch.)
    """
    if within is not None:
        table = table.filter(near_days(table[column], *within))
    offsets = _offset_table()
    joined = table.left_join(offsets, table[column].year() == offsets.tz_year)
    seconds = joined[column].epoch_seconds()
    summer = (seconds >= joined.dst_from) & (seconds < joined.dst_to)
    local_seconds = seconds + ibis.ifelse(summer, joined.dst, joined.std)
    result = joined.mutate(**{name: (local_seconds // 86400).cast("int64")})
    return result.drop("tz_year", "std", "dst", "dst_from", "dst_to")


@lru_cache(maxsize=1)
def _offset_table() -> ibis.Table:
    return ibis.memtable(offset_rows())


def near_days(column: ibis.Value, first_day: int, last_day: int) -> ibis.Value:
    """A cheap pre-filter on a timestamp column: true for every instant whose Swedish local
    date can fall in [first_day, last_day] (the offset is a few hours, so a day of margin on
    each side is safe). Applied before `with_local_day`, it lets the engine skip row groups
    and join far fewer rows with the offsets; the exact test on local days follows."""
    start = dt.datetime.combine(from_day_number(first_day - 1), dt.time(), tzinfo=dt.UTC)
    end = dt.datetime.combine(from_day_number(last_day + 2), dt.time(), tzinfo=dt.UTC)
    return (column >= ibis.literal(start)) & (column < ibis.literal(end))


def date_day(value: ibis.Value) -> ibis.Value:
    """Day number of a date column."""
    return value.epoch_days().cast("int64")
