"""`./navet demo` puts example items in the demo users' inboxes, once."""

import pytest

from navet.access.models import CareRelationship
from navet.access.relationships import sync_all
from navet.messaging.demo import seed_demo_inbox
from navet.messaging.models import InboxItem
from navet.messaging.selectors import unread_count
from navet.messaging.tests.support import user

pytestmark = pytest.mark.django_db


def test_the_demo_inboxes_have_items_and_a_second_run_adds_none(demo_users, small_county):
    sync_all()
    new = seed_demo_inbox()
    assert new > 0 and seed_demo_inbox() == 0
    assert InboxItem.objects.filter(key__startswith="demo:").count() == new
    for username in ("distriktsskoterska", "kommunskoterska", "avdelningsskoterska", "samordnare"):
        assert unread_count(user(username)) > 0, username
    skiljebo = small_county.units["skiljebo"]
    kinds = set(InboxItem.objects.filter(to_unit=skiljebo).values_list("kind", flat=True))
    assert kinds == {"notice", "invitation", "message", "reminder", "escalation"}
    # The persons in the examples are ones the unit has a care relationship with.
    for item in InboxItem.objects.filter(to_unit=skiljebo, person__isnull=False):
        assert CareRelationship.objects.filter(person=item.person, unit=skiljebo).exists()
    escalated = InboxItem.objects.get(to_unit=skiljebo, kind="message")
    assert escalated.escalated_at is not None and escalated.escalations.get().for_unit_head
