import pytest

from navet.messaging.tests.support import item


@pytest.fixture
def elsa_notice(demo_users, small_county):
    """A notice about Elsa in the inbox of Vårdcentralen Skiljebo."""
    return item(
        small_county.units["skiljebo"],
        person=small_county.persons["elsa"],
        subject="Inskriven på avdelning 31",
        purpose="discharge_planning",
    )
