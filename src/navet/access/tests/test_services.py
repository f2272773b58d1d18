"""The public façade: capability to search, and `can_view_person` as shorthand for the gate."""

import pytest
from django.contrib.auth.models import AnonymousUser, User

from navet.access.purposes import Purpose
from navet.access.services import can_search_residents, can_view_person

pytestmark = pytest.mark.django_db

CARE = [
    "distriktsskoterska",
    "allmanlakare",
    "avdelningslakare",
    "avdelningsskoterska",
    "kommunskoterska",
    "bistandshandlaggare",
    "underskoterska",
    "verksamhetschef",
    "samordnare",
]
NOT_CARE = ["analytiker", "lansledning", "sakerhetsansvarig"]


def user(username: str) -> User:
    return User.objects.get(username=username)


@pytest.mark.parametrize("username", CARE)
def test_care_roles_may_search(demo_users, username):
    assert can_search_residents(user(username))


@pytest.mark.parametrize("username", [*NOT_CARE, "invanare"])
def test_other_roles_may_not_search(demo_users, username):
    assert not can_search_residents(user(username))


def test_care_roles_view_only_persons_they_have_a_relationship_with(demo_users, small_county):
    # Skiljebo lists Elsa, Maria and Leo; Anders's listing ended at his death, more than the
    # grace period ago.
    nurse = user("distriktsskoterska")
    viewable = {k for k, p in small_county.persons.items() if can_view_person(nurse, p)}
    assert viewable == {"elsa", "maria", "leo"}
    ward = user("avdelningsskoterska")
    assert not any(can_view_person(ward, p) for p in small_county.persons.values())


@pytest.mark.parametrize("username", NOT_CARE)
def test_analysts_leadership_and_security_may_not_view(demo_users, small_county, username):
    for person in small_county.persons.values():
        assert not can_view_person(user(username), person)


def test_resident_may_view_only_themselves(demo_users, small_county):
    resident = user("invanare")
    elsa = small_county.persons["elsa"]
    elsa.refresh_from_db()
    assert elsa.user == resident
    assert can_view_person(resident, elsa, Purpose.OWN_DATA)
    assert not can_view_person(resident, elsa)  # not through the staff purposes
    for key, person in small_county.persons.items():
        if key != "elsa":
            assert not can_view_person(resident, person, Purpose.OWN_DATA)


def test_anonymous_inactive_and_roleless_users_may_nothing(demo_users, small_county):
    elsa = small_county.persons["elsa"]
    assert not can_view_person(AnonymousUser(), elsa)
    assert not can_search_residents(AnonymousUser())
    doctor = user("allmanlakare")
    assert can_view_person(doctor, elsa)
    doctor.is_active = False
    assert not can_view_person(doctor, elsa)
    assert not can_search_residents(doctor)
    superuser = User.objects.create_superuser("root", password="x" * 12)
    assert not can_view_person(superuser, elsa)  # a superuser has no care role
    assert not can_view_person(user("allmanlakare"), None)


def test_a_person_without_an_account_is_not_anyones_own(demo_users, small_county):
    gustav = small_county.persons["gustav"]
    assert gustav.user_id is None
    assert not can_view_person(user("invanare"), gustav, Purpose.OWN_DATA)
