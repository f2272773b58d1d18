import pytest
from django.urls import reverse

from navet.web.tests.html import text, texts

pytestmark = pytest.mark.django_db


def test_login_page_is_swedish_and_labelled(client, demo_users):
    response = client.get(reverse("web:login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="sv">' in html
    assert texts(html, "h1") == ["Logga in i Navet"]
    assert '<label for="id_username">Användarnamn</label>' in html
    assert '<label for="id_password">Lösenord</label>' in html
    assert 'href="#main"' in html  # skip link


def test_login_page_lists_nothing_secret(client, demo_users):
    html = client.get(reverse("web:login")).content.decode()
    for user in demo_users.values():
        assert user.password not in html
        assert user.username not in html


def test_good_credentials_log_in_and_reach_the_start_page(client, demo_users):
    user = demo_users["allmanlakare"]
    response = client.post(
        reverse("web:login"), {"username": user.username, "password": user.password}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("web:start")
    assert texts(response.content, "h1") == ["Mitt arbete"]
    assert "Per Ek" in text(response.content, "header")


def test_bad_credentials_show_one_swedish_message(client, demo_users):
    response = client.post(reverse("web:login"), {"username": "allmanlakare", "password": "fel"})
    assert response.status_code == 200
    assert text(response.content, "div", id="login-error") == "Fel användarnamn eller lösenord."
    assert not response.wsgi_request.user.is_authenticated


def test_unknown_user_gets_the_same_message(client, demo_users):
    response = client.post(reverse("web:login"), {"username": "ingen", "password": "x"})
    assert text(response.content, "div", id="login-error") == "Fel användarnamn eller lösenord."


def test_login_redirects_to_next(client, demo_users):
    user = demo_users["allmanlakare"]
    response = client.post(
        reverse("web:login") + "?next=/invanare/",
        {"username": user.username, "password": user.password, "next": "/invanare/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/invanare/"


def test_pages_require_login(client, db):
    for name in ("web:start", "web:resident_search", "citizen:my_contacts"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("web:login"))


def test_logout_is_a_post_form_in_the_header(client_as):
    html = client_as("allmanlakare").get(reverse("web:start")).content.decode()
    assert f'<form method="post" action="{reverse("web:logout")}"' in html
    assert "Logga ut" in text(html, "header")


def test_logout_via_post(client_as):
    client = client_as("allmanlakare")
    response = client.post(reverse("web:logout"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("web:login")
    assert "Du är utloggad." in text(response.content, "main")
    assert client.get(reverse("web:start")).status_code == 302


def test_logout_via_get_is_refused(client_as):
    client = client_as("allmanlakare")
    assert client.get(reverse("web:logout")).status_code == 405
    assert client.get(reverse("web:start")).status_code == 200
