"""Two people at once on real connections (PostgreSQL row locks): two nurses acknowledging one
admission notice give one acknowledgement and the other is told who; a double submission of an
admission or a ready notice records one of each; marking a follow-up call does not wait for its
stay."""

import pytest

from navet.access.audit import actor_for
from navet.messaging import services as inbox
from navet.messaging.errors import AlreadyAcknowledged
from navet.messaging.models import InboxItem
from navet.transitions import readmission, services
from navet.transitions.models import FollowUpCall, InpatientStay, Notice, StayEvent
from navet.transitions.tests.support import admit, ago, call, user
from navet.web.tests.concurrency import run_together, while_held

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def test_two_nurses_acknowledging_one_notice_give_one_acknowledgement(demo_users, small_county):
    _, sent = admit(small_county)
    notice = next(n for n in sent.notices if n.unit == small_county.units["skiljebo"])
    nurse, doctor = user("distriktsskoterska"), user("allmanlakare")

    def acknowledge(who):
        return lambda: inbox.acknowledge(item=notice.inbox_item, user=who)

    results = run_together(acknowledge(nurse), acknowledge(doctor))
    winners = [r for r in results if isinstance(r, InboxItem)]
    losers = [r for r in results if isinstance(r, AlreadyAcknowledged)]
    assert len(winners) == 1 and len(losers) == 1, results
    item = InboxItem.objects.get(pk=notice.inbox_item_id)
    assert item.acknowledged_by_name in losers[0].message


def test_a_double_submitted_admission_makes_one_stay_and_one_notice_each(demo_users, small_county):
    def go():
        return admit(small_county, key="same")

    results = run_together(go, go, go)
    assert all(isinstance(r, tuple) for r in results), results
    assert InpatientStay.objects.count() == 1
    assert Notice.objects.count() == 2


def test_a_double_submitted_ready_notice_is_sent_once(demo_users, small_county):
    stay, _ = admit(small_county)

    def ready():
        return call(services.mark_ready, "avdelningslakare", stay=stay, key="ready-once")

    run_together(ready, ready)
    assert StayEvent.objects.filter(kind="ready").count() == 1
    assert Notice.objects.filter(kind="ready_notice").count() == 2


def test_marking_a_follow_up_call_does_not_wait_for_a_lock_on_its_stay(demo_users, small_county):
    """Only the call is locked: a colleague's uncommitted change to the stay does not hold up
    the nurse marking the follow-up call as made."""
    stay, _ = admit(small_county, at=ago(days=4), needs_follow_on=False)
    call(services.discharge, "avdelningsskoterska", stay=stay, at=ago(days=3), destination="home")
    follow_up = FollowUpCall.objects.get(stay=stay)
    nurse = user("distriktsskoterska")
    with while_held(lambda: InpatientStay.objects.select_for_update().get(pk=stay.pk)):
        done = readmission.mark_done(
            actor=actor_for(nurse), user=nurse, call=follow_up, note="Mår bra"
        )
    assert done.done_at is not None and FollowUpCall.objects.get().done_by == nurse
