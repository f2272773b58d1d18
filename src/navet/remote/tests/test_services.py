from datetime import date, timedelta

import pytest
from django.utils import timezone

from navet.access.models import AuditEvent
from navet.messaging.models import InboxItem
from navet.messaging.services import escalate_overdue as escalate_inbox
from navet.remote import selectors, services
from navet.remote.errors import AlreadyPickedUp, RemoteError
from navet.remote.models import Consultation, OnCallRota, Status
from navet.remote.tests.support import answer, ask, pick_up, user

pytestmark = pytest.mark.django_db


def test_a_question_goes_to_the_listing_health_centre_with_deadline_and_inbox_item(
    nurse_cares_for_elsa, small_county
):
    elsa = small_county.persons["elsa"]
    before = timezone.now()
    c = ask(elsa, urgency="acute")
    assert c.to_unit == small_county.units["skiljebo"]
    assert c.asking_unit == small_county.units["home_health"]
    assert c.pulse == 112 and str(c.temperature) == "38.6"
    assert before + timedelta(minutes=59) < c.due_at <= timezone.now() + timedelta(minutes=60)
    item = InboxItem.objects.get(kind="consultation_question")
    assert item.to_unit == c.to_unit and item.person == elsa and "Puls: 112 slag/min" in item.body
    assert AuditEvent.objects.filter(object_type="consultation", action="create").exists()


def test_the_consultation_opens_the_doctors_units_care_relationship(
    nurse_cares_for_elsa, small_county
):
    elsa = small_county.persons["elsa"]
    OnCallRota.objects.create(
        subarea=small_county.municipalities["vasteras"].subarea,
        unit=small_county.units["city"],
        valid_from=date(2020, 1, 1),
    )
    c = ask(elsa, target="on_call")
    assert c.to_unit == small_county.units["city"]
    assert c.person.care_relationships.filter(unit=small_county.units["city"]).exists()


def test_no_rota_and_no_listing_are_refused_in_swedish(nurse_cares_for_elsa, small_county):
    with pytest.raises(RemoteError, match="inget jourschema"):
        ask(small_county.persons["elsa"], target="on_call")
    with pytest.raises(RemoteError, match="inte listad"):
        ask(small_county.persons["tomas"])
    assert not Consultation.objects.exists()


@pytest.mark.parametrize(
    "vitals, field, reason",
    [
        ({"spo2": "130"}, "spo2", "Syremättnad 130 % är inte möjligt"),
        ({"temperature": "386"}, "temperature", "Temperatur 386,0 °C är inte möjligt"),
        ({"pulse": "hög"}, "pulse", "Skriv puls som ett tal"),
        ({"systolic": "80", "diastolic": "90"}, "diastolic", "lägre än det systoliska"),
        ({"systolic": "120"}, "systolic", "både systoliskt och diastoliskt"),
        ({"pulse": "72.5"}, "pulse", "högst 0 decimaler"),
    ],
)
def test_impossible_vital_signs_are_refused_with_the_reason(
    nurse_cares_for_elsa, small_county, vitals, field, reason
):
    with pytest.raises(RemoteError) as caught:
        ask(small_county.persons["elsa"], vitals=vitals)
    assert reason in caught.value.errors[field]
    assert not Consultation.objects.exists() and not InboxItem.objects.exists()


def test_a_double_submit_makes_one_consultation(nurse_cares_for_elsa, small_county):
    first = ask(small_county.persons["elsa"], key="same")
    second = ask(small_county.persons["elsa"], key="same")
    assert first.pk == second.pk
    assert Consultation.objects.count() == 1 and InboxItem.objects.count() == 1


def test_the_queue_is_ordered_by_urgency_then_waiting_time(nurse_cares_for_elsa, small_county):
    elsa = small_county.persons["elsa"]
    now = timezone.now()
    routine = ask(elsa, urgency="routine", now=now - timedelta(hours=5))
    today_late = ask(elsa, urgency="today", now=now - timedelta(hours=1))
    today_early = ask(elsa, urgency="today", now=now - timedelta(hours=2))
    acute = ask(elsa, urgency="acute", now=now)
    queue = list(selectors.queue(user("allmanlakare")))
    assert queue == [acute, today_early, today_late, routine]
    assert list(selectors.queue(user("kommunskoterska"))) == []
    assert selectors.counts(user("kommunskoterska"))["asked_open"] == 4


def test_pick_up_and_answer_reach_the_nurse_with_a_video_link(
    nurse_cares_for_elsa, small_county, second_doctor
):
    c = ask(small_county.persons["elsa"])
    with pytest.raises(RemoteError, match="Ta konsultationen"):
        answer(c)
    pick_up(c)
    with pytest.raises(AlreadyPickedUp, match="Per Ek har redan tagit"):
        pick_up(c, "st")
    with pytest.raises(AlreadyPickedUp):
        answer(c, "st")
    c = answer(c, orders="Paracetamol 1 g x 4", visit_needed=True, video=True)
    assert c.status == Status.ANSWERED and c.video_link.startswith("https://")
    item = InboxItem.objects.get(kind="consultation_answer")
    assert item.to_unit == small_county.units["home_health"]
    assert "Paracetamol 1 g x 4" in item.body and c.video_link in item.body
    assert answer(c, advice="Något annat").advice == c.advice  # a double submit
    assert InboxItem.objects.filter(kind="consultation_answer").count() == 1
    assert list(selectors.queue(user("allmanlakare"))) == []


def test_a_doctor_of_another_unit_cannot_pick_up(nurse_cares_for_elsa, small_county):
    c = ask(small_county.persons["elsa"])
    with pytest.raises(RemoteError, match="annan enhets kö"):
        pick_up(c, "avdelningslakare")


def test_an_unanswered_consultation_escalates_once_after_its_deadline_and_stays(
    nurse_cares_for_elsa, small_county, settings
):
    settings.NAVET_REMOTE_DEADLINE_MINUTES = {"acute": 30}
    c = ask(small_county.persons["elsa"], urgency="acute")
    assert services.escalate_overdue(now=timezone.now() + timedelta(minutes=29)) == 0
    later = timezone.now() + timedelta(minutes=31)  # time travel past the deadline
    assert services.escalate_overdue(now=later) == 1
    assert services.escalate_overdue(now=later + timedelta(hours=1)) == 0
    assert escalate_inbox(now=later) == 0  # the inbox does not escalate the question again
    escalation = InboxItem.objects.get(kind="consultation_overdue")
    assert escalation.to_unit == small_county.units["skiljebo"]
    c.refresh_from_db()
    assert c.escalated_at == later
    assert list(selectors.queue(user("allmanlakare"))) == [c]  # never disappears
    assert selectors.counts(user("allmanlakare"), now=later)["queue_overdue"] == 1


def test_an_answered_consultation_does_not_escalate(nurse_cares_for_elsa, small_county):
    c = ask(small_county.persons["elsa"], urgency="acute")
    pick_up(c)
    answer(c)
    assert services.escalate_overdue(now=timezone.now() + timedelta(days=5)) == 0


def test_answering_settles_the_question_and_its_overdue_notice_in_the_inbox(
    nurse_cares_for_elsa, small_county, settings
):
    settings.NAVET_REMOTE_DEADLINE_MINUTES = {"acute": 30}
    c = ask(small_county.persons["elsa"], urgency="acute")
    assert services.escalate_overdue(now=timezone.now() + timedelta(minutes=31)) == 1
    pick_up(c)
    c = answer(c)
    doctor = user("allmanlakare")
    for kind in ("consultation_question", "consultation_overdue"):
        item = InboxItem.objects.get(kind=kind)
        assert item.acknowledged_at == c.answered_at and item.acknowledged_by == doctor, kind
    answered = InboxItem.objects.get(kind="consultation_answer")  # the nurse's, still to read
    assert answered.acknowledged_at is None
