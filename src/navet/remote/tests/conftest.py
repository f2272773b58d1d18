import pytest

from navet.plans.tests.conftest import nurse_cares_for_elsa  # noqa: F401  (the same fixture)


@pytest.fixture
def second_doctor(demo_users, small_county):
    """Nora Lind (ST doctor at Skiljebo) logs in as user `st`, a GP like Per Ek."""
    from django.contrib.auth.models import Group, User

    from navet.organisation.roles import Role

    user = User.objects.create_user("st", first_name="Nora", last_name="Lind")
    for group in (Role.GP.value, "otp_optional"):  # as the demo users
        user.groups.add(Group.objects.get_or_create(name=group)[0])
    staff = small_county.staff["st"]
    staff.user = user
    staff.save(update_fields=["user"])
    return user
