import pytest
from django.test import RequestFactory
from django.urls import reverse

from navet.web import views
from navet.web.tests.html import text, texts


@pytest.mark.django_db
def test_404_page_is_swedish_and_uses_the_layout(client):
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert texts(html, "h1") == ["Sidan finns inte"]
    assert "<main" in html and "<footer" in html
    assert "Hoppa till innehållet" in html


def test_404_for_logged_in_user_shows_the_header(client_as):
    response = client_as("allmanlakare").get("/finns-inte/")
    assert response.status_code == 404
    assert "Per Ek" in text(response.content, "header")


def test_403_page_is_swedish(client_as, small_county):
    response = client_as("analytiker").get(
        reverse("web:resident_detail", args=[small_county.persons["elsa"].pk])
    )
    assert response.status_code == 403
    assert texts(response.content, "h1") == ["Åtkomst nekad"]
    assert "Till startsidan" in text(response.content, "main")


def test_500_page_needs_no_database(django_assert_max_num_queries, db):
    request = RequestFactory().get("/")
    with django_assert_max_num_queries(0):
        response = views.server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert texts(html, "h1") == ["Ett fel uppstod"]
    assert "Navet version" in text(html, "footer")
    assert "Logga ut" not in html


def test_500_page_falls_back_to_plain_html(monkeypatch):
    def broken(name):
        raise RuntimeError("template engine down")

    monkeypatch.setattr(views.loader, "get_template", broken)
    response = views.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert texts(response.content, "h1") == ["Ett fel uppstod"]


def test_unhandled_error_renders_the_500_page(client, settings, db):
    client.raise_request_exception = False
    settings.ROOT_URLCONF = "navet.web.tests.urls_boom"
    response = client.get("/boom/")
    assert response.status_code == 500
    assert texts(response.content, "h1") == ["Ett fel uppstod"]
