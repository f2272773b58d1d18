"""Fixtures: a minimal county organisation, a few residents, and a directory to put files in."""

from datetime import date

import pytest

from navet.activity.tests.factories import (
    HSA,
    PEOPLE,
    STAFF_HSA,
)
from navet.organisation.models import (
    CareProvider,
    CareUnit,
    County,
    Municipality,
    Principal,
    Staff,
)
from navet.residents.models import Person


@pytest.fixture
def organisation(db):
    county = County.objects.create(code="19", name="Västmanlands län")
    municipality = Municipality.objects.create(code="1980", name="Västerås", county=county)
    region = Principal.objects.create(kind="region", name="Region Västmanland", county=county)
    provider = CareProvider.objects.create(
        name="Region Västmanland", ownership="public", principal=region
    )
    units = {
        key: CareUnit.objects.create(
            hsa_id=hsa_id,
            name=f"Enhet {key}",
            kind=kind,
            care_provider=provider,
            principal=region,
            municipality=municipality,
        )
        for key, (hsa_id, kind) in HSA.items()
    }
    staff = {
        key: Staff.objects.create(
            hsa_id=hsa_id, given_name="Test", family_name=key, profession="doctor"
        )
        for key, hsa_id in STAFF_HSA.items()
    }
    return units, staff


@pytest.fixture
def people(db):
    return {
        number: Person.objects.create(
            identifier=number,
            identifier_kind=kind,
            given_name="Test",
            family_name=number,
            sex="F",
            birth_date=date(1946, 8, 15),
        )
        for number, kind in PEOPLE.items()
    }


@pytest.fixture
def world(organisation, people):
    """Everything the sample activity files refer to."""
    return organisation, people
