"""Two secretaries updating one activity at once never lose an update (PostgreSQL: row locks)."""

import pytest

from navet.roadmap import services
from navet.roadmap.errors import StaleEdit
from navet.roadmap.models import Activity, ActivityStatus, FollowUp
from navet.web.tests.concurrency import run_together

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def update(activity, *, key, status, comment=""):
    return lambda: services.record_follow_up(
        user=None,
        activity_id=activity.pk,
        lock_version=activity.lock_version,
        request_key=key,
        status=status,
        comment=comment,
    )


def test_two_updates_from_one_form_version_one_wins_the_other_is_told(vasternorrland):
    activity = vasternorrland.versions.get().activities.get(key="barnsakert")
    results = run_together(
        update(activity, key="a", status=ActivityStatus.DONE),
        update(activity, key="b", status=ActivityStatus.DELAYED, comment="Försenad."),
    )
    saved = [r for r in results if isinstance(r, FollowUp)]
    refused = [r for r in results if isinstance(r, StaleEdit)]
    assert len(saved) == 1 and len(refused) == 1, results
    activity = Activity.objects.get(pk=activity.pk)
    assert activity.status == saved[0].status  # the winner's update is the activity's state
    assert activity.lock_version == 2
    assert FollowUp.objects.count() == 1


def test_a_double_submit_records_one_follow_up(vasternorrland):
    activity = vasternorrland.versions.get().activities.get(key="barnsakert")
    results = run_together(
        update(activity, key="same", status=ActivityStatus.DONE),
        update(activity, key="same", status=ActivityStatus.DONE),
    )
    assert all(isinstance(r, FollowUp) for r in results), results
    assert results[0].pk == results[1].pk
    assert FollowUp.objects.count() == 1
    assert Activity.objects.get(pk=activity.pk).lock_version == 2


def test_updates_from_fresh_forms_are_all_kept(vasternorrland):
    activity = vasternorrland.versions.get().activities.get(key="barnsakert")

    def fresh(key, status):
        def run():
            current = Activity.objects.get(pk=activity.pk)
            for _ in range(20):
                try:
                    return services.record_follow_up(
                        user=None,
                        activity_id=current.pk,
                        lock_version=current.lock_version,
                        request_key=key,
                        status=status,
                    )
                except StaleEdit:  # reload and try again, as the page tells the user
                    current = Activity.objects.get(pk=activity.pk)
            raise AssertionError("never got through")

        return run

    results = run_together(
        fresh("a", ActivityStatus.ONGOING), fresh("b", ActivityStatus.ONGOING), fresh("c", "done")
    )
    assert all(isinstance(r, FollowUp) for r in results), results
    assert FollowUp.objects.count() == 3
    assert Activity.objects.get(pk=activity.pk).lock_version == 4
