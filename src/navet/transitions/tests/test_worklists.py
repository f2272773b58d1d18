"""Deadlines as worklists, with the clock moved: a notice becomes overdue after 24 h, a ready
patient's day count grows, and the start pages show the counts."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from navet.transitions import deadlines, selectors, services
from navet.transitions.tests.support import admit, ago, call
from navet.web.tests.html import text

pytestmark = pytest.mark.django_db


def test_notice_becomes_overdue_and_ready_days_count_with_time(demo_users, small_county):
    stay, _ = admit(small_county)
    skiljebo = [small_county.units["skiljebo"].pk]
    now = timezone.now()
    assert selectors.notices_to_acknowledge(skiljebo).count() == 1
    assert selectors.overdue_notices(skiljebo, now=now).count() == 0
    assert selectors.overdue_notices(skiljebo, now=now + timedelta(hours=23)).count() == 0
    assert selectors.overdue_notices(skiljebo, now=now + timedelta(hours=25)).count() == 1
    call(services.mark_ready, "avdelningslakare", stay=stay)
    stay.refresh_from_db()
    ward = [small_county.units["ward"].pk]
    for unit_ids in (ward, skiljebo):
        assert list(selectors.ready_in_hospital(unit_ids)) == [stay]
    assert selectors.days_ready(stay, now=stay.ready_at) == 0
    assert selectors.days_ready(stay, now=stay.ready_at + timedelta(days=3)) == 3
    # The admission notice and the ready notice wait; two days on, both are overdue.
    counts = selectors.counts(skiljebo, now=now)
    assert (counts.to_acknowledge, counts.overdue, counts.ready) == (2, 0, 1)
    counts = selectors.counts(skiljebo, now=now + timedelta(days=2))
    assert (counts.to_acknowledge, counts.overdue, counts.ready) == (2, 2, 1)
    call(
        services.discharge, "avdelningsskoterska", stay=stay, at=timezone.now(), destination="home"
    )
    assert selectors.ready_in_hospital(ward).count() == 0


def test_worklist_page_and_start_card_show_the_deadlines(client_as, small_county):
    stay, _ = admit(small_county)
    call(services.mark_ready, "avdelningslakare", stay=stay)
    # Time travel: Leo's admission was registered 26 hours ago (the services take the clock),
    # so its notice is past the 24 hours the receivers have to acknowledge it.
    admit(small_county, "leo", at=ago(hours=27), now=ago(hours=26))
    nurse = client_as("distriktsskoterska")
    main = text(nurse.get(reverse("web:start")).content, "main")
    assert "3 meddelanden att kvittera, varav 1 försenade (mer än 24 timmar)" in main
    assert "1 utskrivningsklara kvar på sjukhuset" in main
    page = nurse.get(reverse("transitions:worklist"))
    main = text(page.content, "main")
    assert "Elsa Lindqvist , Avdelning 31, medicin: utskrivningsklar sedan" in main
    assert "dag 0" in main
    assert "Inskrivningsmeddelande: Leo Nilsson" in main and "försenat" in main
    ward = text(client_as("avdelningslakare").get(reverse("web:start")).content, "main")
    assert "2 inskrivna på avdelningen" in ward


def test_discharges_today_tomorrow_and_header_deadlines_with_time(client_as, small_county):
    today = timezone.localdate()
    stay, _ = admit(small_county, estimate=today + timedelta(days=1))
    ward, skiljebo = ([small_county.units[k].pk] for k in ("ward", "skiljebo"))
    for unit_ids in (ward, skiljebo):  # the treating ward and a notified unit
        assert list(deadlines.discharges_soon(unit_ids, now=timezone.now())) == [stay]
    assert not deadlines.discharges_soon(ward, now=timezone.now() + timedelta(days=2)).exists()
    assert deadlines.needing_action(skiljebo, now=timezone.now()).total == 0
    later = deadlines.needing_action(skiljebo, now=timezone.now() + timedelta(hours=25))
    assert (later.notices_overdue, later.total) == (1, 1)
    nurse = client_as("distriktsskoterska")
    main = text(nurse.get(reverse("transitions:worklist")).content, "main")
    assert "Elsa Lindqvist , Avdelning 31, medicin: beräknad utskrivning i morgon" in main
    start = nurse.get(reverse("web:start")).content
    assert "Utskrivningar i dag: 0, i morgon: 1" in text(start, "main")
    assert "Utskrivning" in text(start, "nav") and "tidsfrister" not in text(start, "nav")
    # Time travel: an admission registered 26 h ago is past its 24 h; the header counts it.
    admit(small_county, "leo", at=ago(hours=27), now=ago(hours=26))
    assert "Utskrivning 1 tidsfrister att åtgärda" in text(
        nurse.get(reverse("web:start")).content, "nav"
    )
    call(services.mark_ready, "avdelningslakare", stay=stay)
    stay.refresh_from_db()
    call(
        services.discharge, "avdelningsskoterska", stay=stay, at=timezone.now(), destination="home"
    )
    assert not deadlines.discharges_soon(ward, now=timezone.now()).exists()
