"""Follow-up at meetings: one status update per activity on the agenda, history across versions,
and the rules that keep the forum informed."""

from datetime import timedelta

import pytest
from django.utils import timezone

from navet.roadmap import selectors, services
from navet.roadmap.errors import RoadmapError, StaleEdit
from navet.roadmap.models import ActivityStatus, FollowUp, Judgement

pytestmark = pytest.mark.django_db


def meeting(roadmap, *, days_ago=7, forum="halsam"):
    return services.schedule_meeting(
        user=None,
        forum_id=roadmap.forums.get(key=forum).pk,
        request_key=f"m-{days_ago}-{forum}",
        held_on=timezone.localdate() - timedelta(days=days_ago),
    )


def follow(activity, *, key, status=ActivityStatus.ONGOING, judgement="green", comment="", **kw):
    activity.refresh_from_db()
    return services.record_follow_up(
        user=None,
        activity_id=activity.pk,
        lock_version=activity.lock_version,
        request_key=key,
        status=status,
        judgement=judgement,
        comment=comment,
        **kw,
    )


def test_a_meeting_puts_the_forums_open_activities_on_its_agenda(vasternorrland):
    version = vasternorrland.versions.get()
    done = version.activities.get(key="tsi-alla-kommuner")
    done.status = ActivityStatus.DONE
    done.save()
    halsam = meeting(vasternorrland)  # HälSam follows up the whole roadmap
    assert halsam.agenda.count() == version.activities.count() - 1
    lsg = meeting(vasternorrland, forum="lsg")  # LSG: only what it owns
    assert [a.key for a in lsg.agenda.all()] == ["lsg-alla-kommundelar"]
    again = services.schedule_meeting(
        user=None,
        forum_id=halsam.forum_id,
        request_key="m-7-halsam",
        held_on=halsam.held_on,
    )
    assert again.pk == halsam.pk  # a double submit gives one meeting


def test_follow_up_updates_the_activity_and_the_history_shows_it(vasternorrland):
    m = meeting(vasternorrland)
    activity = m.agenda.get(key="lsg-alla-kommundelar")
    first = follow(activity, key="a", meeting_id=m.pk, comment="Två kommundelar saknar LSG.")
    activity.refresh_from_db()
    assert (activity.status, activity.judgement) == (ActivityStatus.ONGOING, Judgement.GREEN)
    assert first.recorded_on == m.held_on and first.previous_status == ActivityStatus.NOT_STARTED
    later = follow(
        activity,
        key="b",
        status=ActivityStatus.DELAYED,
        judgement="red",
        comment="Försenad.",
        decisions="Presidiet lyfter frågan till KD/RD.",
    )
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.DELAYED and activity.judgement_comment == "Försenad."
    assert list(selectors.history(activity)) == [later, first]


def test_the_same_request_twice_records_one_follow_up(vasternorrland):
    activity = vasternorrland.versions.get().activities.first()
    one = follow(activity, key="same")
    two = follow(activity, key="same")
    assert one.pk == two.pk and FollowUp.objects.count() == 1


def test_a_stale_form_is_refused(vasternorrland):
    activity = vasternorrland.versions.get().activities.first()
    stale = activity.lock_version
    follow(activity, key="first")
    with pytest.raises(StaleEdit):
        services.record_follow_up(
            user=None,
            activity_id=activity.pk,
            lock_version=stale,
            request_key="second",
            status=ActivityStatus.DONE,
        )


def test_bad_news_needs_a_comment(vasternorrland):
    activity = vasternorrland.versions.get().activities.first()
    with pytest.raises(RoadmapError, match="behöver en förklaring"):
        follow(activity, key="x", status=ActivityStatus.DELAYED)
    with pytest.raises(RoadmapError, match="behöver en förklaring"):
        follow(activity, key="y", judgement="red")


def test_once_per_meeting_and_not_before_it(vasternorrland):
    m = meeting(vasternorrland)
    activity = m.agenda.first()
    follow(activity, key="a", meeting_id=m.pk)
    with pytest.raises(RoadmapError, match="redan uppföljd"):
        follow(activity, key="b", meeting_id=m.pk)
    future = meeting(vasternorrland, days_ago=-7)
    with pytest.raises(RoadmapError, match="inte hållits än"):
        follow(future.agenda.first(), key="c", meeting_id=future.pk)


def test_follow_up_happens_in_the_adopted_version(vastra_gotaland):
    activity = vastra_gotaland.versions.get().activities.first()  # a draft
    with pytest.raises(RoadmapError, match="antagna versionen"):
        follow(activity, key="x")


def test_a_late_entry_of_an_older_meeting_keeps_the_newer_status(vasternorrland):
    activity = vasternorrland.versions.get().activities.get(key="barnsakert")
    follow(activity, key="new", status=ActivityStatus.DONE)
    old = meeting(vasternorrland, days_ago=60)
    follow(activity, key="old", status=ActivityStatus.ONGOING, meeting_id=old.pk)
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.DONE
    assert [f.request_key for f in selectors.history(activity)] == ["new", "old"]


def test_history_reads_across_versions(vasternorrland):
    first = vasternorrland.versions.get()
    activity = first.activities.get(key="demensteam")
    follow(activity, key="v1")
    draft = services.start_revision(user=None, roadmap_id=vasternorrland.pk)
    draft = services.open_consultation(
        user=None,
        version_id=draft.pk,
        lock_version=draft.lock_version,
        opens_on=timezone.localdate(),
        closes_on=timezone.localdate(),
    )
    second = services.adopt(
        user=None,
        version_id=draft.pk,
        lock_version=draft.lock_version,
        forum_id=vasternorrland.forums.get(key="halsam").pk,
        adopted_on=timezone.localdate(),
    )
    successor = second.activities.get(key="demensteam")
    follow(successor, key="v2", status=ActivityStatus.DONE)
    assert [f.request_key for f in selectors.history(successor)] == ["v2", "v1"]
