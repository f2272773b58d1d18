"""Two people at once on real connections (PostgreSQL row locks): the second editor of a plan gets
a conflict with both texts, never a silent overwrite; a double submission makes one of each."""

import pytest

from navet.access.audit import actor_for
from navet.messaging.models import InboxItem
from navet.plans import services
from navet.plans.errors import EditConflict
from navet.plans.models import CoordinatedPlan, Invitation, PlanVersion
from navet.plans.tests.support import complete_content, consent_both_ways, start, user
from navet.web.tests.concurrency import run_together

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def test_two_editors_of_one_version_one_wins_the_other_sees_both_texts(demo_users, small_county):
    plan = start(small_county.persons["elsa"])
    maja, eva = user("kommunskoterska"), user("distriktsskoterska")
    content = complete_content(small_county)

    def save(who, goals, k):
        return lambda: services.save_version(
            actor=actor_for(who),
            user=who,
            plan=plan,
            base_version=0,
            data={**content, "what_matters": goals},
            key=k,
        )

    results = run_together(save(maja, "Bo kvar hemma.", "a"), save(eva, "Slippa ramla.", "b"))
    saved = [r for r in results if isinstance(r, PlanVersion)]
    conflicts = [r for r in results if isinstance(r, EditConflict)]
    assert len(saved) == 1 and len(conflicts) == 1, results
    assert conflicts[0].theirs.what_matters == saved[0].what_matters
    assert conflicts[0].mine["what_matters"] != saved[0].what_matters
    assert PlanVersion.objects.count() == 1
    assert CoordinatedPlan.objects.get().version == 1


def test_a_double_submission_makes_one_plan_and_one_invitation(demo_users, small_county):
    elsa = small_county.persons["elsa"]
    maja = user("kommunskoterska")

    def initiate():
        return services.initiate(
            actor=actor_for(maja), user=maja, person=elsa, need="Behov", key="k1"
        )

    plans = run_together(initiate, initiate, initiate)
    assert all(isinstance(p, CoordinatedPlan) for p in plans), plans
    assert CoordinatedPlan.objects.count() == 1
    plan = plans[0]
    consent_both_ways(plan, small_county)

    def invite():
        return services.invite_unit(
            actor=actor_for(maja),
            user=maja,
            plan=plan,
            unit=small_county.units["skiljebo"],
            key="i1",
        )

    results = run_together(invite, invite)
    assert all(isinstance(r, Invitation) for r in results), results
    assert Invitation.objects.count() == 1
    assert InboxItem.objects.filter(kind="invitation").count() == 1
