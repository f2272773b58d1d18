import pytest

from navet.access.relationships import open_relationship


@pytest.fixture
def nurse_cares_for_elsa(demo_users, small_county):
    """The municipal nurse's home health care unit has a relationship with Elsa."""
    return open_relationship(
        person=small_county.persons["elsa"],
        unit=small_county.units["home_health"],
        kind="manual",
        key="test:home-health-elsa",
        reason="Hemsjukvård i hemmet",
    )


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
