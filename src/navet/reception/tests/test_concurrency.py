"""Two staff members press "Ta ärendet" at once: exactly one holds the case (PostgreSQL)."""

import pytest
from django.contrib.auth.models import User

from navet.access.audit import system_actor
from navet.reception import services
from navet.reception.errors import ReceptionError
from navet.reception.models import ReceptionRequest
from navet.reception.tests.support import FORM
from navet.reception.triage import RED_FLAGS
from navet.web.tests.concurrency import run_together

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def test_concurrent_pick_up_one_wins(demo_users):
    resident = User.objects.get(username="invanare")
    data = {**FORM, **{f.code: False for f in RED_FLAGS}}
    request = services.submit_request(
        person=resident.resident, user=resident, key="c", data=data, actor=system_actor("t")
    )
    staff = [User.objects.get(username=u) for u in ("distriktsskoterska", "allmanlakare")]

    def pick(user):
        return lambda: services.pick_up(
            request=ReceptionRequest.objects.get(pk=request.pk), user=user, actor=system_actor("t")
        )

    results = run_together(*(pick(u) for u in staff))
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], ReceptionError), results
    assert errors[0].code == "taken"
    request.refresh_from_db()
    winner = next(r for r in results if not isinstance(r, Exception))
    assert request.picked_by_id == winner.picked_by_id
