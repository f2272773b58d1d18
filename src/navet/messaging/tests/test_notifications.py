"""E-mail about the inbox: after commit, never personal data, and a failure never loses the item."""

import logging
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone

from navet.messaging import services
from navet.messaging.models import InboxItem, InboxSettings, InboxSubscription
from navet.messaging.tests.support import item, user

pytestmark = pytest.mark.django_db


class BrokenBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP server unreachable")


@pytest.fixture
def subscribers(demo_users, small_county):
    for username in ("distriktsskoterska", "allmanlakare", "kommunskoterska"):
        who = user(username)
        who.email = f"{username}@example.org"
        who.save()
        InboxSubscription.objects.create(user=who, email=True)
    InboxSettings.objects.create(
        unit=small_county.units["skiljebo"], notify_email="skiljebo@example.org"
    )
    return small_county


def send_about_elsa(county, **extra):
    return item(
        county.units["skiljebo"],
        person=county.persons["elsa"],
        subject="Elsa Lindqvist inskriven på avdelning 31",
        body=f"Personnummer {county.persons['elsa'].identifier}, Storgatan 12.",
        **extra,
    )


def test_the_unit_gets_a_count_and_a_link_without_personal_data(
    subscribers, django_capture_on_commit_callbacks
):
    elsa = subscribers.persons["elsa"]
    item(subscribers.units["skiljebo"], kind="reminder", subject="Påminnelse")
    with django_capture_on_commit_callbacks(execute=True):
        send_about_elsa(subscribers)

    to = sorted(address for message in mail.outbox for address in message.to)
    # The functional mailbox and the two subscribers of Skiljebo, one message each (nobody sees
    # a colleague's address); the municipal nurse serves another unit.
    assert to == [
        "allmanlakare@example.org",
        "distriktsskoterska@example.org",
        "skiljebo@example.org",
    ]
    message = mail.outbox[0]
    assert message.subject == "Navet: nya ärenden i inkorgen"
    assert "Du har 2 nya ärenden i inkorgen för Vårdcentralen Skiljebo." in message.body
    assert f"http://127.0.0.1:8000/inkorg/?enhet={subscribers.units['skiljebo'].pk}" in (
        message.body
    )
    for secret in ("Elsa", "Lindqvist", elsa.identifier, elsa.identifier[2:8], "Storgatan"):
        assert secret not in message.subject + message.body


def test_no_e_mail_for_an_item_that_was_rolled_back(
    subscribers, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        send_about_elsa(subscribers)
        raise RuntimeError("the calling app's transaction failed")
    assert not InboxItem.objects.exists()
    assert mail.outbox == []


def test_a_failed_e_mail_never_loses_the_item(
    subscribers, settings, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenBackend"
    with (
        caplog.at_level(logging.ERROR, logger="navet.messaging.notifications"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        sent = send_about_elsa(subscribers)
    assert InboxItem.objects.get() == sent
    failures = [r for r in caplog.records if "could not be sent" in r.getMessage()]
    assert len(failures) == 3  # each address tried, each failure logged
    logged = "\n".join(r.getMessage() + str(r.exc_info) for r in caplog.records)
    assert "example.org" not in logged and "Elsa" not in logged  # no address or content in logs


def test_nobody_subscribed_no_e_mail(demo_users, small_county, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        item(small_county.units["skiljebo"])
    assert mail.outbox == []


def test_an_escalation_reaches_the_unit_head(subscribers, django_capture_on_commit_callbacks):
    head = user("verksamhetschef")
    head.email = "chef@example.org"
    head.save()  # no subscription: heads get escalations anyway
    sent_at = timezone.now() - timedelta(days=2)
    send_about_elsa(subscribers, now=sent_at)
    with django_capture_on_commit_callbacks(execute=True):
        services.escalate_overdue(now=sent_at + timedelta(hours=25))
    to = {address for message in mail.outbox for address in message.to}
    assert "chef@example.org" in to and "skiljebo@example.org" in to
    message = next(m for m in mail.outbox if m.to == ["chef@example.org"])
    assert message.subject == "Navet: ärende som inte kvitterats i tid"
    assert "Elsa" not in message.body and "Vårdcentralen Skiljebo" in message.body
