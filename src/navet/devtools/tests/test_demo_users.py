"""Demo users: one per role, attached to real staff, stable passwords across runs."""

import json

from django.contrib.auth import authenticate
from django.test import RequestFactory

from navet.demo import ensure_demo_users
from navet.organisation.models import Staff
from navet.organisation.roles import Role, role_of
from navet.residents.models import Person


def test_every_role_gets_one_user_that_can_log_in(small_county, tmp_path, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    users = ensure_demo_users(password_file=tmp_path / "users.json")

    assert {u.role for u in users} == set(Role.values)
    for demo_user in users:
        request = RequestFactory().post("/logga-in/")  # django-axes needs the request
        user = authenticate(request, username=demo_user.username, password=demo_user.password)
        assert user is not None, demo_user.username
        assert user.groups.filter(name="otp_optional").exists()  # TOTP is optional for them
        assert role_of(user) == demo_user.role
        if demo_user.role == Role.RESIDENT:
            assert Person.objects.get(user=user).full_name == demo_user.name
        else:
            assert Staff.objects.get(user=user).full_name == demo_user.name


def test_care_roles_sit_on_the_right_kind_of_unit(small_county, tmp_path, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    by_role = {u.role: u for u in ensure_demo_users(password_file=tmp_path / "users.json")}

    gp = Staff.objects.get(user__username=by_role[Role.GP].username)
    assert gp.profession == "doctor"
    assert gp.doctor_grade == "specialist"
    assert gp.assignments.get().unit.kind == "health_centre"
    ward_nurse = Staff.objects.get(user__username=by_role[Role.WARD_NURSE].username)
    assert ward_nurse.assignments.get().unit.kind == "inpatient_ward"
    head = Staff.objects.get(user__username=by_role[Role.UNIT_HEAD].username)
    assert head.assignments.filter(role="unit_head").exists()


def test_a_second_run_keeps_users_and_passwords(small_county, tmp_path, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    password_file = tmp_path / "users.json"
    first = ensure_demo_users(password_file=password_file)
    staff_before = Staff.objects.count()

    second = ensure_demo_users(password_file=password_file)

    assert [(u.username, u.password, u.name) for u in first] == [
        (u.username, u.password, u.name) for u in second
    ]
    assert Staff.objects.count() == staff_before
    stored = json.loads(password_file.read_text())
    assert {u["username"] for u in stored} == {u.username for u in first}
    assert password_file.stat().st_mode & 0o077 == 0


def test_users_deleted_by_hand_are_recreated_without_duplicating_staff(
    small_county, tmp_path, settings
):
    from django.contrib.auth.models import User

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    password_file = tmp_path / "users.json"
    ensure_demo_users(password_file=password_file)
    staff_before = Staff.objects.count()
    User.objects.all().delete()

    users = ensure_demo_users(password_file=password_file)

    assert User.objects.count() == len(users) == len(Role.values)
    assert Staff.objects.count() == staff_before


def test_a_password_lost_from_the_file_is_replaced_and_works(small_county, tmp_path, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    password_file = tmp_path / "users.json"
    ensure_demo_users(password_file=password_file)
    password_file.unlink()

    users = ensure_demo_users(password_file=password_file)

    for demo_user in users:
        request = RequestFactory().post("/logga-in/")
        assert authenticate(request, username=demo_user.username, password=demo_user.password)


def test_a_guardian_of_a_child_gets_the_demo_guardian_user(
    small_county, identity_numbers, tmp_path, settings
):
    from navet.identifiers import parse_identity_number
    from navet.residents.models import Relative

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    leo = small_county.persons["leo"]
    first = ensure_demo_users(password_file=tmp_path / "a.json")
    assert "vardnadshavare" not in {u.username for u in first}  # no guardian is a person yet
    number = parse_identity_number(identity_numbers(year=1986, sex="F"))
    sara = Person.objects.create(
        identifier=number.normalised,
        identifier_kind="personnummer",
        given_name="Sara",
        family_name="Nilsson",
        sex="F",
        birth_date=number.birth_date,
    )
    Relative.objects.filter(person=leo, name="Sara Nilsson").update(related_person=sara)
    users = {u.username: u for u in ensure_demo_users(password_file=tmp_path / "b.json")}
    guardian = users["vardnadshavare"]
    assert (guardian.name, guardian.role) == ("Sara Nilsson", Role.RESIDENT)
    request = RequestFactory().post("/logga-in/")
    user = authenticate(request, username="vardnadshavare", password=guardian.password)
    assert Person.objects.get(user=user) == sara
