"""The resident's own pages: contacts, consents and blocks, and who has read their data."""

import pytest
from django.urls import reverse

from navet.access.models import AuditEvent, Block, Consent
from navet.access.tests.support import consent, open_emergency
from navet.web.tests.html import text, texts

pytestmark = pytest.mark.django_db


@pytest.fixture
def resident(client_as):
    return client_as("invanare")


@pytest.mark.parametrize(
    "name", ["citizen:my_contacts", "citizen:my_consents", "citizen:my_log", "citizen:my_log_pdf"]
)
def test_own_pages_are_for_residents(client_as, name):
    assert client_as("allmanlakare").get(reverse(name)).status_code == 403


def test_my_consents_lists_consents_and_blocks_and_withdraws(resident, small_county):
    elsa = small_county.persons["elsa"]
    given = consent(elsa, small_county.providers["region"])
    page = text(resident.get(reverse("citizen:my_consents")).content, "main")
    assert "Region Västmanland får läsa dina uppgifter hos alla vårdgivare" in page
    assert "Du har inga spärrar" in page
    url = reverse("citizen:withdraw_consent", args=[given.pk])
    assert resident.post(url, {"key": "w", "version": 1}).status_code == 302
    given.refresh_from_db()
    assert given.withdrawn_at is not None and given.withdrawal_method == "digital"
    assert AuditEvent.objects.filter(object_type="consent", action="change").count() == 1


def test_a_resident_cannot_withdraw_someone_elses_consent(resident, small_county):
    other = consent(small_county.persons["gustav"], small_county.providers["region"])
    resident.post(reverse("citizen:withdraw_consent", args=[other.pk]), {"key": "w", "version": 1})
    assert Consent.objects.get(pk=other.pk).withdrawn_at is None


def test_a_resident_blocks_a_care_provider_or_a_unit(resident, small_county):
    page = resident.get(reverse("citizen:my_consents"))
    html = page.content.decode()
    city = small_county.providers["city"]
    assert f'value="provider-{city.pk}"' in html
    assert "Allt hos Citykliniken Västerås AB (yttre spärr)" in text(html, "main")
    url = reverse("citizen:set_block")
    assert resident.post(url, {"key": "b", "target": f"provider-{city.pk}"}).status_code == 302
    resident.post(url, {"key": "b", "target": f"provider-{city.pk}"})  # a double click
    [block] = Block.objects.all()
    assert (block.kind, block.care_provider, block.method) == ("external", city, "digital")
    assert resident.post(url, {"key": "c", "target": "provider-999999"}).status_code == 400
    skiljebo = small_county.units["skiljebo"]
    resident.post(url, {"key": "d", "target": f"unit-{skiljebo.pk}"})
    assert Block.objects.filter(kind="internal", unit=skiljebo).exists()


def test_my_log_shows_who_read_my_data_and_why(resident, client_as, small_county, settings):
    elsa = small_county.persons["elsa"]
    client_as("allmanlakare").get(reverse("web:resident_detail", args=[elsa.pk]))
    resident.get(reverse("citizen:my_contacts"))  # my own reads are not listed
    rows = texts(resident.get(reverse("citizen:my_log")).content, "tr")[1:]
    assert len(rows) == 1
    assert (
        "Vårdcentralen Skiljebo Region Västmanland Läste dina uppgifter Vård och behandling"
        in (rows[0])
    )
    assert "allmanlakare" not in rows[0]  # names only where local policy says so
    settings.NAVET_CITIZEN_LOG_SHOWS_NAMES = True
    rows = texts(resident.get(reverse("citizen:my_log")).content, "tr")[1:]
    assert rows[0].endswith("allmanlakare")


def test_emergency_access_shows_in_my_log_with_a_notice(resident, small_county):
    elsa = small_county.persons["elsa"]
    from navet.access.tests.support import relate

    relate(elsa, small_county.units["ward"], kind="admission")
    open_emergency("avdelningsskoterska", elsa)
    main = text(resident.get(reverse("citizen:my_log")).content, "main")
    assert "Dina uppgifter har öppnats med nödåtkomst" in main
    assert "Avdelning 31, medicin" in main
    assert "Nödåtkomst: öppnade dina uppgifter" in main


def test_my_log_as_pdf(resident, client_as, small_county):
    client_as("allmanlakare").get(
        reverse("web:resident_detail", args=[small_county.persons["elsa"].pk])
    )
    response = resident.get(reverse("citizen:my_log_pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="print", object_type="own_access_log_pdf").exists()
