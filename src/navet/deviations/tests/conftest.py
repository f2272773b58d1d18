import pytest

from navet.plans.tests.conftest import nurse_cares_for_elsa  # noqa: F401  (the same fixture)


@pytest.fixture
def elsa_stay(small_county, nurse_cares_for_elsa):  # noqa: F811  (the imported fixture)
    """Elsa was discharged from the ward (Avdelning 31) three days ago."""
    from datetime import timedelta

    from django.utils import timezone

    from navet.transitions.models import InpatientStay

    now = timezone.now()
    return InpatientStay.objects.create(
        person=small_county.persons["elsa"],
        ward=small_county.units["ward"],
        admitted_at=now - timedelta(days=8),
        admission_type="acute",
        care_type="somatic",
        discharged_at=now - timedelta(days=3),
        key="test:elsa-stay",
    )
