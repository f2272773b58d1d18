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
