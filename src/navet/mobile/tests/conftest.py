from datetime import datetime
from itertools import count

import pytest
from django.utils import timezone

from navet.access.audit import actor_for
from navet.activity.models import EdVisit, InpatientEpisode
from navet.mobile import services
from navet.organisation.models import CareUnit

_ids = count(1)


def at(text: str) -> datetime:
    """An aware Swedish time from 'YYYY-MM-DD HH:MM'."""
    return timezone.make_aware(datetime.strptime(text, "%Y-%m-%d %H:%M"))


@pytest.fixture
def ed_unit(small_county):
    ward = small_county.units["ward"]
    return CareUnit.objects.create(
        hsa_id="SE2321000206-E9001",
        name="Akutmottagningen Västerås",
        kind="emergency_department",
        care_provider=ward.care_provider,
        principal=ward.principal,
        municipality=ward.municipality,
        hospital=ward.hospital,
    )


@pytest.fixture
def ed_visit(ed_unit):
    def make(person, when: str) -> EdVisit:
        return EdVisit.objects.create(
            source_id=f"ed-{next(_ids)}", person=person, unit=ed_unit, arrival_time=at(when)
        )

    return make


@pytest.fixture
def admission(small_county):
    def make(person, when: str) -> InpatientEpisode:
        return InpatientEpisode.objects.create(
            source_id=f"ip-{next(_ids)}",
            person=person,
            unit=small_county.units["ward"],
            admission_time=at(when),
            admission_type="acute",
            care_type="somatic",
            main_diagnosis="J44",
        )

    return make


@pytest.fixture
def send_request(demo_users, small_county):
    """send_request(person=elsa, key=…, **fields): the district nurse at Skiljebo asks the team."""
    from django.contrib.auth.models import User

    def send(person=None, key="k1", now=None, **fields):
        user = User.objects.get(username="distriktsskoterska")
        values = {
            "channel": "health_centre",
            "urgency": "same_day",
            "reason": "Ökad andfåddhet sedan två dagar, KOL.",
        } | fields
        return services.create_request(
            key=key,
            team=small_county.units["mobile_team"],
            person=person or small_county.persons["elsa"],
            user=user,
            from_unit=small_county.units["skiljebo"],
            actor=actor_for(user),
            now=now,
            **values,
        )

    return send


@pytest.fixture
def coordinator(demo_users):
    from django.contrib.auth.models import User

    return User.objects.get(username="samordnare")
