"""`./navet demo` shows shared deviations from both sides, once."""

import pytest

from navet.deviations.demo import seed_demo_deviations
from navet.deviations.models import Deviation, Status
from navet.transitions.demo import seed_demo_stays

pytestmark = pytest.mark.django_db


def test_the_demo_has_open_and_closed_deviations_on_both_sides(demo_users, small_county):
    seed_demo_stays()
    assert seed_demo_deviations() == 3 and seed_demo_deviations() == 0
    ward, home_health = small_county.units["ward"], small_county.units["home_health"]
    assert Deviation.objects.get(key="demo:deviation:open").responsible_unit == ward
    assert Deviation.objects.get(key="demo:deviation:routine").responsible_unit == home_health
    closed = Deviation.objects.get(key="demo:deviation:closed")
    assert closed.status == Status.CLOSED and "checklista" in closed.measures
