"""The stays as the payment rules' input: the adapter registered as payment source
"transitions" (docs/payment.md, the adapter contract), checked by hand on one stay."""

from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from navet.payment import services as payment
from navet.payment import sources
from navet.payment.models import DailyAmount
from navet.transitions import services
from navet.transitions.tests.support import admit, call

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=STOCKHOLM)


@pytest.fixture
def stay_last_month(demo_users, small_county):
    """Elsa, admitted on day D (the 2nd of last month) at 09:00; ready on D+2 at 14:00, no
    longer ready on D+3 at 10:00, ready again on D+5 at 08:00; discharged home on D+12 at 11:00.
    Every notice is sent at the moment of its event."""
    this_month = timezone.localdate().replace(day=1)
    d = (this_month - timedelta(days=1)).replace(day=2)
    admitted = at(d, 9)
    stay, _ = admit(small_county, at=admitted, now=admitted)
    call(services.mark_ready, "avdelningslakare", stay=stay, now=at(d + timedelta(days=2), 14))
    call(
        services.revoke_ready,
        "avdelningslakare",
        stay=stay,
        reason="Feber igen",
        now=at(d + timedelta(days=3), 10),
    )
    call(services.mark_ready, "avdelningslakare", stay=stay, now=at(d + timedelta(days=5), 8))
    leaves = at(d + timedelta(days=12), 11)
    call(
        services.discharge,
        "avdelningsskoterska",
        stay=stay,
        at=leaves,
        destination="home",
        now=leaves + timedelta(minutes=1),
    )
    stay.refresh_from_db()
    return stay, d


def test_the_stay_becomes_a_timeline_with_its_notices_and_ready_periods(stay_last_month):
    stay, d = stay_last_month
    source = sources.get("transitions")
    assert source is not None
    [timeline] = source.timelines(stay.municipality.code, d, d + timedelta(days=20))
    assert timeline.episode_ref == str(stay.pk)
    assert stay.person.identifier not in timeline.person_key
    assert timeline.admission_notice_at == at(d, 9)
    assert [(p.notified_at, p.revoked_at, p.notice_received) for p in timeline.ready_periods] == [
        (at(d + timedelta(days=2), 14), at(d + timedelta(days=3), 10), True),
        (at(d + timedelta(days=5), 8), None, True),
    ]
    assert timeline.discharged_at == at(d + timedelta(days=12), 11)
    assert timeline.problems() == []
    assert (
        source.timelines(stay.municipality.code, d + timedelta(days=13), d + timedelta(days=20))
        == []
    )


def test_the_statutory_basis_from_the_stay_is_the_hand_computed_one(stay_last_month):
    """Statutory default: 3 free days, day 0 = the ready notice's day. First period: one ready
    day (D+2), none liable. Second: ready days D+5 … D+11 (the discharge day D+12 is not one),
    days 3–6 liable: D+8, D+9, D+10, D+11 — 4 days."""
    stay, d = stay_last_month
    DailyAmount.objects.update_or_create(year=d.year, defaults={"amount": Decimal("9300")})
    source = sources.get("transitions")
    basis = payment.produce_basis(
        stay.municipality, d, source.timelines(stay.municipality.code, d, d + timedelta(days=30))
    )
    assert basis.total_days == Decimal(4)
    assert basis.total_amount == Decimal(4 * 9300)
    [line] = basis.lines
    assert line.episode_ref == str(stay.pk)
