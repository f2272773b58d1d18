"""Days caused by the region's own gaps (§14): claimed by the municipality, confirmed or disputed
by the region, corrected explicitly, and excluded in the invoice basis (hand-computed)."""

from datetime import timedelta
from decimal import Decimal

import pytest

from navet.access.models import AuditEvent
from navet.payment import services as payment
from navet.payment import sources
from navet.payment.models import DailyAmount
from navet.transitions import gaps
from navet.transitions.errors import NotAllowed, OutOfOrder, TransitionError
from navet.transitions.models import GapStatus
from navet.transitions.tests.support import call
from navet.transitions.tests.test_payment_source import stay_last_month  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def _claim(stay, first, last, username="bistandshandlaggare", **kwargs):
    kwargs.setdefault("reason", "health_centre_not_ready")
    kwargs.setdefault("text", "Vårdcentralens läkemedelsgenomgång var inte klar")
    return call(gaps.claim, username, stay=stay, first_day=first, last_day=last, **kwargs)


def _basis(stay, d):
    DailyAmount.objects.update_or_create(year=d.year, defaults={"amount": Decimal("9300")})
    timelines = sources.get("transitions").timelines(
        stay.municipality.code, d, d + timedelta(days=30)
    )
    return payment.produce_basis(stay.municipality, d, timelines)


def test_confirmed_days_are_excluded_in_the_hand_computed_basis(stay_last_month):  # noqa: F811
    """Without gaps the statutory basis has 4 liable days, D+8 … D+11 (test_payment_source).
    The municipality claims D+9 … D+10, the ward confirms: 2 liable days (D+8, D+11), 2
    excluded, 2 × 9 300 kr. The free days are not pushed forward (calendar days)."""
    stay, d = stay_last_month
    gap = _claim(stay, d + timedelta(days=9), d + timedelta(days=10))
    assert _basis(stay, d).total_days == Decimal(4)  # a claim alone changes nothing

    call(gaps.decide, "avdelningsskoterska", gap=gap, confirm=True)

    basis = _basis(stay, d)
    [line] = basis.lines
    assert line.liable_days == Decimal(2) and line.excluded_days == 2
    assert basis.total_amount == Decimal(2 * 9300)
    assert "Vårdcentralens del var inte klar" in line.explanation
    assert "Avdelning 31, medicin" in line.explanation
    assert stay.person.full_name not in line.explanation
    details = AuditEvent.objects.filter(object_type="stay_gap").values_list("detail", flat=True)
    assert any("begärda" in t for t in details) and any("bekräftade" in t for t in details)


def test_who_may_do_what_and_the_order_of_days(stay_last_month):  # noqa: F811
    stay, d = stay_last_month
    with pytest.raises(NotAllowed):
        _claim(stay, d + timedelta(days=9), d + timedelta(days=9), username="avdelningsskoterska")
    with pytest.raises(OutOfOrder, match="före utskrivningsklar"):
        _claim(stay, d + timedelta(days=1), d + timedelta(days=3))
    with pytest.raises(OutOfOrder, match="efter utskrivningsdagen"):
        _claim(stay, d + timedelta(days=11), d + timedelta(days=13))
    with pytest.raises(TransitionError, match="Beskriv"):
        _claim(stay, d + timedelta(days=9), d + timedelta(days=9), text="x")
    gap = _claim(stay, d + timedelta(days=9), d + timedelta(days=10))
    with pytest.raises(OutOfOrder, match="överlappar"):
        _claim(stay, d + timedelta(days=10), d + timedelta(days=11))
    with pytest.raises(NotAllowed):
        call(gaps.decide, "bistandshandlaggare", gap=gap, confirm=True)
    with pytest.raises(TransitionError, match="bestrider"):
        call(gaps.decide, "distriktsskoterska", gap=gap, confirm=False, note="")
    call(gaps.decide, "distriktsskoterska", gap=gap, confirm=False, note="Vi var klara dag 9")
    # The other side of the region deciding later is told who did.
    with pytest.raises(OutOfOrder, match="Bestridd av regionen redan"):
        call(gaps.decide, "avdelningsskoterska", gap=gap, confirm=True)
    gap.refresh_from_db()
    assert gap.status == GapStatus.DISPUTED and gap.decided_unit.name == "Vårdcentralen Skiljebo"
    assert _basis(stay, d).total_days == Decimal(4)
    call(gaps.withdraw, "bistandshandlaggare", gap=gap)
    gap.refresh_from_db()
    assert gap.status == GapStatus.WITHDRAWN


def test_a_correction_replaces_confirmed_days_only_when_confirmed(stay_last_month):  # noqa: F811
    stay, d = stay_last_month
    wrong = _claim(stay, d + timedelta(days=8), d + timedelta(days=11))
    call(gaps.decide, "avdelningsskoterska", gap=wrong, confirm=True)
    assert _basis(stay, d).total_days == Decimal(0)
    with pytest.raises(OutOfOrder, match="återkallas inte"):
        call(gaps.withdraw, "bistandshandlaggare", gap=wrong)

    fix = _claim(stay, d + timedelta(days=10), d + timedelta(days=11), replaces=wrong)
    assert _basis(stay, d).total_days == Decimal(0)  # the old days hold until confirmed
    call(gaps.decide, "avdelningsskoterska", gap=fix, confirm=True)

    wrong.refresh_from_db()
    assert wrong.status == GapStatus.SUPERSEDED
    assert _basis(stay, d).total_days == Decimal(2)  # D+8, D+9 liable again


def test_the_same_claim_twice_is_stored_once(stay_last_month):  # noqa: F811
    stay, d = stay_last_month
    first = _claim(stay, d + timedelta(days=9), d + timedelta(days=9), key="same")
    again = _claim(stay, d + timedelta(days=9), d + timedelta(days=9), key="same")
    assert first.pk == again.pk and stay.region_gaps.count() == 1


def test_the_planning_page_claims_and_confirms(client_as, small_county):
    """Within the grace period after discharge the municipality still reads the stay."""
    from django.urls import reverse
    from django.utils import timezone

    from navet.transitions import services
    from navet.transitions.tests.support import admit
    from navet.web.tests.html import text

    now = timezone.now()
    stay, _ = admit(small_county, at=now - timedelta(days=15), now=now - timedelta(days=15))
    d = timezone.localdate(now - timedelta(days=13))  # the ready day is d
    call(services.mark_ready, "avdelningslakare", stay=stay, now=now - timedelta(days=13))
    call(
        services.discharge,
        "avdelningsskoterska",
        stay=stay,
        at=now - timedelta(days=2),
        destination="home",
        now=now - timedelta(days=2),
    )
    d = d - timedelta(days=5)  # the form's days below are d+9 … d+10, i.e. ready day +4 … +5
    args = [stay.person_id, stay.pk]
    page = reverse("transitions:planning", args=args)
    municipality = client_as("bistandshandlaggare")
    assert "Begär undantagna dagar" in text(municipality.get(page).content, "main")
    form = {
        "gap-key": "k1",
        "gap-first_day": f"{d + timedelta(days=9):%Y-%m-%d}",
        "gap-last_day": f"{d + timedelta(days=8):%Y-%m-%d}",
        "gap-reason": "named_contact_missing",
        "gap-text": "Ingen fast vårdkontakt utsedd trots påminnelse",
    }
    refused = municipality.post(reverse("transitions:gap_claim", args=args), form)
    assert refused.status_code == 400 and "före första dagen" in text(refused.content, "main")
    form["gap-last_day"] = f"{d + timedelta(days=10):%Y-%m-%d}"
    assert municipality.post(reverse("transitions:gap_claim", args=args), form).status_code == 302
    municipality.post(reverse("transitions:gap_claim", args=args), form)  # a double submission
    [gap] = stay.region_gaps.all()

    ward = client_as("avdelningsskoterska")
    shown = text(ward.get(page).content, "main")
    assert "Fast vårdkontakt saknades" in shown and "Begär undantagna dagar" not in shown
    confirm = reverse("transitions:gap_decide", args=[*args, gap.pk, "confirm"])
    assert municipality.post(confirm, {"key": "x"}).status_code == 400  # not the region
    assert ward.post(confirm, {"key": "k2"}).status_code == 302
    gap.refresh_from_db()
    assert gap.status == GapStatus.CONFIRMED
    assert "Bekräftad av regionen" in text(ward.get(page).content, "main")
