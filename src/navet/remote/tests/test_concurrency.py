"""Two doctors pick up the same case at once (PostgreSQL row locks): one wins, the other is told
who; two submissions of one question make one consultation."""

import pytest

from navet.messaging.models import InboxItem
from navet.remote.errors import AlreadyPickedUp
from navet.remote.models import Consultation
from navet.remote.tests.support import ask, pick_up
from navet.web.tests.concurrency import run_together

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def test_two_doctors_pick_up_at_once_one_wins_the_other_sees_who(
    nurse_cares_for_elsa, small_county, second_doctor
):
    c = ask(small_county.persons["elsa"])
    results = run_together(lambda: pick_up(c, "allmanlakare"), lambda: pick_up(c, "st"))
    won = [r for r in results if isinstance(r, Consultation)]
    lost = [r for r in results if isinstance(r, AlreadyPickedUp)]
    assert len(won) == 1 and len(lost) == 1, results
    assert lost[0].by_name == won[0].picked_by_name
    c.refresh_from_db()
    assert c.picked_by_name == won[0].picked_by_name


def test_a_double_submission_makes_one_consultation(nurse_cares_for_elsa, small_county):
    elsa = small_county.persons["elsa"]
    results = run_together(*[lambda: ask(elsa, key="same") for _ in range(3)])
    assert all(isinstance(r, Consultation) for r in results), results
    assert Consultation.objects.count() == 1
    assert InboxItem.objects.filter(kind="consultation_question").count() == 1
