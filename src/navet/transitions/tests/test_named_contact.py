"""The named care contact before discharge (part 4): the health centre is prompted in its inbox
when the person has none there; appointing one through the Listing API answers the prompt on the
planning page; a discharge without one is allowed, flagged and counted."""

import pytest
from django.urls import reverse
from django.utils import timezone

from navet.access.audit import actor_for
from navet.listing import services as listing
from navet.messaging.models import InboxItem
from navet.transitions import contact, services
from navet.transitions.tests.support import admit, ago, call, user
from navet.web.tests.html import text

pytestmark = pytest.mark.django_db


def _prompts():
    return InboxItem.objects.filter(kind=contact.PROMPT_KIND)


def _appoint(county, person):
    head = user("verksamhetschef")
    return listing.appoint_named_contact(
        actor=actor_for(head),
        person=person,
        role="named_care_contact",
        staff=county.staff["distriktsskoterska"],
        unit=county.units["skiljebo"],
        reason="Inför utskrivning",
        by=county.staff["verksamhetschef"],
        key="appoint-1",
    )


def test_the_health_centre_is_prompted_only_when_the_contact_is_missing(demo_users, small_county):
    admit(small_county)  # Elsa has Eva Holm as named care contact at Skiljebo
    assert not _prompts().exists()
    stay, _ = admit(small_county, "leo")
    prompt = _prompts().get()
    assert prompt.to_unit == small_county.units["skiljebo"] and prompt.person == stay.person
    assert "Leo" not in prompt.subject and "verksamhetschefen" in prompt.subject
    assert prompt.source_url() == reverse("transitions:planning", args=[stay.person_id, stay.pk])
    # A re-sent admission notice (new estimate) prompts no one again.
    call(services.set_estimate, "avdelningsskoterska", stay=stay, estimate=timezone.localdate())
    assert _prompts().count() == 1


def test_the_missing_contact_is_listed_until_appointed(demo_users, small_county):
    stay, _ = admit(small_county, "leo")
    skiljebo = [small_county.units["skiljebo"].pk]
    today = timezone.localdate()
    assert contact.missing_named_care_contact(skiljebo, on=today) == [stay]
    assert not contact.named_care_contact_at_discharge(stay)
    _appoint(small_county, stay.person)
    assert contact.missing_named_care_contact(skiljebo, on=today) == []
    assert contact.named_care_contact_at_discharge(stay)


def test_discharge_without_a_contact_is_allowed_flagged_and_counted(
    demo_users, small_county, client_as
):
    stay, _ = admit(small_county, "leo", at=ago(hours=5))
    call(services.mark_ready, "avdelningslakare", stay=stay)
    call(
        services.discharge, "avdelningsskoterska", stay=stay, at=timezone.now(), destination="home"
    )
    stay.refresh_from_db()
    assert stay.discharged_at is not None
    assert not contact.named_care_contact_at_discharge(stay)
    since = timezone.localdate()
    for unit in ("skiljebo", "ward"):
        ids = [small_county.units[unit].pk]
        assert contact.discharged_without_named_care_contact(ids, since=since) == [stay]
    page = client_as("avdelningsskoterska").get(
        reverse("transitions:stay", args=[stay.person_id, stay.pk])
    )
    assert "Utskriven utan fast vårdkontakt" in text(page.content, "main")


def test_the_unit_head_sees_the_prompt_on_the_start_page_and_the_list(
    demo_users, small_county, client_as
):
    stay, _ = admit(small_county, "leo")
    head = client_as("verksamhetschef")
    start = text(head.get(reverse("web:start")).content, "section", id="transitions")
    assert "1 inskrivna saknar fast vårdkontakt" in start
    page = head.get(reverse("transitions:named_contacts"))
    main = text(page.content, "main")
    assert "Leo Nilsson" in main
    assert reverse("listing:person", args=[stay.person_id]) in page.content.decode()
    planning_page = head.get(reverse("transitions:planning", args=[stay.person_id, stay.pk]))
    assert "Fast vårdkontakt saknas" in text(planning_page.content, "main")
    assert "Utse fast vårdkontakt i listningen" in planning_page.content.decode()
    _appoint(small_county, stay.person)
    again = head.get(reverse("transitions:planning", args=[stay.person_id, stay.pk]))
    assert "Eva Holm" in text(again.content, "section", id="named-contact")
