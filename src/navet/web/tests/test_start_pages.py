import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from navet.web.navigation import VERSION
from navet.web.tests.html import text, texts

pytestmark = pytest.mark.django_db

CARE_NAV = ["Start", "Inkorg", "Utskrivning", "Avvikelser", "Invånare"]
COUNTY_NAV = ["Start", "Uppföljning", "Färdplan"]
# the analyst and the leadership also produce the payment-liability invoice basis (navet.payment)
FINANCE_NAV = [*COUNTY_NAV, "Betalningsansvar", "Avvikelser"]
OFFICE = "Region Västmanland, hälso- och sjukvårdsförvaltningen"

# username → (h1, menu, name, role label, unit shown in the header)
ROLES = {
    "distriktsskoterska": (
        "Mitt arbete",
        CARE_NAV,
        "Eva Holm",
        "Distriktssköterska, vårdcentral",
        "Vårdcentralen Skiljebo",
    ),
    "allmanlakare": (
        "Mitt arbete",
        CARE_NAV,
        "Per Ek",
        "Läkare i primärvården",
        "Vårdcentralen Skiljebo",
    ),
    "avdelningslakare": (
        "Mitt arbete",
        CARE_NAV,
        "Karl Strand",
        "Läkare i slutenvården",
        "Avdelning 31, medicin",
    ),
    "avdelningsskoterska": (
        "Mitt arbete",
        CARE_NAV,
        "Lena Dahl",
        "Sjuksköterska i slutenvården",
        "Avdelning 31, medicin",
    ),
    "kommunskoterska": (
        "Mitt arbete",
        CARE_NAV,
        "Maja Fors",
        "Sjuksköterska, kommunal hälso- och sjukvård",
        "Hemsjukvården Västerås",
    ),
    "bistandshandlaggare": (
        "Mitt arbete",
        CARE_NAV,
        "Jonas Vik",
        "Biståndshandläggare",
        "Biståndsenheten Västerås",
    ),
    "underskoterska": (
        "Mitt arbete",
        CARE_NAV,
        "Fatima Ali",
        "Undersköterska, hemtjänst",
        "Hemtjänst Västerås centrum",
    ),
    "verksamhetschef": (
        "Min verksamhet",
        [*CARE_NAV, "Avvikelsestatistik", "Loggranskning", "Sök i loggen"],
        "Ingrid Wall",
        "Verksamhetschef",
        "Vårdcentralen Skiljebo",
    ),
    "samordnare": (
        "Mitt arbete",
        CARE_NAV,
        "Sofia Borg",
        "Samordnare / vårdcoach",
        "Mobila närvårdsteamet Västerås",
    ),
    "analytiker": (
        "Länsöversikt",
        FINANCE_NAV,
        "Anna Analytiker",
        "Analytiker / strateg",
        OFFICE,
    ),
    "lansledning": (
        "Länsöversikt",
        FINANCE_NAV,
        "Lars Ledningsson",
        "Länsledning",
        OFFICE,
    ),
    "forumsekreterare": (
        "Länsöversikt",
        COUNTY_NAV,
        "Frida Färdplansson",
        "Forumsekreterare, färdplan",
        OFFICE,
    ),
    "sakerhetsansvarig": (
        "Säkerhet och loggranskning",
        ["Start", "Loggranskning", "Sök i loggen"],
        "Sara Säkerhetsson",
        "Säkerhetsansvarig / loggranskare",
        OFFICE,
    ),
    "kommunekonom": (
        "Kommunens betalningsansvar",
        ["Start", "Betalningsansvar"],
        "Erik Ekonomsson",
        "Ekonom, kommunen (betalningsansvar)",
        "Västerås stad, ekonomienheten",
    ),
    "invanare": (
        "Min sida",
        [
            "Start",
            "Mina kontakter",
            "Mina planer",
            "Digital mottagning",
            "Samtycken och spärrar",
            "Vem har läst mina uppgifter",
        ],
        "Elsa Lindqvist",
        "Invånare",
        "Invånare",
    ),
}


def test_every_demo_role_is_covered(demo_users):
    assert set(ROLES) == set(demo_users)


@pytest.mark.parametrize("username", ROLES)
def test_start_page_per_role(client_as, username):
    heading, menu, name, role_label, unit = ROLES[username]
    response = client_as(username).get(reverse("web:start"))
    assert response.status_code == 200
    html = response.content.decode()
    assert texts(html, "h1") == [heading]
    assert texts(html, "a", **{"aria-current": "page"}) == ["Start"]
    nav = texts(html, "nav", **{"aria-label": "Huvudmeny"})
    assert len(nav) == 1
    assert nav[0].split(" ") == " ".join(menu).split(" ")
    assert text(html, "span", **{"class": "who-name"}) == name
    assert text(html, "span", **{"class": "who-role"}) == role_label
    assert unit in text(html, "header")
    for landmark in ("<header", "<nav", '<main id="main"', "<footer"):
        assert landmark in html


@pytest.mark.parametrize("username", [u for u, (_, menu, *_) in ROLES.items() if menu == CARE_NAV])
def test_care_start_pages_show_every_worklist_card(client_as, username):
    main = text(client_as(username).get(reverse("web:start")).content, "main")
    assert "Din enhet" in main
    # Every care role's placeholder is a real page now: the discharge worklists (issue "Trygg
    # utskrivning") were the last.
    assert "kommer med ärendet" not in main
    assert "Trygg utskrivning" in main
    # SIP is no placeholder any more either: its card counts the plans of the user's units.
    assert "SIP – samordnade individuella planer" in main
    assert "SIP – samordnade individuella planer – kommer med ärendet" not in main
    # The inbox is no placeholder any more: its card shows what waits in the user's units.
    assert "Inkorg – kommer med ärendet" not in main
    assert "inget väntar på kvittens" in main


def test_region_nurse_sees_admission_notices_and_named_contact_worklists(client_as):
    html = client_as("distriktsskoterska").get(reverse("web:start")).content
    main = text(html, "main")
    assert "Inskrivningsmeddelanden – kommer med ärendet Trygg utskrivning" not in main
    assert f'href="{reverse("transitions:worklist")}"' in html.decode()
    assert "kommer med ärendet Listning och fasta kontakter" not in main
    items = texts(html, "li")
    assert "Nyligen listade utan fast läkarkontakt, Vårdcentralen Skiljebo: 0" in items
    assert "Fasta kontakter vars medarbetare har slutat, Vårdcentralen Skiljebo: 0" in items
    assert f'href="{reverse("listing:worklist")}"' in html.decode()
    assert f'href="{reverse("listing:unit")}"' not in html.decode()


def test_unit_head_sees_listed_persons_and_staff_with_fte(client_as):
    html = client_as("verksamhetschef").get(reverse("web:start")).content
    main = text(html, "main")
    # Elsa, Maria and Leo are listed at Skiljebo; Anders's listing ended when he died.
    assert "Listade personer 3" in main
    assert "Medarbetare 4" in main
    assert "Årsarbetare 3,8" in main
    rows = texts(html, "tr")
    assert "Nora Lind Läkare Medarbetare 0,8" in rows
    assert "Ingrid Wall Distriktssköterska Verksamhetschef 1" in rows


@pytest.mark.parametrize("username", ["analytiker", "lansledning"])
def test_county_roles_see_county_facts_and_the_way_to_the_dashboards(client_as, username):
    html = client_as(username).get(reverse("web:start")).content
    rows = texts(html, "tr")
    assert "Västerås 4 3 75,0 % 2" in rows
    assert "Sala 2 2 100,0 % 1" in rows
    assert "Hela länet 6 5 83,3 % 3" in rows
    assert "Vårdcentralen Skiljebo Västerås Offentlig 3" in rows
    assert "Citykliniken Västerås Privat 0" in rows
    html = html.decode()
    assert 'id="uppfoljning"' in html
    assert "kommer med ärendet" not in text(html, "main")
    assert "inga beräknade indikatorer ännu" in text(html, "main")
    assert html.count(f'href="{reverse("followup:overview")}"') == 2  # the menu and the card


def test_security_officer_start_page_leads_to_review_and_log_search(client_as):
    html = client_as("sakerhetsansvarig").get(reverse("web:start")).content.decode()
    assert f'href="{reverse("access:review_list")}"' in html
    assert f'href="{reverse("access:log_search")}"' in html
    assert "kommer med ärendet Trust" not in html


def test_resident_sees_own_listing_contacts_and_municipality(client_as):
    main = text(client_as("invanare").get(reverse("web:start")).content, "main")
    main = main.replace(" ,", ",").replace(" .", ".")
    assert "Du är folkbokförd i Västerås" in main
    assert "Vårdcentralen Skiljebo, Västerås. Du är listad här sedan 2019-03-01." in main
    assert "Fast läkarkontakt Per Ek, specialist i allmänmedicin, Vårdcentralen Skiljebo" in main
    assert "Fast vårdkontakt Eva Holm, distriktssköterska" in main
    assert "Citykliniken" not in main  # history is on "Mina kontakter"


def test_my_contacts_shows_current_and_earlier_contacts(client_as):
    response = client_as("invanare").get(reverse("citizen:my_contacts"))
    html = response.content
    assert texts(html, "h1") == ["Mina kontakter"]
    assert texts(html, "a", **{"aria-current": "page"}) == ["Mina kontakter"]
    rows = texts(html, "tr")
    assert "Citykliniken 2012-01-01 – 2019-02-28 Aktivt val" in rows
    assert "Fast läkarkontakt Hans Ahl Citykliniken 2012-01-01 – 2019-02-28" in rows
    main = text(html, "main").replace(" ,", ",")
    assert "Fast läkarkontakt Per Ek, specialist i allmänmedicin, Vårdcentralen Skiljebo" in main


def test_my_contacts_is_for_residents_only(client_as):
    response = client_as("allmanlakare").get(reverse("citizen:my_contacts"))
    assert response.status_code == 403
    assert texts(response.content, "h1") == ["Åtkomst nekad"]


def test_user_without_a_role_gets_a_plain_start_page(client, db):
    user = User.objects.create_user("utanroll", password="x" * 12)
    client.force_login(user)
    html = client.get(reverse("web:start")).content
    assert texts(html, "h1") == ["Start"]
    assert "Ingen roll" in text(html, "header")


def test_footer_shows_version_and_synthetic_notice_in_demo(client_as, settings):
    settings.NAVET_SYNTHETIC_DATA = True
    footer = text(client_as("allmanlakare").get(reverse("web:start")).content, "footer")
    assert f"Navet version {VERSION}" in footer
    assert "Syntetiska data – inga riktiga personer" in footer
    settings.NAVET_SYNTHETIC_DATA = False
    footer = text(client_as("allmanlakare").get(reverse("web:start")).content, "footer")
    assert "Syntetiska data" not in footer


@pytest.mark.parametrize("username", ["kommunskoterska", "allmanlakare"])
def test_care_start_pages_show_the_digital_waiting_room(client_as, username):
    main = text(client_as(username).get("/").content.decode(), "main")
    assert "Digitalt väntrum – konsultationer" in main
    assert "Inga obesvarade konsultationer." in main
