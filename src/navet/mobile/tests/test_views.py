"""The pages: a request from a person's page to the team's worklist, triage and visit by form,
Swedish errors, access declared and audited."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from navet.access.models import AuditEvent
from navet.mobile.models import JointFollowUp, MobileRequest, Status


def _form_key(response) -> str:
    return response.context["form"]["key"].value()


def test_a_request_from_the_person_page_to_the_visit(client_as, small_county):
    elsa = small_county.persons["elsa"]
    nurse = client_as("distriktsskoterska")
    url = reverse("mobile:new_request", kwargs={"person_id": elsa.pk})
    page = nurse.get(url)
    assert page.status_code == 200
    assert page.context["form"]["channel"].value() == "health_centre"
    data = {
        "key": _form_key(page),
        "team": small_county.units["mobile_team"].pk,
        "channel": "health_centre",
        "urgency": "acute",
        "reason": "Akut försämrad, kan inte stå.",
    }
    assert nurse.post(url, data).status_code == 302
    assert nurse.post(url, data).status_code == 302  # the double click
    request = MobileRequest.objects.get()

    team = client_as("samordnare")
    worklist = team.get(reverse("mobile:worklist"))
    assert worklist.status_code == 200
    assert "Elsa Lindqvist" in worklist.content.decode()
    shown = AuditEvent.objects.filter(person_id=elsa.pk, action="search")
    assert shown.filter(detail="mobilt team: worklist").exists()

    detail = reverse("mobile:request", kwargs={"person_id": elsa.pk, "request_id": request.pk})
    assert "Bedöm begäran" in team.get(detail).content.decode()
    triage = reverse("mobile:triage", kwargs={"person_id": elsa.pk, "request_id": request.pk})
    refused = team.post(triage, {"decision": "accepted", "planned_at": ""})
    assert refused.status_code == 400
    assert "Ange planerad tid för besöket." in refused.content.decode()
    planned = timezone.localtime() + timedelta(hours=1)
    accept = {"decision": "accepted", "planned_at": planned.strftime("%Y-%m-%dT%H:%M")}
    ok = team.post(triage, accept)
    assert ok.status_code == 302
    # Only the team triages: the sending nurse cannot.
    assert nurse.post(triage, {"decision": "declined", "note": "Nej tack"}).status_code == 403

    plan = team.get(reverse("mobile:day_plan"), {"dag": planned.date().isoformat()})
    assert "Västerås" in plan.content.decode() and "Elsa Lindqvist" in plan.content.decode()
    bad_day = team.get(reverse("mobile:day_plan"), {"dag": "igår"})
    assert bad_day.status_code == 400
    assert "Datumet går inte att läsa" in bad_day.content.decode()

    visit = reverse("mobile:visit", kwargs={"person_id": elsa.pk, "request_id": request.pk})
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    missing = team.post(visit, {"visited_at": now, "findings": "x", "actions": "y"})
    assert missing.status_code == 400
    assert "Ange vem eller vilka som gjorde besöket." in missing.content.decode()
    done = team.post(
        visit,
        {
            "visited_at": now,
            "staff": [small_county.staff["samordnare"].pk],
            "findings": "Urinvägsinfektion, lätt förvirrad.",
            "actions": "Antibiotika, vätska, tillsyn av hemsjukvården.",
            "outcome": "managed_at_home",
        },
    )
    assert done.status_code == 302
    request.refresh_from_db()
    assert request.status == Status.VISITED
    page = team.get(detail).content.decode()
    assert "7-dagarsuppföljning" in page
    assert "Pågår: inget akutbesök och ingen inläggning hittills" in page


def test_frequent_attender_list_shows_persons_with_a_relationship_and_a_follow_up_starts(
    client_as, small_county, ed_visit, send_request
):
    elsa = small_county.persons["elsa"]
    today = timezone.localdate()
    for days in (10, 40, 100, 200):
        ed_visit(elsa, (today - timedelta(days=days)).strftime("%Y-%m-%d 12:00"))
    team = client_as("samordnare")
    page = team.get(reverse("mobile:frequent")).content.decode()
    assert "Elsa" not in page and "Ytterligare 1 personer" in page
    send_request()  # the request opens the team's relationship
    page = team.get(reverse("mobile:frequent")).content.decode()
    assert "Elsa Lindqvist" in page
    url = reverse("mobile:follow_up", kwargs={"person_id": elsa.pk})
    form = team.get(url)
    assert "4 akutbesök de senaste 12 månaderna" in form.content.decode()
    data = {
        "key": _form_key(form),
        "contact": "Maja Fors, sjuksköterska hemsjukvården",
        "plan": "Veckovis tillsyn, direktnummer till teamet.",
    }
    assert team.post(url, data).status_code == 302
    assert team.post(url, data).status_code == 302
    case = JointFollowUp.objects.get()
    assert (case.ed_visits, case.municipality.name) == (4, "Västerås")
    refused = team.post(url, {"close": "1", "outcome": ""})
    assert refused.status_code == 400
    closing = {"close": "1", "outcome": "Inga akutbesök på tre månader."}
    assert team.post(url, closing).status_code == 302
    case.refresh_from_db()
    assert case.status == "closed"


def test_lists_refuse_other_roles_and_a_user_outside_a_team_gets_an_explanation(client_as):
    assert client_as("analytiker").get(reverse("mobile:worklist")).status_code == 403
    page = client_as("distriktsskoterska").get(reverse("mobile:frequent"))
    assert "Du tjänstgör inte i något mobilt team" in page.content.decode()


def test_start_page_card_only_for_team_staff(client_as, send_request):
    send_request()
    card = client_as("samordnare").get(reverse("web:start")).content.decode()
    assert "1 ny begäran att bedöma" in card
    other = client_as("distriktsskoterska").get(reverse("web:start")).content.decode()
    assert "mobile-card-heading" not in other
