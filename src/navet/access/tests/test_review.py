"""Log review: systematic samples, targeted checks and the documented workflow."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from navet.access import review
from navet.access.audit import actor_for, record
from navet.access.errors import AccessError, StaleEdit
from navet.access.models import LogReview, StaffPerson
from navet.access.relationships import day_start
from navet.access.tests.support import relate, user
from navet.organisation.models import Staff

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 10)


def read(username, person, *, at=None, unit_override=None):
    return record(
        actor_for(user(username)),
        action="read",
        person_id=person.pk,
        object_type="person",
        object_id=person.pk,
        purpose="care",
        at=at or day_start(DAY) + timedelta(hours=10),
    )


def test_a_monthly_sample_covers_a_share_of_active_users_over_24_hours(
    demo_users, small_county, settings
):
    settings.NAVET_REVIEW_SAMPLE_SHARE = 0.5
    elsa = small_county.persons["elsa"]
    for username in ("allmanlakare", "distriktsskoterska", "verksamhetschef", "samordnare"):
        read(username, elsa)
    reviews = review.create_systematic_sample(month=DAY, created_by="sakerhetsansvarig")
    assert len(reviews) == 2
    for item in reviews:
        assert item.kind == "systematic" and item.check_kind == "sample"
        assert item.period_end - item.period_start == timedelta(hours=24)
        assert day_start(date(2026, 3, 1)) <= item.period_start
        assert item.period_end <= day_start(date(2026, 4, 1))
    again = review.create_systematic_sample(month=DAY, created_by="someone else")
    assert {r.pk for r in again} == {r.pk for r in reviews}  # the same month keeps its sample


def test_users_not_checked_in_the_last_year_come_first(demo_users, small_county, settings):
    settings.NAVET_REVIEW_SAMPLE_SHARE = 0.5
    elsa = small_county.persons["elsa"]
    for month in (date(2026, 2, 1), date(2026, 3, 1)):
        for username in ("allmanlakare", "distriktsskoterska"):
            read(username, elsa, at=day_start(month) + timedelta(days=3))
    [february] = review.create_systematic_sample(month=date(2026, 2, 1), created_by="x")
    [march] = review.create_systematic_sample(month=date(2026, 3, 1), created_by="x")
    assert february.subject_user_id != march.subject_user_id


def test_targeted_checks(demo_users, small_county, identity_numbers):
    persons, units = small_county.persons, small_county.units
    doctor = small_county.staff["allmanlakare"]  # Per Ek, Skiljebo
    from navet.residents.models import Person, Residence

    number = identity_numbers(year=1975, sex="M")
    own = Person.objects.create(
        identifier=number, identifier_kind="personnummer", given_name="Per", family_name="Ek",
        sex="M", birth_date=date(1975, 1, 1),
    )  # fmt: skip
    StaffPerson.objects.create(staff=doctor, person=own)
    Residence.objects.create(
        person=own, municipality=small_county.municipalities["vasteras"],
        street_address="Storgatan 12", postal_code="722 11", city="Västerås",
        valid_from=date(2000, 1, 1),
    )  # fmt: skip
    colleague = Staff.objects.get(pk=small_county.staff["distriktsskoterska"].pk)
    colleague_person = Person.objects.create(
        identifier=identity_numbers(year=1980, sex="F"), identifier_kind="personnummer",
        given_name="Eva", family_name="Holm", sex="F", birth_date=date(1980, 1, 1),
    )  # fmt: skip
    StaffPerson.objects.create(staff=colleague, person=colleague_person)
    relate(own, units["skiljebo"])
    relate(colleague_person, units["skiljebo"])
    for person in (own, colleague_person, persons["elsa"], persons["maria"], persons["gustav"]):
        read("allmanlakare", person)

    created = review.run_targeted_checks(start=DAY, end=DAY, created_by="sakerhetsansvarig")
    found = {(r.check_kind, r.person_id) for r in LogReview.objects.filter(kind="targeted")}
    assert ("own_record", own.pk) in found
    assert ("same_surname", own.pk) not in found  # one's own record is its own check
    assert ("same_address", persons["elsa"].pk) in found  # Storgatan 12, like Per Ek
    assert ("colleague", colleague_person.pk) in found
    assert ("protected_identity", persons["maria"].pk) in found
    assert ("outside_units", own.pk) in found  # only a hand-registered relationship
    assert ("outside_units", persons["gustav"].pk) in found  # no relationship via Skiljebo
    assert ("outside_units", persons["elsa"].pk) not in found  # listed at Skiljebo
    assert sum(created.values()) == len(found)
    assert review.run_targeted_checks(start=DAY, end=DAY, created_by="x") == {}


def test_many_persons_in_a_short_time(demo_users, small_county, settings):
    settings.NAVET_REVIEW_MANY_PERSONS = 2
    start = day_start(DAY) + timedelta(hours=9)
    for i, key in enumerate(["elsa", "maria", "leo"]):
        read("distriktsskoterska", small_county.persons[key], at=start + timedelta(minutes=i))
    review.run_targeted_checks(start=DAY, end=DAY, created_by="x")
    [item] = LogReview.objects.filter(check_kind="many_persons")
    assert item.subject_username == "distriktsskoterska" and item.hits == 3


def test_the_review_workflow(demo_users, small_county):
    elsa = small_county.persons["elsa"]
    read("allmanlakare", elsa)
    [item] = review.create_systematic_sample(month=DAY, created_by="x")
    officer = user("sakerhetsansvarig")
    args = dict(actor=actor_for(officer), user=officer, review_id=item.pk)
    with pytest.raises(AccessError, match="åtgärd"):
        review.complete_review(
            **args, version=1, outcome="remark", notes="Läste utan vårdrelation", action_taken=""
        )
    done = review.complete_review(
        **args, version=1, outcome="remark", notes="Läste utan vårdrelation",
        action_taken="Samtal med verksamhetschefen",
    )  # fmt: skip
    assert (done.status, done.outcome, done.reviewed_by) == ("reviewed", "remark", officer)
    again = review.complete_review(
        **args, version=1, outcome="remark", notes="Läste utan vårdrelation", action_taken="x"
    )
    assert again.version == 2  # the same submit twice
    with pytest.raises(StaleEdit):
        review.complete_review(
            **args, version=1, outcome="no_remark", notes="Annat", action_taken=""
        )
    events = review.review_events(done)
    assert all(e.user_id == done.subject_user_id for e in events)
    assert all(done.period_start <= e.occurred_at < done.period_end for e in events)


def test_emergency_access_raises_a_review_item(demo_users, small_county):
    from navet.access.tests.support import open_emergency

    emergency = open_emergency("avdelningsskoterska", small_county.persons["gustav"])
    [item] = LogReview.objects.filter(kind="emergency")
    assert item.person_id == emergency.person_id
    assert item.subject_username == "avdelningsskoterska"
    assert item.period_start <= timezone.now() <= item.period_end
    assert isinstance(item.period_start, datetime)
