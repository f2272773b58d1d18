from datetime import date

import pytest
from django.urls import reverse

from navet.residents.services import person_age
from navet.web.tests.html import text, texts

pytestmark = pytest.mark.django_db


def detail_url(person) -> str:
    return reverse("web:resident_detail", args=[person.pk])


def consent_to_region(small_county, person):
    """The person consents that the region reads their data held by every care provider."""
    from navet.access.models import Consent

    Consent.objects.create(
        key=f"test-{person.pk}",
        person=person,
        purpose="shared_overview",
        recipient_provider=small_county.providers["region"],
        given_by="person",
        method="in_person",
        valid_from=date(2020, 1, 1),
        valid_to=date.today(),
    )


def relate(small_county, person, unit_key):
    from navet.access.relationships import open_relationship

    open_relationship(
        person=person,
        unit=small_county.units[unit_key],
        kind="manual",
        key=f"test:{person.pk}:{unit_key}",
        reason="test",
    )


def test_overview_shows_identity_address_living_relatives_and_contacts(client_as, small_county):
    elsa = small_county.persons["elsa"]
    consent_to_region(small_county, elsa)
    response = client_as("distriktsskoterska").get(detail_url(elsa))
    assert response.status_code == 200
    html = response.content
    assert texts(html, "h1") == ["Elsa Lindqvist"]
    assert texts(html, "a", **{"aria-current": "page"}) == ["Invånare"]
    main = text(html, "main")
    number = f"{elsa.identifier[:8]}-{elsa.identifier[8:]}"
    for expected in (
        f"Identitetsnummer {number}",
        "Typ av identitet Personnummer",
        "Kön Kvinna",
        f"Födelsedatum {elsa.birth_date.isoformat()}",
        "Adress Storgatan 12, 722 11 Västerås",
        "Kommun Västerås",
        "Boendeform Eget boende",
        "Hemtjänst Hemtjänst Västerås centrum, 30 timmar per månad",
        "Listad på Vårdcentralen Skiljebo",
    ):
        assert expected in main
    assert f"{person_age(elsa, date.today())} år" in main
    assert "Bergsgatan" not in main  # an earlier address is not the registered one
    rows = texts(html, "tr")
    assert "Anna Lindqvist Barn Nej 070-174 06 10" in rows
    assert "Fast läkarkontakt Per Ek Vårdcentralen Skiljebo från 2019-03-01" in rows
    assert "Fast vårdkontakt Eva Holm Vårdcentralen Skiljebo från 2023-01-01" in rows
    assert "Fast omsorgskontakt Fatima Ali Hemtjänst Västerås centrum från 2022-06-01" in rows
    assert "Fast läkarkontakt Hans Ahl Citykliniken 2012-01-01 – 2019-02-28" in rows
    assert "Citykliniken 2012-01-01 – 2019-02-28 Aktivt val" in rows


def test_without_consent_other_care_providers_data_are_withheld(client_as, small_county):
    elsa = small_county.persons["elsa"]
    response = client_as("distriktsskoterska").get(detail_url(elsa))
    main = text(response.content, "main")
    assert "Det finns uppgifter om personen som du inte ser" in main
    assert "personens samtycke saknas" in main
    assert "Citykliniken" not in main  # where is not said
    assert "Hemtjänst Västerås centrum" not in main
    assert "Hemtjänst Ingen hemtjänst" in main
    assert "Listad på Vårdcentralen Skiljebo" in main  # the region's own data


def test_protected_identity_hides_the_address(client_as, small_county):
    maria = small_county.persons["maria"]
    response = client_as("allmanlakare").get(detail_url(maria))
    html = response.content.decode()
    assert "Skyddad identitet – adressen visas inte" in text(html, "main")
    assert "Hemlig adress" not in html
    assert "721 00" not in html
    assert "Kommun Västerås" not in text(html, "main")


def test_guardians_are_shown(client_as, small_county):
    rows = texts(
        client_as("allmanlakare").get(detail_url(small_county.persons["leo"])).content, "tr"
    )
    assert "Johan Nilsson Förälder Ja –" in rows
    assert "Sara Nilsson Förälder Ja –" in rows


def test_death_date_is_shown(client_as, small_county):
    relate(small_county, small_county.persons["anders"], "skiljebo")
    main = text(
        client_as("allmanlakare").get(detail_url(small_county.persons["anders"])).content, "main"
    )
    assert "Dödsdatum 2024-05-01" in main
    assert "Personen avled 2024-05-01" in main
    assert "Inte listad på någon vårdcentral just nu" in main


def test_nursing_home_and_coordination_number(client_as, small_county):
    client = client_as("kommunskoterska")
    berit, ahmed = small_county.persons["berit"], small_county.persons["ahmed"]
    relate(small_county, berit, "home_health")
    relate(small_county, ahmed, "home_health")
    from navet.access.models import Consent

    Consent.objects.create(
        key="berit",
        person=berit,
        purpose="shared_overview",
        recipient_provider=small_county.providers["vasteras"],
        given_by="person",
        method="phone",
        valid_from=date(2024, 1, 1),
        valid_to=date.today(),
    )
    main = text(client.get(detail_url(berit)).content, "main")
    assert "Boendeform Särskilt boende, Solgårdens särskilda boende" in main
    main = text(client.get(detail_url(small_county.persons["ahmed"])).content, "main")
    assert "Typ av identitet Samordningsnummer" in main


@pytest.mark.parametrize("username", ["analytiker", "lansledning", "sakerhetsansvarig"])
def test_non_care_roles_get_403(client_as, small_county, username):
    response = client_as(username).get(detail_url(small_county.persons["elsa"]))
    assert response.status_code == 403
    html = response.content.decode()
    assert texts(html, "h1") == ["Åtkomst nekad"]
    assert '<html lang="sv">' in html
    assert "Storgatan" not in html


def test_resident_uses_own_pages_not_the_staff_overview(client_as, small_county):
    client = client_as("invanare")
    assert client.get(detail_url(small_county.persons["elsa"])).status_code == 403
    assert client.get(detail_url(small_county.persons["gustav"])).status_code == 403


def test_unknown_person_is_404_in_swedish(client_as, small_county):
    response = client_as("allmanlakare").get(reverse("web:resident_detail", args=[999_999]))
    assert response.status_code == 404
    assert texts(response.content, "h1") == ["Sidan finns inte"]
