"""Two investigators close the same deviation at once (PostgreSQL row locks): one wins, the
other is told who; three submissions of one report make one deviation."""

import pytest

from navet.deviations.errors import AlreadyClosed
from navet.deviations.models import Deviation
from navet.deviations.tests.support import close, report
from navet.messaging.models import InboxItem
from navet.web.tests.concurrency import run_together

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def test_two_investigators_close_at_once_one_wins_the_other_sees_who(small_county, elsa_stay):
    d = report(small_county.persons["elsa"], case=("stay", elsa_stay.pk))
    results = run_together(
        lambda: close(d, "avdelningsskoterska", conclusion="Lenas slutsats."),
        lambda: close(d, "avdelningslakare", conclusion="Karls slutsats."),
    )
    won = [r for r in results if isinstance(r, Deviation)]
    lost = [r for r in results if isinstance(r, AlreadyClosed)]
    assert len(won) == 1 and len(lost) == 1, results
    assert lost[0].by_name == won[0].closed_by_name
    d.refresh_from_db()
    assert d.closed_by_name == won[0].closed_by_name
    assert d.conclusion == won[0].conclusion
    assert InboxItem.objects.filter(kind="deviation_closed").count() == 1


def test_a_double_submission_makes_one_deviation(small_county, elsa_stay):
    elsa = small_county.persons["elsa"]
    results = run_together(
        *[lambda: report(elsa, case=("stay", elsa_stay.pk), key="same") for _ in range(3)]
    )
    assert all(isinstance(r, Deviation) for r in results), results
    assert Deviation.objects.count() == 1
    assert InboxItem.objects.filter(kind="deviation").count() == 1
