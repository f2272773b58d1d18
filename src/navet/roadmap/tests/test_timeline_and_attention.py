"""The timeline's geometry, what needs attention, and the figures placeholder."""

from datetime import date

import pytest

from navet.roadmap import selectors, timeline
from navet.roadmap.figures import NO_RESULTS, latest_values
from navet.roadmap.models import Activity, ActivityStatus

pytestmark = pytest.mark.django_db


def test_bars_sit_on_a_quarterly_axis_over_the_period(vasternorrland):
    version = vasternorrland.versions.get()
    activities = list(selectors.version_activities(version))
    data = timeline.build(version, activities, today=date(2026, 7, 1))
    assert (data.start, data.end) == (date(2025, 1, 1), date(2026, 12, 31))
    assert [t.label for t in data.ticks][:5] == ["2025", "kv2", "kv3", "kv4", "2026"]
    assert data.ticks[4].x == "50.000%"  # 1 Jan 2026: day 365 of 730
    assert data.today_x == "74.795%"  # day 546
    bars = {b.activity.key: b for g in data.groups for s in g.subgroups for b in s.bars}
    assert bars["digitalt-vantrum"].x == "50.000%"
    assert bars["barnsakert"].width == "100.000%"
    assert bars["sammanhallen-dokumentation"].end == date(2026, 12, 31)  # open-ended
    assert not any(b.undated for b in bars.values())
    assert data.groups[0].area.key == "pagaende-arbeten"


def test_undated_activities_span_the_period_and_are_marked(vastmanland):
    version = vastmanland.versions.get()
    data = timeline.build(
        version, list(selectors.version_activities(version)), today=date(2026, 1, 1)
    )
    assert data.undated == 7
    mobility = next(g for g in data.groups if g.area.key == "narsjukvard-mobilitet")
    assert [s.label for s in mobility.subgroups] == [
        "Hela länet",
        "Nod Fagersta",
        "Nod Köping",
        "Nod Sala",
        "Nod Västerås",
    ]


def test_overdue_and_stalled():
    activity = Activity(
        status=ActivityStatus.ONGOING, starts_on=date(2025, 1, 1), ends_on=date(2025, 12, 31)
    )
    today = date(2026, 3, 1)
    note = selectors.attention(
        activity, today=today, last=date(2026, 2, 20), stall_weeks=8, adopted_on=None
    )
    assert note.overdue_days == 60 and note.stalled_weeks is None
    assert note.reasons == ["Slutdatum passerat för 60 dagar sedan"]
    quiet = selectors.attention(
        activity, today=date(2025, 6, 1), last=date(2025, 3, 1), stall_weeks=8, adopted_on=None
    )
    assert quiet.stalled_weeks == 13 and quiet.reasons == ["Ingen uppföljning på 13 veckor"]
    never = selectors.attention(
        activity, today=date(2025, 6, 1), last=None, stall_weeks=8, adopted_on=None
    )
    assert never.reasons == ["Aldrig uppföljd (21 veckor sedan start)"]
    not_yet = Activity(status=ActivityStatus.NOT_STARTED, starts_on=date(2027, 1, 1))
    assert not selectors.attention(
        not_yet, today=today, last=None, stall_weeks=8, adopted_on=date(2024, 1, 1)
    ).any
    activity.status = ActivityStatus.DONE
    assert not selectors.attention(
        activity, today=today, last=None, stall_weeks=8, adopted_on=None
    ).any


def test_no_figures_yet_is_said_never_zero():
    figures = latest_values(
        ["phone_answered_same_day", "phone_answered_same_day"], county_code="19"
    )
    assert list(figures) == ["phone_answered_same_day"]
    figure = figures["phone_answered_same_day"]
    assert figure.value is None and not figure.available and figure.note == NO_RESULTS
