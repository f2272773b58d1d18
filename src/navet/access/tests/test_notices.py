"""Notices to the person after emergency access are queued, shown, and delivered once."""

import pytest
from django.core import mail
from django.core.management import call_command

from navet.access.models import PersonNotice
from navet.access.tests.support import open_emergency

pytestmark = pytest.mark.django_db


def test_queued_notices_are_delivered_once(demo_users, small_county, capsys):
    elsa = small_county.persons["elsa"]
    elsa.refresh_from_db()
    elsa.user.email = "elsa@example.org"
    elsa.user.save()
    from navet.access.tests.support import relate

    relate(elsa, small_county.units["ward"], kind="admission")
    open_emergency("avdelningsskoterska", elsa)
    notice = PersonNotice.objects.get(person=elsa)
    assert "Avdelning 31, medicin" in notice.body and notice.delivered_at is None
    call_command("deliver_person_notices")
    call_command("deliver_person_notices")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["elsa@example.org"]
    assert PersonNotice.objects.get(pk=notice.pk).delivered_at is not None
    assert "1 meddelanden levererade." in capsys.readouterr().out
