"""The demo's roadmaps: Västmanland and Västernorrland in the demo county, with a year of
synthetic meeting follow-ups and some activities delayed."""

from datetime import date

import pytest

from navet.roadmap import selectors
from navet.roadmap.demo import ensure_demo_roadmaps
from navet.roadmap.models import ActivityStatus, FollowUp, Meeting

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 28)


def test_the_demo_shows_a_year_of_follow_ups_with_some_activities_delayed(demo_users):
    vastmanland, vasternorrland = ensure_demo_roadmaps("19", today=TODAY)
    assert vastmanland.county_id == vasternorrland.county_id == "19"
    meetings = Meeting.objects.filter(forum__roadmap=vasternorrland).order_by("held_on")
    assert meetings.count() == 11  # monthly, not in July
    assert meetings.first().held_on == date(2025, 12, 10)
    assert meetings.last().held_on == date(2026, 11, 11)
    assert meetings.first().forum.name == "Länsledning HälSam"
    version = vasternorrland.versions.get()
    follow_ups = FollowUp.objects.filter(activity__roadmap_version=version)
    assert follow_ups.count() > 80
    assert {f.recorded_by_name for f in follow_ups} == {"Frida Färdplansson"}
    delayed = version.activities.filter(status=ActivityStatus.DELAYED)
    assert delayed.count() >= 2
    assert version.activities.filter(status=ActivityStatus.DONE).exists()
    watch = selectors.forum_watch(meetings.first().forum, today=TODAY)
    reasons = {r for row in watch.needs_attention for r in row.attention.reasons}
    assert any(r.startswith("Slutdatum passerat") for r in reasons)
    assert any(r.startswith("Ingen uppföljning på") for r in reasons)  # a stalled one
    history = list(selectors.history(delayed.first()))
    assert len({f.recorded_on.month for f in history}) >= 10
    assert Meeting.objects.filter(forum__roadmap=vastmanland).count() == 4  # quarterly


def test_a_second_run_adds_nothing(demo_users):
    ensure_demo_roadmaps("19", today=TODAY)
    counts = (Meeting.objects.count(), FollowUp.objects.count())
    ensure_demo_roadmaps("19", today=TODAY)
    assert (Meeting.objects.count(), FollowUp.objects.count()) == counts


def test_the_demo_reports_read_the_demo_run(demo_users, settings):
    """The demo's run ends on Follow-up's default period end; its reports' periods hold it."""
    from navet.followup.tests.stored import stored_run
    from navet.roadmap.models import Report, ReportKind
    from navet.roadmap.reports import build

    settings.NAVET_INDICATORS_TO = "2025-12-31"
    stored_run(indicators=("phone_answered_same_day", "most_ill_elderly"))
    ensure_demo_roadmaps("19", today=date(2026, 1, 15))  # meetings during 2025
    ensure_demo_roadmaps("19", today=date(2026, 1, 15))
    assert Report.objects.count() == 2
    grant = Report.objects.get(kind=ReportKind.STATE_GRANT)
    assert (grant.period_start, grant.period_end) == (date(2025, 1, 1), date(2025, 12, 31))
    assert grant.sections.get(key="inledning").text.startswith("Exempeltext i demon")
    phone = next(
        f for s in build(grant).sections for f in s.figures if f.indicator_id.startswith("phone")
    )
    assert phone.value == "60,0\u00a0%" and phone.period == "2025-01-01 – 2025-12-31"
    directors = Report.objects.get(kind=ReportKind.DIRECTORS)
    assert directors.period_start == date(2025, 7, 1)
    content = build(directors)
    assert any(line.comment for _, lines in content.areas for line in lines)
    assert any(t.figure.value for t in content.targets)


def test_the_demo_report_periods_hold_a_period_end_of_the_run():
    from navet.roadmap.demo import demo_report_periods

    assert demo_report_periods(date(2026, 10, 31)) == {
        "state_grant": (date(2025, 1, 1), date(2025, 12, 31)),  # holds 2025-10-31
        "directors": (date(2026, 7, 1), date(2026, 12, 31)),
    }
