import re
from datetime import date

import pytest
from django.urls import reverse

from navet.residents.models import Person
from navet.web.tests.html import text, texts

pytestmark = pytest.mark.django_db

URL = reverse("web:resident_search")


@pytest.fixture
def nurse(client_as):
    return client_as("distriktsskoterska")


def search(client, query, **extra):
    response = client.post(URL, {"q": query, **extra})
    assert response.status_code == 200
    return response


def result_rows(response) -> list[str]:
    return texts(response.content, "tr")[1:]  # without the header row


def status(response) -> str:
    return text(response.content, "p", id="search-status")


def formatted(person) -> str:
    return f"{person.identifier[:8]}-{person.identifier[8:]}"


def test_without_query_shows_instruction_and_nobody(nurse, small_county):
    response = search(nurse, "")
    assert texts(response.content, "h1") == ["Invånare"]
    assert "Skriv ett personnummer" in status(response)
    assert "<table" not in response.content.decode()


def test_search_field_is_labelled_and_live(nurse, small_county):
    html = search(nurse, "").content.decode()
    assert '<label for="q">' in html
    assert 'hx-trigger="input changed delay:300ms, search"' in html
    assert f'hx-post="{URL}"' in html
    assert f'<form method="post" action="{URL}"' in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_a_query_in_the_url_is_not_searched(nurse, small_county):
    """Identity numbers must not travel in URLs (history, access logs): GET never searches."""
    from navet.access.models import AuditEvent

    response = nurse.get(URL, {"q": "lindqvist"})
    assert response.status_code == 200
    assert "Skriv ett personnummer" in status(response)
    assert "Lindqvist" not in response.content.decode()
    assert not AuditEvent.objects.filter(action="search").exists()


@pytest.mark.parametrize(
    "form",
    [
        pytest.param(lambda n: n, id="12 digits"),
        pytest.param(lambda n: f"{n[:8]}-{n[8:]}", id="12 digits with separator"),
        pytest.param(lambda n: n[2:], id="10 digits"),
        pytest.param(lambda n: f"{n[2:8]}-{n[8:]}", id="10 digits with separator"),
        pytest.param(lambda n: f"  {n[2:8]} {n[8:]} ", id="spaces"),
    ],
)
def test_search_by_identity_number(nurse, small_county, form):
    elsa = small_county.persons["elsa"]
    response = search(nurse, form(elsa.identifier))
    rows = result_rows(response)
    assert rows == [
        f"Lindqvist, Elsa {formatted(elsa)} {_age(elsa)} Västerås Vårdcentralen Skiljebo Ja"
    ]
    assert status(response).startswith("1 träff")
    assert f'href="{reverse("web:resident_detail", args=[elsa.pk])}"' in response.content.decode()


def test_search_by_coordination_and_reserve_number(nurse, small_county):
    ahmed, tomas = small_county.persons["ahmed"], small_county.persons["tomas"]
    assert result_rows(search(nurse, ahmed.identifier[2:]))[0].startswith("Hassan, Ahmed")
    rows = result_rows(search(nurse, "19700101-R0001"))
    assert rows == [f"Okänd, Tomas 19700101-R0001 {_age(tomas)} – Inte listad Nej"]


def test_every_person_a_search_shows_is_logged(nurse, small_county):
    from navet.access.models import AuditEvent

    search(nurse, "berg")  # Gustav Berg; Berit Åberg does not start with "berg"
    [event] = AuditEvent.objects.filter(action="search")
    assert event.person_id == small_county.persons["gustav"].pk
    assert event.username == "distriktsskoterska"
    assert event.unit_name == "Vårdcentralen Skiljebo"


def _age(person) -> int:
    today = date.today()
    born = person.birth_date
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("19380102-9203", "fel kontrollsiffra"),
        ("380102-920", "fel antal siffror"),
        ("19381302-9202", "ogiltigt datum"),
    ],
)
def test_invalid_number_shows_the_reason(nurse, small_county, query, reason):
    response = search(nurse, query)
    assert reason in status(response)
    assert "går inte att söka på" in status(response)
    assert result_rows(response) == []


def test_unknown_valid_number_finds_nobody(nurse, small_county, identity_numbers):
    number = identity_numbers(year=1960)
    response = search(nurse, number)
    assert status(response).startswith("Inga träffar")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("lindqvist", ["Lindqvist, Elsa"]),
        ("LIND", ["Lindqvist, Elsa"]),
        ("elsa lindqvist", ["Lindqvist, Elsa"]),
        ("E Lind", ["Lindqvist, Elsa"]),
        ("åberg", ["Åberg, Berit"]),
        ("Nilsson", ["Nilsson, Leo"]),
        ("elsa berg", []),
        ("holm", []),  # staff are not residents
    ],
)
def test_search_by_name(nurse, small_county, query, expected):
    rows = result_rows(search(nurse, query))
    assert [re.match(r"(.*?) \d", row).group(1) for row in rows] == expected


def test_protected_identity_hides_municipality_in_results(nurse, small_county):
    rows = result_rows(search(nurse, "svensson"))
    assert len(rows) == 1
    assert "Skyddad identitet" in rows[0]
    assert "Västerås" not in rows[0]


def test_dead_person_is_marked(nurse, small_county):
    rows = result_rows(search(nurse, "johansson"))
    assert "Avliden" in rows[0]


def test_results_are_paginated(nurse, small_county, identity_numbers):
    for i in range(25):
        Person.objects.create(
            identifier=identity_numbers(year=1990),
            identifier_kind="personnummer",
            given_name=f"Test{i:02d}",
            family_name="Sidström",
            sex="F",
            birth_date=date(1990, 1, 1),
        )
    first = search(nurse, "sidström")
    assert len(result_rows(first)) == 20
    assert "25 träffar" in status(first)
    assert "sida 1 av 2" in status(first)
    assert "Nästa sida" in text(first.content, "nav", **{"aria-label": "Sidor i sökresultatet"})
    second = search(nurse, "sidström", sida="2")
    assert len(result_rows(second)) == 5
    assert "Föregående sida" in text(
        second.content, "nav", **{"aria-label": "Sidor i sökresultatet"}
    )


def test_htmx_request_gets_only_the_partial(nurse, small_county):
    response = nurse.post(URL, {"q": "lindqvist"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert 'hx-swap-oob="true"' in html
    assert "Lindqvist, Elsa" in html
    assert "HX-Request" in response["Vary"]


def test_htmx_history_restore_gets_the_whole_page(nurse, small_county):
    response = nurse.post(
        URL, {"q": "lindqvist"}, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in response.content.decode()


@pytest.mark.parametrize("username", ["analytiker", "lansledning", "sakerhetsansvarig", "invanare"])
def test_non_care_roles_may_not_search(client_as, username):
    response = client_as(username).post(URL, {"q": "lindqvist"})
    assert response.status_code == 403
    assert "Lindqvist" not in text(response.content, "main")


@pytest.mark.parametrize("username", ["allmanlakare", "verksamhetschef", "samordnare"])
def test_care_roles_may_search(client_as, username):
    assert client_as(username).post(URL, {"q": "lindqvist"}).status_code == 200


def test_live_search_after_the_session_ended_sends_the_window_to_login(client, db):
    response = client.post(
        URL,
        {"q": "lindqvist"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL="http://testserver/invanare/",
    )
    assert response["HX-Redirect"] == "/logga-in/?next=/invanare/"
    assert "Lindqvist" not in response.content.decode()
