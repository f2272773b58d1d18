"""The documented agreement on *Mina planer*: with the SIP it is the person's one coordinated
plan (issue "Coordinated care", parts 6 and 7)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from navet.access.audit import actor_for
from navet.access.models import AuditEvent
from navet.access.relationships import open_relationship
from navet.plans import agreements
from navet.plans.tests.support import key, user
from navet.web.tests.html import text
from navet.web.tests.pdf import first_page_ink_share, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def elsas_agreement(demo_users, small_county):
    elsa = small_county.persons["elsa"]
    open_relationship(
        person=elsa,
        unit=small_county.units["skiljebo"],
        kind="manual",
        key="test:skiljebo-elsa",
        reason="Distriktssköterskebesök",
    )
    eva = user("distriktsskoterska")
    agreement = agreements.create_agreement(actor=actor_for(eva), user=eva, person=elsa, key=key())
    agreements.save_agreement_version(
        actor=actor_for(eva),
        user=eva,
        agreement=agreement,
        base_version=0,
        key=key(),
        data={
            "what_happens": "Blodtrycket kontrolleras varannan vecka.",
            "when": "Varannan tisdag förmiddag.",
            "whom_to_contact": "Eva Holm på vårdcentralen.",
            "person_does": "Elsa mäter blodtrycket hemma och skriver upp värdena.",
            "care_does": "Vårdcentralen går igenom värdena.",
            "next_agreed_at": timezone.now() + timedelta(days=14),
            "self_care_advice": "Ta tabletterna på morgonen.",
        },
    )
    agreements.record_assessment(
        actor=actor_for(eva),
        user=eva,
        agreement=agreement,
        key=key(),
        measure="Blodtrycksmätning",
        performer="person",
        review_on=timezone.localdate() + timedelta(days=180),
    )
    return agreement


def test_the_person_sees_their_agreement_among_their_plans(client_as, elsas_agreement):
    resident = client_as("invanare")
    listing = text(resident.get(reverse("citizen:my_plans")).content.decode())
    assert "Överenskommelse med Eva Holm" in listing

    page = resident.get(reverse("citizen:my_agreement", args=[elsas_agreement.pk]))
    assert page.status_code == 200
    body = text(page.content.decode())
    assert "Blodtrycket kontrolleras varannan vecka." in body
    assert "Elsa mäter blodtrycket hemma" in body
    assert "Blodtrycksmätning" in body and "Egenvård – personen själv" in body
    assert AuditEvent.objects.filter(
        person_id=elsas_agreement.person_id, purpose="own_data", object_type="own_agreement"
    ).exists()


def test_the_agreement_downloads_as_a_pdf_with_its_text(client_as, elsas_agreement):
    response = client_as("invanare").get(
        reverse("citizen:my_agreement_pdf", args=[elsas_agreement.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert "Blodtrycket kontrolleras varannan vecka." in pdf_text(content)
    assert first_page_ink_share(content) > 0.002
    assert AuditEvent.objects.filter(
        person_id=elsas_agreement.person_id, object_type="own_agreement_pdf", action="print"
    ).exists()


def test_an_ended_agreement_or_someone_elses_is_not_shown(client_as, elsas_agreement, small_county):
    eva = user("distriktsskoterska")
    agreements.end_agreement(
        actor=actor_for(eva), user=eva, agreement=elsas_agreement, reason="Klar"
    )
    resident = client_as("invanare")
    assert (
        resident.get(reverse("citizen:my_agreement", args=[elsas_agreement.pk])).status_code == 404
    )
    assert "Överenskommelse med" not in text(
        resident.get(reverse("citizen:my_plans")).content.decode()
    )


def test_the_start_page_card_lists_the_agreement(client_as, elsas_agreement):
    start_page = client_as("invanare").get(reverse("web:start")).content.decode()
    assert "Överenskommelse med Eva Holm" in text(start_page)
