"""The timeline (Gantt) of a version's activities, drawn on the server.

Rows are grouped by priority area and, inside an area, by subarea ("Hela länet" for activities
that name none; an activity with two subareas appears under both). Each row carries its text —
title, status, dates — so the bars are decoration: the page reads the same without them (and the
template adds the table alternative). Bar geometry is in percent of the axis, as strings ready
for SVG attributes (no inline styles: the CSP forbids them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from navet.roadmap.models import Activity, RoadmapVersion

WHOLE_COUNTY = "Hela länet"


def _pct(value: float) -> str:
    return f"{max(0.0, min(100.0, value)):.3f}%"


@dataclass(frozen=True)
class Tick:
    label: str
    x: str  # percent, for SVG
    major: bool  # a year boundary


@dataclass(frozen=True)
class Bar:
    activity: Activity
    start: date
    end: date
    x: str
    width: str
    undated: bool  # no dates of its own: drawn over the whole period, hatched
    overdue: bool


@dataclass
class SubGroup:
    label: str
    bars: list[Bar] = field(default_factory=list)


@dataclass
class Group:
    area: object
    subgroups: list[SubGroup] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(s.bars) for s in self.subgroups)


@dataclass
class Timeline:
    start: date
    end: date
    ticks: list[Tick]
    today_x: str | None
    groups: list[Group]
    undated: int

    @property
    def empty(self) -> bool:
        return not any(g.count for g in self.groups)


def axis_range(
    version: RoadmapVersion, activities: list[Activity], today: date
) -> tuple[date, date]:
    starts = [a.starts_on for a in activities if a.starts_on]
    ends = [a.ends_on for a in activities if a.ends_on]
    start = min([d for d in (version.period_start, *starts) if d], default=None)
    end = max([d for d in (version.period_end, *ends) if d], default=None)
    if start is None and end is None:
        start, end = date(today.year, 1, 1), date(today.year, 12, 31)
    start = start or date(end.year, 1, 1)
    end = end or date(start.year, 12, 31)
    # Whole years read best; a span shorter than a year is widened to its calendar year(s).
    return date(start.year, 1, 1), date(end.year, 12, 31)


def ticks(start: date, end: date) -> list[Tick]:
    total = (end - start).days + 1
    years = end.year - start.year + 1
    result = []
    for year in range(start.year, end.year + 1):
        quarters = (1, 4, 7, 10) if years <= 3 else (1,)
        for month in quarters:
            day = date(year, month, 1)
            offset = (day - start).days / total * 100
            label = str(year) if month == 1 else f"kv{(month - 1) // 3 + 1}"
            result.append(Tick(label, _pct(offset), month == 1))
    return result


def build(
    version: RoadmapVersion, activities: list[Activity], *, today: date, subarea_names=None
) -> Timeline:
    """`activities` with principals and subareas prefetched, in display order."""
    start, end = axis_range(version, activities, today)
    total = (end - start).days + 1
    period_start = version.period_start or start
    period_end = version.period_end or end

    def bar(activity: Activity) -> Bar:
        undated = activity.starts_on is None and activity.ends_on is None
        first = activity.starts_on or period_start
        last = activity.ends_on or (period_end if activity.starts_on is None else end)
        if last < first:
            last = first
        x = (first - start).days / total * 100
        width = max(((last - first).days + 1) / total * 100, 0.6)
        overdue = bool(activity.ends_on and activity.ends_on < today and activity.is_open)
        return Bar(activity, first, last, _pct(x), _pct(width), undated, overdue)

    groups: list[Group] = []
    by_area: dict[int, Group] = {}
    for activity in activities:
        group = by_area.get(activity.area_id)
        if group is None:
            group = by_area[activity.area_id] = Group(activity.area)
            groups.append(group)
        names = [s.name for s in activity.subareas.all()] or [WHOLE_COUNTY]
        if subarea_names is not None:
            names = [n for n in names if n in subarea_names or n == WHOLE_COUNTY] or names
        for name in names:
            sub = next((s for s in group.subgroups if s.label == name), None)
            if sub is None:
                sub = SubGroup(name)
                group.subgroups.append(sub)
            sub.bars.append(bar(activity))
    for group in groups:
        group.subgroups.sort(key=lambda s: (s.label != WHOLE_COUNTY, s.label))
    today_x = _pct((today - start).days / total * 100) if start <= today <= end else None
    undated = sum(1 for a in activities if a.starts_on is None and a.ends_on is None)
    return Timeline(start, end, ticks(start, end), today_x, groups, undated)
