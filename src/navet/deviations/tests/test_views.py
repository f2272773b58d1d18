from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from navet.access.models import AuditEvent
from navet.deviations.models import Deviation, Status
from navet.deviations.tests.support import report

pytestmark = pytest.mark.django_db


def _form(key="k1", **extra):
    at = timezone.localtime(timezone.now() - timedelta(hours=2))
    data = {
        "key": key,
        "category": "discharge",
        "severity": "mild",
        "occurred_at": f"{at:%Y-%m-%dT%H:%M}",
        "description": "Ingen läkemedelslista vid hemkomst.",
        "immediate_action": "",
        "escalation": "",
    }
    return {**data, **extra}


def test_the_nurse_reports_from_the_person_page_once(client_as, small_county, elsa_stay):
    elsa = small_county.persons["elsa"]
    client = client_as("kommunskoterska")
    url = reverse("deviations:person", args=[elsa.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Avdelning 31" in page.text  # the stay is offered
    response = client.post(url, _form(case=f"stay:{elsa_stay.pk}"))
    d = Deviation.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"/avvikelser/{d.pk}/")
    client.post(url, _form(case=f"stay:{elsa_stay.pk}"))  # the double submit
    assert Deviation.objects.count() == 1 and d.responsible_unit.name.startswith("Avdelning")
    assert AuditEvent.objects.filter(
        object_type="deviation_list", person_id=elsa.pk, action="read"
    ).exists()


def test_bad_input_keeps_what_was_typed(client_as, small_county, elsa_stay):
    elsa = small_county.persons["elsa"]
    response = client_as("kommunskoterska").post(
        reverse("deviations:person", args=[elsa.pk]),
        _form(occurred_at="igår", description="Text som ska finnas kvar"),
    )
    assert response.status_code == 400
    assert "Ange tiden som ÅÅÅÅ-MM-DD TT:MM." in response.text
    assert "Text som ska finnas kvar" in response.text
    response = client_as("kommunskoterska").post(
        reverse("deviations:person", args=[elsa.pk]), _form()
    )
    assert response.status_code == 400 and "Välj ansvarig enhet" in response.text
    assert Deviation.objects.count() == 0


def test_both_sides_see_it_and_the_ward_closes_it(client_as, small_county, elsa_stay):
    elsa = small_county.persons["elsa"]
    d = report(elsa, case=("stay", elsa_stay.pk))
    url = reverse("deviations:person_detail", args=[elsa.pk, d.pk])
    ward = client_as("avdelningsskoterska")
    worklist = ward.get(reverse("deviations:worklist"))
    assert worklist.status_code == 200 and "Elsa" in worklist.text
    page = ward.get(url)
    assert page.status_code == 200 and "Ta emot avvikelsen" in page.text
    ward.post(reverse("deviations:person_act", args=[elsa.pk, d.pk, "receive"]))
    bad = ward.post(
        reverse("deviations:person_act", args=[elsa.pk, d.pk, "close"]),
        {"measures": "", "conclusion": "Klart"},
    )
    assert bad.status_code == 400 and "Skriv vilka åtgärder" in bad.text
    ward.post(
        reverse("deviations:person_act", args=[elsa.pk, d.pk, "close"]),
        {"measures": "Ny checklista.", "conclusion": "Rutinen följdes inte.", "escalation": ""},
    )
    d.refresh_from_db()
    assert d.status == Status.CLOSED
    home = client_as("kommunskoterska").get(url)
    assert home.status_code == 200 and "Ny checklista." in home.text
    # a unit that is no party to it does not see it
    assert client_as("allmanlakare").get(url).status_code in (403, 404)


def test_a_routine_deviation_without_a_person(client_as, small_county, demo_users):
    client = client_as("kommunskoterska")
    response = client.post(
        reverse("deviations:new"),
        _form(responsible_unit=small_county.units["skiljebo"].pk, category="information"),
    )
    d = Deviation.objects.get()
    assert response.status_code == 302 and d.person is None
    head = client_as("verksamhetschef")
    assert "Anmälan" in head.get(reverse("deviations:detail", args=[d.pk])).text
    assert (
        client_as("avdelningsskoterska").get(reverse("deviations:detail", args=[d.pk])).status_code
        == 404
    )


def test_the_menu_counts_open_deviations(client_as, small_county, elsa_stay):
    report(small_county.persons["elsa"], case=("stay", elsa_stay.pk))
    page = client_as("avdelningsskoterska").get(reverse("web:start"))
    assert '1<span class="visually-hidden"> öppna avvikelser' in page.text
    assert "öppna avvikelser som din enhet ansvarar för" in page.text
