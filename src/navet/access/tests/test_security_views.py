"""The security officer's pages: worklist, one review, log search, and the exports."""

import csv
import io
import re
from datetime import date

import pytest
from django.urls import reverse

from navet.access.models import AuditEvent, LogReview
from navet.access.tests.support import open_emergency
from navet.web.tests.html import text, texts

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(client_as):
    return client_as("sakerhetsansvarig")


@pytest.fixture
def emergency_case(demo_users, small_county):
    open_emergency("avdelningsskoterska", small_county.persons["gustav"])
    return LogReview.objects.get(kind="emergency")


@pytest.mark.parametrize(
    "name", ["access:review_list", "access:log_search", "access:review_list_csv"]
)
@pytest.mark.parametrize("username", ["allmanlakare", "analytiker", "invanare"])
def test_only_the_security_officer(client_as, demo_users, name, username):
    assert client_as(username).get(reverse(name)).status_code == 403


def test_worklist_shows_open_cases_and_logs_the_persons_shown(officer, emergency_case):
    html = officer.get(reverse("access:review_list")).content
    rows = texts(html, "tr")
    assert any(
        "Nödåtkomst" in r and "avdelningsskoterska" in r and "Gustav Berg" in r for r in rows
    )
    shown = AuditEvent.objects.filter(username="sakerhetsansvarig", action="read")
    assert [(e.person_id, e.purpose) for e in shown] == [(emergency_case.person_id, "log_review")]


def test_documenting_a_review(officer, emergency_case):
    url = reverse("access:review_detail", args=[emergency_case.pk])
    page = officer.get(url)
    assert "Nödåtkomst, steg 2: öppna uppgifter" in text(page.content, "main")
    form = {"key": "k", "version": 1, "outcome": "no_remark", "notes": "Akut, befogad."}
    assert officer.post(url, form).status_code == 302
    assert officer.post(url, form).status_code == 302  # a double click
    emergency_case.refresh_from_db()
    assert emergency_case.outcome == "no_remark"
    assert "Granskad: utan anmärkning" in text(officer.get(url).content, "dd", id="review-status")
    assert officer.post(url, {**form, "outcome": "remark"}).status_code == 400


def test_review_pdf_and_worklist_csv_are_logged_exports(officer, emergency_case):
    pdf = officer.get(reverse("access:review_pdf", args=[emergency_case.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    listing = officer.get(reverse("access:review_list_csv") + "?status=alla")
    rows = list(csv.reader(io.StringIO(listing.content.decode()), delimiter=";"))
    assert rows[0][:3] == ["id", "typ", "kontroll"] and rows[1][1] == "Nödåtkomst"
    exports = AuditEvent.objects.filter(action="export", username="sakerhetsansvarig")
    assert exports.count() == 2


def test_creating_a_sample_and_running_targeted_checks(officer, small_county, client_as):
    client_as("allmanlakare").get(
        reverse("web:resident_detail", args=[small_county.persons["maria"].pk])
    )
    today = date.today()
    officer.post(reverse("access:create_sample"), {"key": "s", "month": today.strftime("%Y-%m")})
    officer.post(
        reverse("access:run_targeted"),
        {"key": "t", "start": today.isoformat(), "end": today.isoformat()},
    )
    kinds = set(LogReview.objects.values_list("check_kind", flat=True))
    assert {"sample", "protected_identity"} <= kinds
    bad = officer.post(
        reverse("access:run_targeted"), {"key": "t", "start": "2026-02-02", "end": "2026-02-01"}
    )
    assert bad.status_code == 302


def test_log_search_by_person_user_and_period(officer, client_as, small_county):
    elsa = small_county.persons["elsa"]
    client_as("allmanlakare").get(reverse("web:resident_detail", args=[elsa.pk]))
    client_as("distriktsskoterska").get(reverse("web:resident_detail", args=[elsa.pk]))
    url = reverse("access:log_search")
    assert "<table" not in officer.get(url).content.decode()
    number = f"{elsa.identifier[:8]}-{elsa.identifier[8:]}"
    rows = texts(officer.post(url, {"person": number, "action": "read"}).content, "tr")[1:]
    assert len(rows) == 2 and all("Elsa Lindqvist" in r for r in rows)
    rows = texts(officer.post(url, {"user": "allmanlakare", "action": "read"}).content, "tr")[1:]
    assert len(rows) == 1
    hsa = small_county.staff["allmanlakare"].hsa_id
    assert len(texts(officer.post(url, {"user": hsa, "action": "read"}).content, "tr")) == 2
    rows = texts(officer.post(url, {"user": "ingen"}).content, "tr")
    assert rows == []  # an unknown user matches nothing, not everything
    today = date.today().isoformat()
    csv_response = officer.post(
        reverse("access:log_search_csv"), {"person": number, "start": today, "end": today}
    )
    lines = csv_response.content.decode().splitlines()
    assert lines[0].startswith("tid;händelse") and len(lines) >= 3
    pdf = officer.post(reverse("access:log_search_pdf"), {"person": number})
    assert pdf.content.startswith(b"%PDF")


def test_the_log_search_keeps_identity_numbers_out_of_urls(officer, client_as, small_county):
    """GET never searches, so a number in a URL finds nothing; the export forms post the query."""
    elsa = small_county.persons["elsa"]
    client_as("allmanlakare").get(reverse("web:resident_detail", args=[elsa.pk]))
    url = reverse("access:log_search")
    assert "<table" not in officer.get(url, {"person": elsa.identifier}).content.decode()
    page = officer.post(url, {"person": elsa.identifier, "action": "read"}).content.decode()
    assert elsa.identifier not in "".join(re.findall(r'(?:href|action)="([^"]*)"', page))
    assert f'name="person" value="{elsa.identifier}"' in page  # the exports post it
    assert (
        officer.get(reverse("access:log_search_csv"), {"person": elsa.identifier}).status_code
        == 302
    )


def test_log_search_pages_with_a_cursor(officer, client_as, small_county, settings):
    from navet.access import selectors

    elsa = small_county.persons["elsa"]
    doctor = client_as("allmanlakare")
    for _ in range(3):
        doctor.get(reverse("web:resident_detail", args=[elsa.pk]))
    rows, cursor = selectors.search_log(selectors.LogQuery(action="read"), limit=2)
    assert len(rows) == 2 and cursor
    more, end = selectors.search_log(selectors.LogQuery(action="read"), after=cursor, limit=2)
    assert len(more) == 1 and end == ""
    assert more[0].id < rows[-1].id
    page = officer.post(reverse("access:log_search"), {"action": "read", "efter": "trasig"})
    assert page.status_code == 200
