"""Part 10, readmission watch: the follow-up call after the discharge of a person 65+ (to the
health centre, or the municipal home health care the person has), due 48–72 h after discharge,
done with who and when; an acute admission within 30 days flagged on both stays."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from navet.messaging.models import InboxItem
from navet.residents.models import NamedContact
from navet.transitions import readmission, services
from navet.transitions.models import FollowUpCall, Readmission
from navet.transitions.tests.support import admit, ago, call, local_noon
from navet.web.tests.html import text

pytestmark = pytest.mark.django_db


def _discharge(stay, at, destination="home"):
    call(services.discharge, "avdelningsskoterska", stay=stay, at=at, destination=destination)


def _days_ago(days: int):
    return ago(days=days)


def _admit_and_discharge(county, person="elsa", *, days_ago=3, on=_days_ago):
    """Admitted a day before the discharge `days_ago`; `on` turns days back into the moment
    (`local_noon` where calendar days are counted, so the hour never moves the day)."""
    stay, _ = admit(county, person, at=on(days_ago + 1), needs_follow_on=False)
    _discharge(stay, on(days_ago))
    stay.refresh_from_db()
    return stay


def test_follow_up_call_due_48_to_72_hours_after_discharge(demo_users, small_county):
    stay = _admit_and_discharge(small_county, days_ago=0)
    follow_up = FollowUpCall.objects.get(stay=stay)
    assert follow_up.unit == small_county.units["skiljebo"]
    # Hand-computed: discharged at D, call between D + 48 h and D + 72 h.
    assert follow_up.due_from == stay.discharged_at + timedelta(hours=48)
    assert follow_up.due_by == stay.discharged_at + timedelta(hours=72)
    item = InboxItem.objects.get(kind="follow_up_call")
    assert item.to_unit == small_county.units["skiljebo"] and item.due_at == follow_up.due_by
    skiljebo = [small_county.units["skiljebo"].pk]
    assert list(readmission.calls_open(skiljebo)) == [follow_up]


def test_home_health_care_gets_the_call_and_younger_persons_none(
    demo_users, small_county, settings
):
    NamedContact.objects.create(
        person=small_county.persons["elsa"],
        role="named_care_contact",
        staff=small_county.staff["kommunskoterska"],
        unit=small_county.units["home_health"],
        valid_from=date(2024, 1, 1),
    )
    stay = _admit_and_discharge(small_county)
    assert FollowUpCall.objects.get(stay=stay).unit == small_county.units["home_health"]
    maria = _admit_and_discharge(small_county, "maria")  # 41 years old
    assert not FollowUpCall.objects.filter(stay=maria).exists()
    settings.NAVET_FOLLOW_UP_MIN_AGE = 40
    assert readmission.create_follow_up(actor=None, stay=maria, now=timezone.now()) is not None


def test_deceased_gets_no_call(demo_users, small_county):
    stay, _ = admit(small_county, at=ago(days=2), needs_follow_on=False)
    _discharge(stay, ago(days=1), destination="deceased")
    assert not FollowUpCall.objects.exists()


def test_acute_readmission_within_30_days_is_flagged_on_both_stays(demo_users, small_county):
    index = _admit_and_discharge(small_county, days_ago=11, on=local_noon)
    again, _ = admit(small_county, at=local_noon(1))
    flag = Readmission.objects.get()
    assert (flag.index_stay, flag.new_stay, flag.days) == (index, again, 10)
    assert readmission.readmission_flags(index)["readmitted"] == [flag]
    assert readmission.readmission_flags(again)["readmission_of"] == flag


def test_planned_or_late_admissions_are_not_readmissions(demo_users, small_county):
    _admit_and_discharge(small_county, days_ago=32, on=local_noon)
    admit(small_county, at=local_noon(1))  # 31 calendar days later
    assert not Readmission.objects.exists()
    gustav = _admit_and_discharge(small_county, "gustav", days_ago=5)
    admit(small_county, "gustav", at=ago(hours=1), admission_type="planned")
    assert not Readmission.objects.filter(index_stay=gustav).exists()


def test_follow_up_marked_done_on_the_stay_page(client_as, small_county):
    stay = _admit_and_discharge(small_county, days_ago=4)  # past the 72 h
    nurse = client_as("distriktsskoterska")
    main = text(nurse.get(reverse("transitions:worklist")).content, "main")
    assert "Uppföljande samtal efter utskrivning" in main and "försenat" in main
    start = text(nurse.get(reverse("web:start")).content, "main")
    assert "1 uppföljande samtal efter utskrivning, varav 1 försenade" in start
    url = reverse("transitions:follow_up_done", args=[stay.person_id, stay.pk])
    page = nurse.post(url, {"note": "Mår bra, hemtjänsten på plats"}, follow=True)
    main = text(page.content, "main")
    assert "Det uppföljande samtalet är markerat som gjort." in main
    assert "Gjort" in main and "Eva Holm" in main and "Mår bra" in main
    follow_up = FollowUpCall.objects.get()
    assert follow_up.inbox_item.acknowledged_at is not None
    assert nurse.post(url, follow=True).status_code == 200  # a second click changes nothing
    assert FollowUpCall.objects.get().done_at == follow_up.done_at
