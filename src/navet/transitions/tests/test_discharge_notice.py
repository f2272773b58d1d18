"""Part 7, the discharge notice: sent to every notified unit before or at discharge, once per
unit; on time when sent no later than the discharge day; the patient's summary as a PDF."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from navet.access.audit import actor_for
from navet.messaging.models import InboxItem
from navet.transitions import discharge_notice, services
from navet.transitions.errors import NotAllowed
from navet.transitions.models import DischargeNotice
from navet.transitions.tests.support import admit, ago, call, user
from navet.web.tests.html import text
from navet.web.tests.pdf import first_page_ink_share, pdf_text

pytestmark = pytest.mark.django_db


def _discharge(stay, *, at=None, now=None):
    return call(
        services.discharge,
        "avdelningsskoterska",
        stay=stay,
        at=at or timezone.now(),
        destination="home",
        now=now,
    )


def test_sent_before_discharge_once_per_unit_and_on_time(demo_users, small_county):
    stay, _ = admit(small_county)
    assert discharge_notice.discharge_notice_on_time(stay) is None  # still in hospital
    nurse = user("avdelningsskoterska")
    discharge_notice.send(actor=actor_for(nurse), user=nurse, stay=stay)
    rows = DischargeNotice.objects.filter(stay=stay)
    assert {r.unit for r in rows} == {
        small_county.units["skiljebo"],
        small_county.units["social_services"],
    }
    other = user("distriktsskoterska")
    with pytest.raises(NotAllowed, match="skickas av Avdelning 31"):
        discharge_notice.send(actor=actor_for(other), user=other, stay=stay)
    item = InboxItem.objects.get(kind="discharge_notice", to_unit=small_county.units["skiljebo"])
    assert "Fast vårdkontakt: Eva Holm, Vårdcentralen Skiljebo" in item.body
    assert "Gällande planer: 0 SIP" in item.body
    call(services.mark_ready, "avdelningslakare", stay=stay)
    _discharge(stay)
    assert DischargeNotice.objects.filter(stay=stay).count() == 2  # not sent again
    stay.refresh_from_db()
    assert discharge_notice.discharge_notice_on_time(stay) is True


def test_discharge_registered_a_day_late_sends_a_late_notice(demo_users, small_county):
    # Time travel: admitted three days ago, discharged two days ago, but the discharge is
    # registered (and so the notice sent) only now: later than the discharge day.
    stay, _ = admit(small_county, at=ago(days=3), now=ago(days=3))
    call(services.mark_ready, "avdelningslakare", stay=stay, now=ago(days=2, hours=1))
    _discharge(stay, at=ago(days=2))
    stay.refresh_from_db()
    assert DischargeNotice.objects.filter(stay=stay).count() == 2
    assert discharge_notice.discharge_notice_on_time(stay) is False


def test_no_notified_unit_no_notice_and_nothing_due(demo_users, small_county):
    stay, _ = admit(small_county, needs_follow_on=False)
    _discharge(stay)
    stay.refresh_from_db()
    assert not DischargeNotice.objects.exists()
    assert discharge_notice.discharge_notice_on_time(stay) is None


def test_summary_pdf_and_the_send_button(client_as, small_county):
    stay, _ = admit(small_county, estimate=timezone.localdate() + timedelta(days=2))
    ward = client_as("avdelningsskoterska")
    page = ward.post(
        reverse("transitions:discharge_notice", args=[stay.person_id, stay.pk]), follow=True
    )
    main = text(page.content, "main")
    assert "Meddelandet om utskrivning är skickat." in main
    assert "Till Vårdcentralen Skiljebo" in main
    response = ward.get(reverse("transitions:summary_pdf", args=[stay.person_id, stay.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    content = response.content
    words = " ".join(pdf_text(content).split())
    assert "Sammanfattning vid utskrivning" in words and "Elsa Lindqvist" in words
    assert "Fast vårdkontakt" in words or "fast vårdkontakt" in words.lower()
    assert "Ingen SIP är planerad." in words and "Du har inga gällande planer." in words
    assert first_page_ink_share(content) > 0.002
