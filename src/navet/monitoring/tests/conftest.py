import pytest
from django.contrib.auth.models import User

from navet.access.audit import actor_for
from navet.monitoring import services
from navet.monitoring.measures import MEASURES


def defaults(*keys):
    return {k: (MEASURES[k].low, MEASURES[k].high) for k in keys}


@pytest.fixture
def nurse(demo_users):
    return User.objects.get(username="distriktsskoterska")


@pytest.fixture
def enrolment(small_county, nurse):
    return services.enrol(
        person=small_county.persons["elsa"],
        unit=small_county.units["skiljebo"],
        user=nurse,
        actor=actor_for(nurse),
        measures=defaults("bp_systolic", "spo2", "weight", "glucose"),
        reason="Hjärtsvikt",
    )


@pytest.fixture
def device_token(enrolment, nurse):
    _, token = services.create_device_token(
        enrolment=enrolment, label="Blodtrycksmätare", user=nurse, actor=actor_for(nurse)
    )
    return token
