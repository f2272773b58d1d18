"""The unit head's log review (HSLF-FS 2016:40: the care provider's systematic log review, run by
the verksamhetschef for their own unit): samples, targeted checks, cases and the log search,
limited to the users of the units they head — never their own log, never another unit's — and
every person shown logged."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from navet.access import review
from navet.access.audit import actor_for, record
from navet.access.models import AuditEvent, LogReview
from navet.access.relationships import day_start
from navet.access.tests.support import open_emergency, user
from navet.web.tests.html import text, texts

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 10)
SKILJEBO_USERS = {"allmanlakare", "distriktsskoterska"}  # with user accounts; the head excepted


def read(username, person, *, at=None):
    return record(
        actor_for(user(username)),
        action="read",
        person_id=person.pk,
        object_type="person",
        object_id=person.pk,
        purpose="care",
        at=at or day_start(DAY) + timedelta(hours=10),
    )


@pytest.fixture
def head(client_as):
    return client_as("verksamhetschef")


def test_the_scope_is_the_units_users_not_the_head_and_not_other_roles(demo_users, small_county):
    scope = review.review_scope(user("verksamhetschef"))
    assert not scope.everyone
    assert scope.unit_ids == {small_county.units["skiljebo"].pk}
    usernames = {user(name).pk: name for name in demo_users}
    assert {usernames[pk] for pk in scope.user_ids if pk in usernames} == SKILJEBO_USERS
    assert review.review_scope(user("sakerhetsansvarig")).everyone
    for name in ("allmanlakare", "avdelningsskoterska", "analytiker", "invanare"):
        assert review.review_scope(user(name)) is None


def test_a_unit_head_without_a_current_unit_head_assignment_reviews_nothing(
    client_as, small_county
):
    from navet.organisation.models import Assignment

    Assignment.objects.filter(staff=small_county.staff["verksamhetschef"]).update(
        valid_to=date(2021, 1, 1)
    )
    assert review.review_scope(user("verksamhetschef")) is None
    assert client_as("verksamhetschef").get(reverse("access:review_list")).status_code == 403


@pytest.mark.parametrize("username", ["allmanlakare", "avdelningslakare", "samordnare"])
def test_other_care_roles_are_refused(client_as, demo_users, username):
    for name in ("access:review_list", "access:log_search"):
        assert client_as(username).get(reverse(name)).status_code == 403


def test_the_worklist_and_the_cases_are_the_units_own(head, small_county):
    gustav = small_county.persons["gustav"]
    open_emergency("allmanlakare", gustav)  # Skiljebo
    open_emergency("avdelningsskoterska", gustav)  # the ward: another unit head's
    own = LogReview.objects.get(subject_username="allmanlakare")
    other = LogReview.objects.get(subject_username="avdelningsskoterska")
    page = head.get(reverse("access:review_list"))
    rows = texts(page.content, "tr")[1:]
    assert len(rows) == 1 and "allmanlakare" in rows[0]
    assert "Vårdcentralen Skiljebo" in text(page.content, "p", id="review-scope")
    assert head.get(reverse("access:review_detail", args=[other.pk])).status_code == 404
    assert head.get(reverse("access:review_pdf", args=[other.pk])).status_code == 404
    url = reverse("access:review_detail", args=[own.pk])
    assert head.get(url).status_code == 200
    form = {"key": "k", "version": 1, "outcome": "no_remark", "notes": "Akut, befogad."}
    assert head.post(url, form).status_code == 302
    own.refresh_from_db()
    assert own.outcome == "no_remark" and own.reviewed_by == user("verksamhetschef")
    refused = head.post(reverse("access:review_detail", args=[other.pk]), form)
    assert refused.status_code == 404
    other.refresh_from_db()
    assert other.status == "open"
    # every person shown is logged, for log review, by the head
    shown = AuditEvent.objects.filter(username="verksamhetschef", purpose="log_review")
    assert {e.person_id for e in shown} == {gustav.pk}
    changed = AuditEvent.objects.get(username="verksamhetschef", object_type="log_review")
    assert changed.action == "change"
    csv_rows = head.get(reverse("access:review_list_csv") + "?status=alla").content.decode()
    assert "allmanlakare" in csv_rows and "avdelningsskoterska" not in csv_rows


def test_samples_and_targeted_checks_cover_only_the_units_users(
    head, client_as, small_county, settings
):
    settings.NAVET_REVIEW_SAMPLE_SHARE = 1.0
    elsa, maria = small_county.persons["elsa"], small_county.persons["maria"]
    for username in ("allmanlakare", "distriktsskoterska", "verksamhetschef", "samordnare"):
        read(username, elsa)
    read("avdelningslakare", maria)  # protected identity, another unit
    read("allmanlakare", maria)
    head.post(reverse("access:create_sample"), {"key": "s", "month": DAY.strftime("%Y-%m")})
    sample = LogReview.objects.filter(kind="systematic")
    assert set(sample.values_list("subject_username", flat=True)) == SKILJEBO_USERS
    assert all(key.startswith("sample-units-") for key in sample.values_list("key", flat=True))
    # the security officer's own sample of the month is not blocked by the unit's
    officer = client_as("sakerhetsansvarig")
    officer.post(reverse("access:create_sample"), {"key": "s2", "month": DAY.strftime("%Y-%m")})
    provider_wide = LogReview.objects.filter(kind="systematic", key__startswith="sample:")
    assert "avdelningslakare" in set(provider_wide.values_list("subject_username", flat=True))
    assert "verksamhetschef" in set(provider_wide.values_list("subject_username", flat=True))

    head.post(
        reverse("access:run_targeted"),
        {"key": "t", "start": DAY.isoformat(), "end": DAY.isoformat()},
    )
    protected = LogReview.objects.filter(check_kind="protected_identity")
    assert list(protected.values_list("subject_username", flat=True)) == ["allmanlakare"]


def test_the_log_search_shows_only_the_units_users(head, small_county):
    elsa = small_county.persons["elsa"]
    today = day_start(date.today()) + timedelta(hours=1)
    for username in ("allmanlakare", "avdelningslakare", "verksamhetschef"):
        read(username, elsa, at=today)
    url = reverse("access:log_search")
    page = head.post(url, {"action": "read"})
    assert "Vårdcentralen Skiljebo" in text(page.content, "p", id="review-scope")
    rows = texts(page.content, "tr")[1:]
    assert len(rows) == 1 and "allmanlakare" in rows[0]
    assert texts(head.post(url, {"user": "avdelningslakare"}).content, "tr") == []
    exported = head.post(reverse("access:log_search_csv"), {"action": "read"}).content.decode()
    assert "allmanlakare" in exported and "avdelningslakare" not in exported
    export = AuditEvent.objects.filter(username="verksamhetschef", action="export").get()
    assert (export.person_id, export.purpose) == (elsa.pk, "log_review")


def test_the_unit_head_has_the_log_review_in_the_menu(head):
    nav = texts(head.get(reverse("web:start")).content, "a")
    assert "Loggranskning" in nav and "Sök i loggen" in nav
