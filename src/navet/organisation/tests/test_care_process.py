"""Care processes (vårdprocesser): configured per care provider in the admin; a unit belongs to at
most one, of its own care provider."""

import pytest
from django.urls import reverse

from navet.organisation.models import CareProcess

pytestmark = pytest.mark.django_db


def test_a_unit_is_put_in_a_care_process_of_its_own_provider_in_the_admin(
    admin_client, small_county, settings
):
    settings.NAVET_STAFF_OTP_REQUIRED = False
    region, city = small_county.providers["region"], small_county.providers["city"]
    psychiatry = CareProcess.objects.create(
        care_provider=region, code="psykiatri", name="Psykiatri"
    )
    CareProcess.objects.create(care_provider=city, code="psykiatri", name="Cityklinikens psykiatri")
    ward = small_county.units["ward"]
    url = reverse("admin:organisation_careunit_change", args=[ward.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Psykiatri" in html and "Cityklinikens psykiatri" not in html
    response = admin_client.post(url, {"care_process": psychiatry.pk})
    assert response.status_code == 302
    ward.refresh_from_db()
    assert ward.care_process == psychiatry
    listing = admin_client.get(
        reverse("admin:organisation_careprocess_change", args=[psychiatry.pk])
    )
    assert "Avdelning 31, medicin" in listing.content.decode()
