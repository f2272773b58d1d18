"""Login hardening: lock-out, the second factor for staff, session expiry, headers, OIDC."""

import json
import os
import subprocess
import sys
import time

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from navet.access import middleware
from navet.access.models import AuditEvent
from navet.access.oidc import users_for_claims
from navet.paths import REPO_ROOT
from navet.web.tests.html import text, texts

pytestmark = pytest.mark.django_db
LOGIN = reverse("web:login")


def login(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def test_repeated_failures_lock_the_account_out(client, demo_users, settings):
    doctor = demo_users["allmanlakare"]
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "allmanlakare", "fel lösenord")
    response = login(client, "allmanlakare", doctor.password)
    assert response.status_code in (403, 429)
    assert texts(response.content, "h1") == ["Kontot är tillfälligt låst"]
    assert AuditEvent.objects.filter(action="login_failed", username="allmanlakare").count() >= 5
    other = Client(REMOTE_ADDR="10.0.0.9")  # another place is not locked out
    assert login(other, "allmanlakare", doctor.password).status_code == 302


def test_a_login_is_audited(client, demo_users):
    login(client, "allmanlakare", demo_users["allmanlakare"].password)
    event = AuditEvent.objects.get(action="login")
    assert event.username == "allmanlakare" and event.unit_name == "Vårdcentralen Skiljebo"


@pytest.fixture
def nurse(demo_users):
    """A staff member for whom the second factor is required (not a demo user)."""
    user = User.objects.get(username="distriktsskoterska")
    user.groups.remove(Group.objects.get(name="otp_optional"))
    return user


def code(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_staff_must_set_up_a_second_factor_then_use_it(client, nurse, demo_users):
    password = demo_users["distriktsskoterska"].password
    login(client, "distriktsskoterska", password)
    response = client.get(reverse("web:resident_search"))
    setup = reverse("access:otp_setup")
    assert response.status_code == 302 and response["Location"].startswith(setup)
    page = client.get(setup)
    assert 'src="data:image/svg+xml;base64,' in page.content.decode()
    device = TOTPDevice.objects.get(user=nurse, confirmed=False)
    bad = client.post(setup, {"token": "000000", "next": "/invanare/"})
    assert "Koden stämmer inte" in text(bad.content, "main")
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)  # wait it out
    response = client.post(setup, {"token": code(device), "next": "/invanare/"})
    assert response["Location"] == "/invanare/"
    assert client.get("/invanare/").status_code == 200

    later = Client()
    login(later, "distriktsskoterska", password)
    response = later.get("/")
    assert response["Location"].startswith(reverse("access:otp_verify"))
    assert "Koden stämmer inte" in text(
        later.post(reverse("access:otp_verify"), {"token": "1"}).content
    )
    device.refresh_from_db()
    device.last_t = -1  # the code above was used once already
    device.throttling_failure_count = 0
    device.save()
    assert later.post(reverse("access:otp_verify"), {"token": code(device)}).status_code == 302
    assert later.get("/").status_code == 200


def test_htmx_requests_are_sent_to_the_second_factor_as_a_whole_page(client, nurse, demo_users):
    login(client, "distriktsskoterska", demo_users["distriktsskoterska"].password)
    response = client.get("/invanare/?q=lind", headers={"HX-Request": "true"})
    assert response["HX-Redirect"].startswith(reverse("access:otp_setup"))


def test_demo_users_and_residents_may_skip_the_second_factor(client, demo_users):
    login(client, "allmanlakare", demo_users["allmanlakare"].password)
    assert client.get("/").status_code == 200
    resident = User.objects.get(username="invanare")
    resident.groups.remove(Group.objects.get(name="otp_optional"))
    other = Client()
    login(other, "invanare", demo_users["invanare"].password)
    assert other.get("/").status_code == 200


def test_a_demo_user_with_a_device_is_asked_for_the_code(client, demo_users):
    TOTPDevice.objects.create(user=User.objects.get(username="allmanlakare"), name="app")
    login(client, "allmanlakare", demo_users["allmanlakare"].password)
    assert client.get("/")["Location"].startswith(reverse("access:otp_verify"))


def test_an_idle_session_ends(client_as):
    client = client_as("allmanlakare")
    assert client.get("/").status_code == 200
    session = client.session
    session[middleware.LAST_SEEN] = time.time() - 31 * 60
    session.save()
    response = client.get("/invanare/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert client.get("/").status_code == 302  # logged out


def test_a_session_ends_after_its_absolute_limit(client_as, settings):
    client = client_as("allmanlakare")
    client.get("/")
    session = client.session
    session[middleware.LOGIN_AT] = time.time() - settings.SESSION_COOKIE_AGE - 1
    session.save()
    assert client.get("/")["Location"].startswith(LOGIN)


def test_security_headers(client_as):
    response = client_as("allmanlakare").get("/")
    assert response["Cache-Control"] == "no-store"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]
    csp = response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp


def test_password_rules_are_strong(db):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("kort1234")
    validate_password("en-lång-och-ovanlig-fras")


def _settings_with(env: dict) -> dict:
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "from django.urls import reverse; "
        "print(json.dumps({'hsts': s.SECURE_HSTS_SECONDS, 'backends': s.AUTHENTICATION_BACKENDS, "
        "'oidc': reverse('oidc_authentication_init') if s.NAVET_OIDC_ENABLED else ''}))"
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "navet.settings", **env}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, env=environment, capture_output=True,
        text=True, check=True, timeout=60,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_hsts_and_oidc_come_from_the_environment():
    assert _settings_with({"NAVET_SECURE_COOKIES": "0"})["hsts"] == 0
    assert _settings_with({"NAVET_SECURE_COOKIES": "1"})["hsts"] == 31536000
    oidc = _settings_with(
        {
            "NAVET_OIDC_ENABLED": "1",
            "OIDC_RP_CLIENT_ID": "navet",
            "OIDC_RP_CLIENT_SECRET": "s",
            "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://idp.example/auth",
            "OIDC_OP_TOKEN_ENDPOINT": "https://idp.example/token",
            "OIDC_OP_USER_ENDPOINT": "https://idp.example/userinfo",
        }
    )
    assert "navet.access.oidc.NavetOIDCBackend" in oidc["backends"]
    assert oidc["backends"][0] == "axes.backends.AxesStandaloneBackend"
    assert oidc["oidc"] == "/oidc/authenticate/"


def test_oidc_claims_find_staff_by_hsa_id_and_residents_by_personnummer(demo_users, small_county):
    doctor = small_county.staff["allmanlakare"]
    assert list(users_for_claims({"hsa_id": doctor.hsa_id})) == [
        User.objects.get(username="allmanlakare")
    ]
    elsa = small_county.persons["elsa"]
    number = f"{elsa.identifier[:8]}-{elsa.identifier[8:]}"
    assert [u.username for u in users_for_claims({"personal_identity_number": number})] == [
        "invanare"
    ]
    assert not users_for_claims({"hsa_id": "SE000-OKAND"}).exists()
    assert not users_for_claims({"email": "x@example.org"}).exists()
