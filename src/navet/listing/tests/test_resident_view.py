"""The resident sees their health centre and named contacts with how to reach them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from navet.access.models import AuditEvent
from navet.listing import services
from navet.listing.tests.support import ACTOR, key
from navet.residents.models import NamedContact
from navet.web.tests.html import text as html_text
from navet.web.tests.html import texts

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def text(html, tag):
    """The element's text as read: no space before a comma or full stop after a tag."""
    return html_text(html, tag).replace(" ,", ",").replace(" .", ".")


def test_my_contacts_say_who_and_how_to_reach_them(small_county, client_as):
    skiljebo = small_county.units["skiljebo"]
    skiljebo.phone, skiljebo.address = "021-17 40 00", "Skiljebovägen 5, Västerås"
    skiljebo.save()
    response = client_as("invanare").get(reverse("citizen:my_contacts"))
    assert response.status_code == 200
    html = response.content
    main = text(html, "main")
    assert (
        "Min vårdcentral Vårdcentralen Skiljebo, Västerås. Du är listad här sedan 2019-03-01."
        in main
    )
    assert (
        "Ring Vårdcentralen Skiljebo på 021-17 40 00 och be att få tala med Per Ek, eller besök "
        "Skiljebovägen 5, Västerås. Du kan också skriva till Vårdcentralen Skiljebo när du loggat "
        "in på 1177.se."
    ) in main
    assert 'href="tel:021174000"' in html.decode()
    assert "Fast vårdkontakt Eva Holm, distriktssköterska, Vårdcentralen Skiljebo" in main
    # Her own data include the municipality's home care: the social-care contact is there.
    assert "Fast omsorgskontakt Fatima Ali, undersköterska, Hemtjänst Västerås centrum" in main
    assert "Kontakta Hemtjänst Västerås centrum och fråga efter Fatima Ali." in main
    assert texts(html, "h2")[:4] == [
        "Min vårdcentral",
        "Fast läkarkontakt",
        "Fast vårdkontakt",
        "Fast omsorgskontakt",
    ]
    elsa = small_county.persons["elsa"]
    assert AuditEvent.objects.filter(person_id=elsa.pk, object_type="own_contacts").exists()


def test_a_new_named_doctor_shows_on_the_residents_pages(small_county, client_as):
    elsa = small_county.persons["elsa"]
    services.appoint_named_contact(
        actor=ACTOR, person=elsa, role="named_doctor", staff=small_county.staff["st"],
        by=small_county.staff["verksamhetschef"], key=key(),
    )  # fmt: skip
    main = text(client_as("invanare").get(reverse("web:start")).content, "main")
    assert (
        f"Fast läkarkontakt Nora Lind, ST-läkare i allmänmedicin, Vårdcentralen Skiljebo. Din "
        f"fasta läkarkontakt sedan {TODAY.isoformat()}."
    ) in main
    rows = texts(client_as("invanare").get(reverse("citizen:my_contacts")).content, "tr")
    yesterday = (TODAY - timedelta(days=1)).isoformat()
    assert f"Fast läkarkontakt Per Ek Vårdcentralen Skiljebo 2019-03-01 – {yesterday}" in rows


def test_without_contacts_the_resident_learns_their_rights(small_county, client_as):
    elsa = small_county.persons["elsa"]
    NamedContact.objects.filter(person=elsa).update(valid_to=TODAY - timedelta(days=1))
    main = text(client_as("invanare").get(reverse("citizen:my_contacts")).content, "main")
    assert "Du har ingen fast läkarkontakt. Du har rätt att välja en fast läkarkontakt" in main
    assert "Du har hemtjänst men ingen fast omsorgskontakt. Du har rätt att erbjudas en" in main
