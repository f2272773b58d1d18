"""Concurrent submissions of the person's own choice give one request, and two confirmations
at once give one appointment (PostgreSQL: the person's row lock, the key's unique index and
the one-pending-request constraint)."""

from __future__ import annotations

import pytest

from navet.access.models import AuditEvent
from navet.listing import choice
from navet.listing.models import NamedDoctorChoice
from navet.listing.tests.support import ACTOR
from navet.residents.models import NamedContact
from navet.web.tests.concurrency import run_together

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def _request(county, form_key: str):
    return lambda: choice.request_named_doctor(
        actor=ACTOR, person=county.persons["elsa"], doctor=county.staff["st"], key=form_key
    )


def test_a_double_submitted_choice_creates_one_request(small_county):
    same_form = [_request(small_county, "one-form")] * 2
    results = run_together(*same_form, _request(small_county, "other-form"))
    assert not any(isinstance(r, Exception) for r in results), results
    assert sum(created for _, created in results) == 1
    assert len({made.pk for made, _ in results}) == 1
    assert NamedDoctorChoice.objects.filter(person=small_county.persons["elsa"]).count() == 1
    assert AuditEvent.objects.filter(object_type="nameddoctorchoice", action="create").count() == 1


def test_two_confirmations_at_once_appoint_once(small_county):
    made, _ = _request(small_county, "form")()
    head = small_county.staff["verksamhetschef"]
    confirm = lambda: choice.confirm_choice(actor=ACTOR, choice=made, by=head)  # noqa: E731
    results = run_together(confirm, confirm)
    assert not any(isinstance(r, Exception) for r in results), results
    open_doctors = NamedContact.objects.filter(
        person=small_county.persons["elsa"], role="named_doctor", valid_to__isnull=True
    )
    assert [c.staff for c in open_doctors] == [small_county.staff["st"]]
    made.refresh_from_db()
    assert made.status == "confirmed" and made.named_contact == open_doctors[0]
