"""The planning page: gated and audited, each side edits its own part, a stale form is refused
with the user's input kept, a double submission stores one message."""

import pytest
from django.urls import reverse

from navet.access.models import AuditEvent
from navet.transitions.models_planning import ChecklistMark, MunicipalPlan, PlanningMessage
from navet.transitions.tests.support import admit
from navet.web.tests.html import text

pytestmark = pytest.mark.django_db


def _urls(stay, action=None):
    args = [stay.person_id, stay.pk]
    if action is None:
        return reverse("transitions:planning", args=args)
    return reverse("transitions:planning_act", args=[*args, action])


def _plan(version, **extra):
    data = {
        "municipality-key": "p1",
        "municipality-version": version,
        "municipality-home_care": "on",
        "municipality-home_care_details": "Morgon och kväll",
        "municipality-aids": "on",
        "municipality-aids_details": "Rollator",
        "municipality-notes": "",
    }
    return {**data, **extra}


def test_the_page_is_shared_by_the_parties_and_audited(client_as, small_county):
    stay, _ = admit(small_county)
    for username in ("avdelningsskoterska", "bistandshandlaggare", "distriktsskoterska"):
        page = client_as(username).get(_urls(stay))
        assert page.status_code == 200
        assert "Hemgångsklar" in text(page.content, "main")
    assert client_as("samordnare").get(_urls(stay)).status_code == 403
    assert AuditEvent.objects.filter(object_type="stay_planning", action="read").count() == 3
    # The stay's page links to it.
    stay_page = client_as("avdelningsskoterska").get(
        reverse("transitions:stay", args=[stay.person_id, stay.pk])
    )
    assert _urls(stay) in stay_page.content.decode()


def test_the_municipality_saves_its_plan_and_a_stale_form_keeps_the_input(client_as, small_county):
    stay, _ = admit(small_county)
    municipal = client_as("bistandshandlaggare")
    assert municipal.post(_urls(stay, "municipality"), _plan(0)).status_code == 302
    plan = MunicipalPlan.objects.get()
    assert plan.version == 1 and plan.home_care and plan.updated_by_name == "Jonas Vik"
    stale = municipal.post(
        _urls(stay, "municipality"),
        _plan(0, **{"municipality-key": "p2", "municipality-aids_details": "Duschpall"}),
    )
    assert stale.status_code == 400
    main = text(stale.content, "main")
    assert "Jonas Vik sparade planeringen" in main and "Dina ändringar är inte sparade" in main
    assert 'value="Duschpall"' in stale.content.decode()  # the user's input is still there
    plan.refresh_from_db()
    assert plan.aids_details == "Rollator"
    ward = client_as("avdelningsskoterska")
    refused = ward.post(_urls(stay, "municipality"), _plan(1, **{"municipality-key": "p3"}))
    assert refused.status_code == 400 and "Bara kommunen" in text(refused.content, "main")
    # The ward sees the municipality's plan, read-only.
    assert "Morgon och kväll" in text(ward.get(_urls(stay)).content, "section", id="municipality")


def test_marking_items_and_messages_through_the_page(client_as, small_county):
    stay, _ = admit(small_county)
    ward = client_as("avdelningsskoterska")
    response = ward.post(_urls(stay, "mark"), {"key": "m1", "code": "medication_list"})
    assert response.status_code == 302 and response.url.endswith("#checklist")
    again = ward.post(_urls(stay, "mark"), {"key": "m2", "code": "medication_list"})
    assert again.status_code == 400 and "bockades redan av Lena Dahl" in text(again.content, "main")
    assert ChecklistMark.objects.count() == 1
    main = text(client_as("bistandshandlaggare").get(_urls(stay)).content, "main")
    assert "Klar" in main and "Lena Dahl" in main
    assert "Kommunen: hemtjänst beslutad, hjälpmedel på plats" in main
    for _ in range(2):
        ward.post(_urls(stay, "message"), {"key": "t1", "text": "Patienten går hem på fredag."})
    assert PlanningMessage.objects.count() == 1
    empty = ward.post(_urls(stay, "message"), {"key": "t2", "text": ""})
    assert empty.status_code == 400 and "Skriv ett meddelande" in text(empty.content, "main")
    assert "Patienten går hem på fredag." in text(
        client_as("distriktsskoterska").get(_urls(stay)).content, "section", id="message"
    )
    assert ward.post(_urls(stay, "delete"), {}).status_code == 404
