"""The roadmap's pages: who may read and edit, the overview, filters, timeline, activity page,
meetings, versions and the start page."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from navet.roadmap import services
from navet.roadmap.loader import load_seed
from navet.roadmap.models import (
    ActivityStatus,
    FollowUp,
    Meeting,
    Target,
    TargetValue,
    VersionStatus,
)
from navet.web.tests.html import text, texts

pytestmark = pytest.mark.django_db

STAFF = ("allmanlakare", "underskoterska", "analytiker", "lansledning", "sakerhetsansvarig")


def url(name, roadmap, *args):
    return reverse(f"roadmap:{name}", args=[roadmap.pk, *args])


def test_every_staff_member_of_the_county_reads_only_the_secretary_edits(client_as, vasternorrland):
    activity = vasternorrland.versions.get().activities.get(key="barnsakert")
    for username in STAFF:
        client = client_as(username)
        page = client.get(url("overview", vasternorrland))
        assert page.status_code == 200, username
        assert "Ny aktivitet" not in page.content.decode()
        detail = client.get(url("activity", vasternorrland, activity.pk)).content.decode()
        assert "Registrera uppföljning" not in detail, username
        post = client.post(url("activity_follow_up", vasternorrland, activity.pk), {})
        assert post.status_code == 403, username
        assert client.post(url("revise", vasternorrland)).status_code == 403, username
    secretary = client_as("forumsekreterare")
    detail = secretary.get(url("activity", vasternorrland, activity.pk)).content.decode()
    assert "Registrera uppföljning" in detail


def test_residents_anonymous_and_other_counties_are_kept_out(client_as, vasternorrland):
    for path in (reverse("roadmap:list"), url("overview", vasternorrland)):
        assert client_as("invanare").get(path).status_code == 403
        response = Client().get(path)
        assert response.status_code == 302 and "/logga-in/" in response["Location"]
    elsewhere = load_seed("vasterbotten").roadmap  # county 24: no demo user works there
    assert client_as("analytiker").get(url("overview", elsewhere)).status_code == 403
    listing = client_as("analytiker").get(reverse("roadmap:list")).content.decode()
    assert vasternorrland.name in listing and elsewhere.name not in listing


def test_overview_shows_areas_status_colours_and_progress(client_as, vasternorrland):
    version = vasternorrland.versions.get()
    version.activities.filter(key="barnsakert").update(status=ActivityStatus.DONE)
    version.activities.filter(key="demensteam").update(
        status=ActivityStatus.DELAYED, judgement="red"
    )
    html = client_as("lansledning").get(url("overview", vasternorrland)).content.decode()
    assert "Målbild för god och nära vård i Västernorrland 2030" in texts(html, "h2")
    assert "Påbörjade arbeten som fortsätter" in texts(html, "h2")
    assert '<span class="status status-delayed">Försenad</span>' in html
    assert '<span class="status status-done">Klar</span>' in html
    assert '<span class="light light-red">Röd – kräver åtgärd</span>' in html
    labels = texts(html, "label")
    assert "Klart: 1 av 3, 33 %" in labels
    assert "Klart i hela färdplanen: 1 av 12, 8 %" in labels
    assert 'value="33"' in html
    assert "exempel: färdplanen kommer från län 22" in text(html, "main").lower()
    assert "Målindikatorer: Mest sjuka äldre; Mångbesökare på akutmottagning." in texts(html, "p")


def test_filters_by_principal_subarea_and_status(client_as, vastmanland, small_county):
    client = client_as("analytiker")
    base = url("overview", vastmanland)

    def titles(**params):
        html = client.get(base, params).content.decode()
        return {t for t in texts(html, "a") if t.startswith(("Utökad", "AH-", "Äldre", "Semi"))}

    sala_node = vastmanland.county.subareas.get(name="Nod Sala").pk
    assert titles(subarea=sala_node) == {
        "Utökad mobilitet, Nod Sala",
        "AH-uppdraget – avancerad hemsjukvård",  # the whole county
        "Seminarium om utökad mobilitet",
        "Äldrepsykiatrisk mottagning",
    }
    sala = small_county.principals["sala"].pk
    assert titles(principal=sala) == {
        "Utökad mobilitet, Nod Sala",
        "AH-uppdraget – avancerad hemsjukvård",
        "Seminarium om utökad mobilitet",
    }
    assert titles(status="done") == {"Seminarium om utökad mobilitet"}
    assert "Visar 1 av 7 aktiviteter (filtrerat)." in text(
        client.get(base, {"status": "done"}).content, "p", id="overview-status"
    )


def test_filtering_with_htmx_swaps_the_results_and_the_live_status(client_as, vastmanland):
    response = client_as("analytiker").get(
        url("overview", vastmanland), {"status": "done"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert "<html" not in html and "<h1" not in html
    assert 'id="overview-status" hx-swap-oob="innerHTML"' in html
    assert "Visar 1 av 7 aktiviteter (filtrerat)." in html
    assert "HX-Request" in response["Vary"]


def test_the_timeline_is_inline_svg_with_a_text_alternative(client_as, vastmanland):
    html = client_as("analytiker").get(url("timeline", vastmanland)).content.decode()
    main = html[html.index("<main") :]
    assert "<script" not in main and "style=" not in main  # the CSP allows neither
    assert '<svg class="gantt-track" aria-hidden="true"' in main
    assert 'class="bar bar-ongoing bar-undated"' in main  # no dates in the newsletter
    assert "Tidsram ej angiven" in main
    assert "Tidslinjen som tabell" in main
    headings = texts(html, "h4")
    assert {"Nod Fagersta", "Nod Sala", "Nod Västerås", "Nod Köping", "Hela länet"} <= set(headings)
    rows = texts(html, "tr")
    assert any(
        r.startswith("Målområde Närsjukvård och mobilitet Nod Sala Utökad mobilitet") for r in rows
    )


def test_the_activity_page_shows_targets_without_inventing_figures(client_as, vasternorrland):
    version = vasternorrland.versions.get()
    activity = version.activities.get(key="sip-pa-distans")
    target = Target.objects.create(
        roadmap_version=version,
        activity=activity,
        key="telefon",
        indicator_id="phone_answered_same_day",
        name="Telefontillgänglighet samma dag",
        unit="percent",
        target_value=Decimal("80"),
        target_year=2026,
    )
    TargetValue.objects.create(
        target=target, period_label="2025", period_end=date(2025, 12, 31), value=Decimal("76")
    )
    html = client_as("allmanlakare").get(url("activity", vasternorrland, activity.pk)).content
    rows = texts(html, "tr")
    phone = next(r for r in rows if r.startswith("Telefontillgänglighet"))
    assert "Inga beräknade resultat ännu" in phone  # never a zero
    assert "2025: 76 %" in phone and "80 % år 2026" in phone
    manual = next(r for r in rows if r.startswith("Antal genomförda SIP på distans"))
    assert "Manuellt mått" in manual and "Antalet genomförda SIP på distans ska öka." in manual


def test_a_forum_secretary_holds_a_meeting_and_the_history_shows_it(client_as, vasternorrland):
    client = client_as("forumsekreterare")
    halsam = vasternorrland.forums.get(key="halsam")
    held = timezone.localdate() - timedelta(days=1)
    response = client.post(
        url("meeting_new", vasternorrland, halsam.pk),
        {"request_key": "m1", "held_on": held.isoformat(), "title": "Länsledningsmöte"},
    )
    meeting = Meeting.objects.get()
    assert response["Location"] == url("meeting", vasternorrland, meeting.pk)
    assert meeting.agenda.count() == 12
    activity = meeting.agenda.get(key="lsg-alla-kommundelar")
    page = client.get(url("meeting", vasternorrland, meeting.pk)).content.decode()
    assert f'hx-post="{url("meeting_follow_up", vasternorrland, meeting.pk, activity.pk)}"' in page
    post = url("meeting_follow_up", vasternorrland, meeting.pk, activity.pk)
    prefix = f"a{activity.pk}-"
    data = {
        f"{prefix}request_key": "f1",
        f"{prefix}lock_version": activity.lock_version,
        f"{prefix}status": "delayed",
        f"{prefix}judgement": "red",
        f"{prefix}comment": "",
    }
    # Delayed without a comment: the item shows an error summary, nothing is saved.
    response = client.post(post, data, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-summary" role="alert"' in html and "behöver en förklaring" in html
    assert not FollowUp.objects.exists()
    data[f"{prefix}comment"] = "Två kommundelar saknar LSG."
    data[f"{prefix}decisions"] = "Presidiet tar frågan till KD/RD."
    response = client.post(post, data, headers={"HX-Request": "true"})
    assert "Sparat:" in text(response.content, "article")
    again = client.post(post, data, headers={"HX-Request": "true"})  # a double click
    assert again.status_code == 200 and FollowUp.objects.count() == 1
    detail = client.get(url("activity", vasternorrland, activity.pk)).content
    row = next(r for r in texts(detail, "tr") if r.startswith(held.isoformat()))
    assert "Länsledning HälSam" in row and "Försenad" in row and "Röd – kräver åtgärd" in row
    assert "Två kommundelar saknar LSG." in row and "Beslut: Presidiet tar frågan" in row
    assert "Frida Färdplansson" in row


def test_a_stale_follow_up_form_says_so(client_as, vasternorrland):
    activity = vasternorrland.versions.get().activities.get(key="barnsakert")
    client = client_as("forumsekreterare")
    data = {"request_key": "x", "lock_version": 1, "status": "ongoing", "judgement": "green"}
    client.post(url("activity_follow_up", vasternorrland, activity.pk), data)
    data["request_key"] = "y"
    response = client.post(
        url("activity_follow_up", vasternorrland, activity.pk), data, follow=True
    )
    assert "har ändrats av någon annan" in text(response.content, "main")
    assert FollowUp.objects.count() == 1


def test_the_forum_page_surfaces_overdue_and_stalled_activities(client_as, vasternorrland):
    halsam = vasternorrland.forums.get(key="halsam")
    html = client_as("analytiker").get(url("forum", vasternorrland, halsam.pk)).content.decode()
    rows = texts(html, "tr")
    today = timezone.localdate()
    if today > date(2025, 12, 31):
        lsg = next(r for r in rows if r.startswith("Säkerställ fungerande lokal samverkan"))
        assert "Slutdatum passerat" in lsg and "Aldrig" in lsg
    assert "Mötes- och uppföljningsrytm" in html


def test_start_page_sums_up_the_roadmaps_for_county_roles(client_as, vasternorrland):
    for username in ("analytiker", "lansledning", "forumsekreterare"):
        main = text(client_as(username).get(reverse("web:start")).content, "main")
        assert "Färdplaner att följa upp" in main and vasternorrland.name in main
    assert "Färdplaner att följa upp" not in text(
        client_as("allmanlakare").get(reverse("web:start")).content, "main"
    )


def test_revision_consultation_adoption_and_comparison_through_the_pages(
    client_as, vasternorrland, small_county
):
    client = client_as("forumsekreterare")
    response = client.post(url("revise", vasternorrland), {"change_summary": "Årlig revidering"})
    draft = vasternorrland.versions.get(number=2)
    assert response["Location"].endswith("?version=2")
    overview = client.get(response["Location"]).content.decode()
    assert "Ny aktivitet" in overview and "Gällande version är" in overview

    new = reverse("roadmap:activity_new", args=[vasternorrland.pk, 2])
    area = draft.areas.get(key="egenvard")
    bad = {
        "request_key": "a1",
        "area": area.pk,
        "title": "Egenvårdsguide",
        "starts_on": "2027-06-01",
        "ends_on": "2027-01-01",
    }
    response = client.post(new, bad)
    assert response.status_code == 200
    summary = text(response.content, "div", **{"class": "error-summary"})
    assert "Slut: Slutdatumet är före startdatumet." in summary
    assert 'href="#id_ends_on"' in response.content.decode()
    bad["ends_on"] = "2027-12-31"
    client.post(new, bad)
    assert draft.activities.filter(title="Egenvårdsguide").exists()

    versions = client.get(url("versions", vasternorrland)).content.decode()
    assert "Skicka på remiss" in versions
    client.post(
        reverse("roadmap:version_consultation", args=[vasternorrland.pk, 2]),
        {
            "request_key": "c",
            "lock_version": draft.lock_version,
            "opens_on": "2026-01-01",
            "closes_on": "2026-02-28",
        },
    )
    draft.refresh_from_db()
    assert draft.status == VersionStatus.CONSULTATION
    client.post(
        reverse("roadmap:version_comment", args=[vasternorrland.pk, 2]),
        {
            "request_key": "k",
            "principal": small_county.principals["sala"].pk,
            "text": "Lägg till hemsjukvården.",
            "received_on": "2026-02-01",
        },
    )
    assert draft.comments.get().text == "Lägg till hemsjukvården."
    client.post(
        reverse("roadmap:version_adopt", args=[vasternorrland.pk, 2]),
        {
            "request_key": "d",
            "lock_version": draft.lock_version,
            "forum": vasternorrland.forums.get(key="halsam").pk,
            "adopted_on": timezone.localdate().isoformat(),
        },
    )
    draft.refresh_from_db()
    assert draft.status == VersionStatus.ADOPTED
    assert vasternorrland.versions.get(number=1).status == VersionStatus.SUPERSEDED
    comparison = client.get(url("compare", vasternorrland), {"a": 1, "b": 2}).content.decode()
    assert "Tillagda i version 2" in comparison and "Egenvårdsguide" in comparison


def test_a_secretary_adds_a_manual_measure_and_a_value(client_as, vasternorrland):
    client = client_as("forumsekreterare")
    services.start_revision(user=None, roadmap_id=vasternorrland.pk)
    response = client.post(
        reverse("roadmap:target_new", args=[vasternorrland.pk, 2]),
        {
            "request_key": "t",
            "kind": "manual",
            "name": "Antal LSG i gång",
            "unit": "number",
            "direction": "higher",
        },
    )
    assert response.status_code == 302
    target = Target.objects.get(name="Antal LSG i gång")
    response = client.post(
        url("target_value_new", vasternorrland, target.pk),
        {"request_key": "v", "period_label": "2025", "period_end": "2025-12-31", "value": "5"},
    )
    assert response.status_code == 302 and target.values.get().value == 5


def test_a_revision_gets_its_own_period_and_vision(client_as, vasternorrland):
    client = client_as("forumsekreterare")
    draft = services.start_revision(user=None, roadmap_id=vasternorrland.pk)
    edit = reverse("roadmap:version_edit", args=[vasternorrland.pk, draft.number])
    data = {
        "request_key": "e",
        "lock_version": draft.lock_version,
        "title": "Färdplan Nära vård 2026–2027",
        "vision_title": draft.vision_title,
        "vision": draft.vision,
        "goal_year": 2030,
        "period_start": "2026-01-01",
        "period_end": "2025-12-31",
        "change_summary": "Årlig revidering: perioden flyttas ett år.",
    }
    response = client.post(edit, data)
    assert response.status_code == 200
    assert "Periodens slut är före dess start." in text(response.content, "main")
    data["period_end"] = "2027-12-31"
    client.post(edit, data)
    draft.refresh_from_db()
    assert (draft.title, draft.period_end.isoformat()) == (
        "Färdplan Nära vård 2026–2027",
        "2027-12-31",
    )
    data["title"] = "Inaktuellt formulär"
    response = client.post(edit, data)  # the same lock_version again: refused
    assert "har ändrats av någon annan" in text(response.content, "main")
    assert vasternorrland.versions.get(number=1).period_end.isoformat() == "2026-12-31"


def test_a_meeting_follow_up_works_without_javascript(client_as, vasternorrland):
    client = client_as("forumsekreterare")
    meeting = services.schedule_meeting(
        user=None,
        forum_id=vasternorrland.forums.get(key="halsam").pk,
        request_key="m",
        held_on=timezone.localdate(),
    )
    activity = meeting.agenda.get(key="barnsakert")
    post = url("meeting_follow_up", vasternorrland, meeting.pk, activity.pk)
    prefix = f"a{activity.pk}-"
    data = {f"{prefix}request_key": "f", f"{prefix}lock_version": 1, f"{prefix}status": "delayed"}
    response = client.post(post, data)
    assert response.status_code == 200
    assert "behöver en förklaring" in text(response.content, "main")
    data[f"{prefix}comment"] = "Modellen väntar på två kommuner."
    response = client.post(post, data)
    assert response["Location"] == url("meeting", vasternorrland, meeting.pk)
    assert FollowUp.objects.get().comment == "Modellen väntar på två kommuner."
