"""The meeting's calendar file goes with the invitation into the unit's inbox, downloadable from
the inbox item under the item's own rule."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from navet.access.audit import actor_for
from navet.access.models import AuditEvent
from navet.messaging import services as inbox
from navet.plans import services
from navet.plans.tests.support import consent_both_ways, key, start, user
from navet.plans.tests.test_ics import parse

pytestmark = pytest.mark.django_db


def test_the_invitation_item_carries_the_meetings_ics(demo_users, small_county, client_as):
    plan = start(small_county.persons["elsa"])
    consent_both_ways(plan, small_county)
    maja = user("kommunskoterska")
    meeting = services.schedule_meeting(
        actor=actor_for(maja),
        user=maja,
        plan=plan,
        key=key(),
        mode="video",
        starts_at=timezone.now() + timedelta(days=5),
    )
    invitation = services.invite_unit(
        actor=actor_for(maja),
        user=maja,
        plan=plan,
        unit=small_county.units["skiljebo"],
        meeting=meeting,
        key=key(),
    )
    item = invitation.inbox_item
    (attached,) = item.attachments.all()
    assert attached.filename == f"sip-mote-{meeting.pk}.ics"
    assert "finns som bilaga" in item.body

    client = client_as("distriktsskoterska")
    page = client.get(reverse("messaging:item", args=[item.pk])).content.decode()
    url = reverse("messaging:attachment", args=[item.pk, attached.pk])
    assert url in page
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert "attachment;" in response["Content-Disposition"]
    props = parse(response.content.decode())
    assert props["SUMMARY"] == "SIP-möte" and props["URL"] == meeting.video_link
    assert "Elsa" not in response.content.decode()
    assert AuditEvent.objects.filter(object_type="inbox_item", object_id=str(item.pk)).exists()
    # another unit's staff cannot download it
    assert client_as("kommunskoterska").get(url).status_code == 403

    # forwarded, the file goes along
    eva = user("distriktsskoterska")
    forwarded = inbox.forward(
        item=item, to_unit=small_county.units["home_care"], reason="Hemtjänsten deltar", user=eva
    )
    assert [a.filename for a in forwarded.attachments.all()] == [attached.filename]


def test_an_invitation_without_a_meeting_has_no_attachment(demo_users, small_county):
    plan = start(small_county.persons["elsa"])
    consent_both_ways(plan, small_county)
    maja = user("kommunskoterska")
    invitation = services.invite_unit(
        actor=actor_for(maja), user=maja, plan=plan, unit=small_county.units["skiljebo"], key=key()
    )
    assert not invitation.inbox_item.attachments.exists()
