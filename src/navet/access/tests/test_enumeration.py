"""Every URL pattern of Navet declares how it touches personal data, and every view that takes a
person is gated: walked from the URLconf, so a future view cannot slip past.

Rules:
1. Every view (outside Django's admin) carries a declaration from navet.access.decorators
   (person_view, PersonAccessMixin, own_data_view, security_view, search_view, aggregate_view,
   declared, no_personal_data). A view without one fails here.
2. A URL that takes `person_id` must be a `person_view` (the gate with the person); one that
   takes `child_id` a `guardian_view` (the gate with purpose GUARDIAN), and refuses everyone
   but the child's guardian.
3. Each of those URLs, called by someone without access, shows no personal data: anonymous
   users go to the login page, roles without the capability get 403, and a care professional
   without a relationship gets the "why" page — which may name the person, nothing more. The
   aggregated follow-up pages, too, refuse every role but the analyst and the leadership.
4. The admin registers no personal-data model (it would be a second path around the gate).
"""

from __future__ import annotations

import re

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

PERSON_PARAMETER = "person_id"
CHILD_PARAMETER = "child_id"


def walk(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry, inner)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}", entry


def declaration(pattern: URLPattern):
    view = pattern.callback
    return getattr(view, "navet_access", None) or getattr(
        getattr(view, "view_class", None), "navet_access", None
    )


def parameters(pattern: URLPattern) -> set[str]:
    return set(re.findall(r"<(?:\w+:)?(\w+)>", str(pattern.pattern)))


def test_the_walk_finds_the_personal_data_views():
    names = {name for name, _ in walk()}
    assert {"web:resident_detail", "access:consents", "citizen:my_log"} <= names


def test_a_view_that_forgot_the_gate_is_caught(settings):
    from django.urls import clear_url_caches

    settings.ROOT_URLCONF = "navet.access.tests.urls_rogue"
    clear_url_caches()
    try:
        missing = [name for name, pattern in walk() if declaration(pattern) is None]
    finally:
        clear_url_caches()
    assert missing == ["rogue"]


def test_every_view_declares_how_it_touches_personal_data():
    missing = [name for name, pattern in walk() if declaration(pattern) is None]
    assert not missing, f"views without an access declaration: {missing}"


def test_every_view_that_takes_a_person_is_gated():
    for name, pattern in walk():
        if PERSON_PARAMETER in parameters(pattern):
            assert declaration(pattern).kind == "person", name
        if declaration(pattern).kind == "person":
            assert PERSON_PARAMETER in parameters(pattern), name


def test_every_view_that_takes_a_child_is_a_guardian_view():
    for name, pattern in walk():
        if CHILD_PARAMETER in parameters(pattern):
            assert declaration(pattern).kind == "guardian", name
        if declaration(pattern).kind == "guardian":
            assert CHILD_PARAMETER in parameters(pattern), name


@pytest.mark.parametrize("method", ["get", "post"])
def test_guardian_views_refuse_all_but_the_guardian(demo_users, small_county, client_as, method):
    leo = small_county.persons["leo"]
    for name, pattern in walk():
        if declaration(pattern).kind != "guardian":
            continue
        kwargs = {p: 1 for p in parameters(pattern)}
        kwargs[CHILD_PARAMETER] = leo.pk
        url = reverse(name, kwargs=kwargs)
        response = getattr(Client(), method)(url)
        assert response.status_code == 302 and "/logga-in/" in response["Location"], name
        for username in ("invanare", "allmanlakare", "sakerhetsansvarig"):
            response = getattr(client_as(username), method)(url)
            assert response.status_code == 403, (name, username)
            assert "Leo" not in response.content.decode(), (name, username)


def person_urls(person):
    for name, pattern in walk():
        if PERSON_PARAMETER in parameters(pattern):
            kwargs = {p: 1 for p in parameters(pattern)}
            kwargs[PERSON_PARAMETER] = person.pk
            yield name, reverse(name, kwargs=kwargs)


# What must never reach someone without access to Gustav: his address, his health centre, his
# named doctor.
SECRETS = ("Norra Esplanaden", "733 31", "Väsby", "Olof Sand")


@pytest.mark.parametrize("method", ["get", "post"])
def test_person_views_show_nothing_without_access(demo_users, small_county, client_as, method):
    gustav = small_county.persons["gustav"]
    anonymous = Client()
    for name, url in person_urls(gustav):
        response = getattr(anonymous, method)(url)
        assert response.status_code == 302 and "/logga-in/" in response["Location"], name
        for username in ("analytiker", "sakerhetsansvarig", "invanare"):
            response = getattr(client_as(username), method)(url)
            assert response.status_code == 403, (name, username)
            assert "Gustav" not in response.content.decode(), (name, username)
        for username in ("avdelningsskoterska", "underskoterska"):
            response = getattr(client_as(username), method)(url)
            body = response.content.decode()
            assert response.status_code in (200, 302, 403, 404), (name, username)
            assert not any(secret in body for secret in SECRETS), (name, username)


def test_other_kinds_refuse_the_wrong_users(demo_users, client_as):
    for name, pattern in walk():
        kind = declaration(pattern).kind
        if kind not in ("own", "security", "search", "aggregate") or parameters(pattern) - {
            "consent_id",
            "indicator_id",
        }:
            continue
        url = reverse(name, kwargs={p: 1 for p in parameters(pattern)})
        assert Client().get(url).status_code == 302, name
        wrong = {
            "own": "allmanlakare",
            "security": "allmanlakare",
            "search": "analytiker",
            "aggregate": "allmanlakare",
        }
        if name == "web:start":
            continue  # every role has a start page
        assert client_as(wrong[kind]).get(url).status_code == 403, name


def test_the_admin_is_no_way_around_the_gate():
    personal = {"residents", "access", "citizen"}
    registered = {model._meta.app_label for model in admin.site._registry}
    assert not registered & personal
