"""`./navet demo` admits two example patients on the demo ward, once."""

import pytest

from navet.transitions.demo import seed_demo_stays
from navet.transitions.models import InpatientStay, Notice
from navet.transitions.selectors import counts

pytestmark = pytest.mark.django_db


def test_the_demo_ward_has_a_waiting_and_a_new_patient(demo_users, small_county):
    assert seed_demo_stays() == 2 and seed_demo_stays() == 0
    waiting = InpatientStay.objects.get(key="demo:stay:waiting")
    assert waiting.ready_at is not None and waiting.discharged_at is None
    new = InpatientStay.objects.get(key="demo:stay:new")
    assert new.consent == "refused"
    skiljebo = small_county.units["skiljebo"].pk
    assert Notice.objects.filter(unit_id=skiljebo).count() == 3  # two admission, one ready
    assert counts([skiljebo], now=waiting.ready_at).ready == 1
