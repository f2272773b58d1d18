"""The service API other apps call: send, acknowledge, forward, escalate, count."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from navet.access.audit import actor_for
from navet.access.models import AuditEvent
from navet.messaging import kinds, services
from navet.messaging.errors import AlreadyAcknowledged, MessagingError, NotAllowed, UnitClosed
from navet.messaging.models import InboxItem, InboxSettings
from navet.messaging.selectors import items_for_source, unread_count
from navet.messaging.tests.support import item, key, user

pytestmark = pytest.mark.django_db


def audit(**filters):
    return AuditEvent.objects.filter(object_type="inbox_item", **filters)


# --- send_item --------------------------------------------------------------------------------


def test_send_puts_the_item_in_the_unit_inbox_and_logs_it(demo_users, small_county):
    skiljebo, elsa = small_county.units["skiljebo"], small_county.persons["elsa"]
    sent = services.send_item(
        to_unit=skiljebo,
        kind="invitation",
        subject="Kallelse till SIP-möte",
        body="Mötet hålls på Hemsjukvården.",
        person=elsa,
        sender=user("kommunskoterska"),
        idempotency_key="plans.invitation:1:skiljebo",
        purpose="sip",
        source=services.Source("plans.coordinatedplan", 7, "web:resident_detail", {"person_id": 1}),
    )
    assert sent.to_unit == skiljebo and sent.is_open
    assert sent.sender_unit == small_county.units["home_health"]
    assert sent.sender_name == "Maja Fors, Hemsjukvården Västerås"
    assert sent.due_at == sent.created_at + timedelta(hours=72)  # an invitation's default
    assert sent.source_url() == "/invanare/1/"
    assert items_for_source("plans.coordinatedplan", 7) == [sent]
    row = audit(person_id=elsa.pk).get()
    # From the municipality to the region: the person's data leave one care provider for another.
    assert row.action == "disclosure" and row.username == "kommunskoterska"
    assert row.purpose == "sip" and "Hemsjukvården" not in row.detail and "Skiljebo" in row.detail


def test_within_one_care_provider_sending_is_a_create(demo_users, small_county):
    item(
        small_county.units["ward"],
        person=small_county.persons["elsa"],
        sender=user("distriktsskoterska"),
    )
    assert audit().get().action == "create"


def test_the_same_key_gives_the_same_item(demo_users, small_county):
    skiljebo = small_county.units["skiljebo"]
    first = item(skiljebo, person=small_county.persons["elsa"], idempotency_key="k1")
    again = item(skiljebo, person=small_county.persons["elsa"], idempotency_key="k1")
    assert again.pk == first.pk
    assert InboxItem.objects.count() == 1 and audit().count() == 1


def test_an_item_without_a_person_is_not_audited(demo_users, small_county):
    item(small_county.units["skiljebo"], kind="reminder", subject="Påminnelse")
    assert not audit().exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"kind": "telegram"}, "Okänd typ av ärende"),
        ({"subject": "   "}, "Skriv en rubrik"),
        ({"subject": "x" * 201}, "högst 200 tecken"),
    ],
)
def test_bad_input_is_refused_in_swedish(small_county, changes, message):
    with pytest.raises(MessagingError, match=message):
        item(small_county.units["skiljebo"], **changes)
    assert not InboxItem.objects.exists()


def test_a_unit_that_no_longer_exists_is_refused_with_a_suggestion(small_county):
    vasby, skiljebo = small_county.units["vasby"], small_county.units["skiljebo"]
    vasby.active_to = date.today() - timedelta(days=1)
    vasby.save()
    with pytest.raises(UnitClosed) as refused:
        item(vasby)
    assert "Vårdcentralen Väsby finns inte längre" in refused.value.message
    # Same kind, same principal; Citykliniken is another care provider's but the same principal.
    assert skiljebo in refused.value.suggestions
    assert "till exempel" in refused.value.message
    assert not InboxItem.objects.exists()


def test_deadlines_come_from_the_kind_and_the_settings(small_county, settings):
    unit = small_county.units["skiljebo"]
    now = timezone.now()
    assert item(unit, kind="notice", now=now).due_at == now + timedelta(hours=24)
    assert item(unit, kind="escalation", now=now).due_at is None
    assert item(unit, kind="notice", due_at=None).due_at is None
    settings.NAVET_INBOX_DEADLINE_HOURS = {"notice": 8}
    assert item(unit, kind="notice", now=now).due_at == now + timedelta(hours=8)


def test_later_apps_register_their_own_kinds():
    kind = kinds.register_kind("admission_notice_test", "Inskrivningsmeddelande", deadline_hours=4)
    assert kinds.register_kind("admission_notice_test", "Inskrivningsmeddelande", deadline_hours=4)
    assert kinds.get_kind("admission_notice_test") == kind
    with pytest.raises(ValueError, match="already registered"):
        kinds.register_kind("admission_notice_test", "Något annat")
    with pytest.raises(ValueError, match="snake_case"):
        kinds.register_kind("Inskrivning!", "x")


# --- acknowledge ------------------------------------------------------------------------------


def test_acknowledging_records_the_named_user_and_the_time(demo_users, small_county):
    sent = item(small_county.units["skiljebo"], person=small_county.persons["elsa"])
    nurse = user("distriktsskoterska")
    at = timezone.now()
    done = services.acknowledge(item=sent, user=nurse, now=at)
    assert done.acknowledged_at == at and done.acknowledged_by == nurse
    assert done.acknowledged_by_name == "Eva Holm"
    assert not done.is_open and done.state_label == "Kvitterat"
    row = audit(action="change").get()
    assert row.username == "distriktsskoterska" and row.detail == "kvitterat"


def test_a_double_click_acknowledges_once(demo_users, small_county):
    sent = item(small_county.units["skiljebo"], person=small_county.persons["elsa"])
    nurse = user("distriktsskoterska")
    first = services.acknowledge(item=sent, user=nurse)
    second = services.acknowledge(item=sent, user=nurse)
    assert second.acknowledged_at == first.acknowledged_at
    assert audit(action="change").count() == 1


def test_the_second_user_is_told_who_acknowledged(demo_users, small_county):
    sent = item(small_county.units["skiljebo"])
    services.acknowledge(item=sent, user=user("distriktsskoterska"))
    with pytest.raises(AlreadyAcknowledged, match="redan kvitterat av Eva Holm"):
        services.acknowledge(item=sent, user=user("allmanlakare"))


def test_only_staff_of_the_receiving_unit_acknowledge(demo_users, small_county):
    sent = item(small_county.units["skiljebo"])
    for username in ("kommunskoterska", "analytiker", "invanare"):
        with pytest.raises(NotAllowed):
            services.acknowledge(item=sent, user=user(username))
    assert InboxItem.objects.get().is_open


def test_acknowledgement_signal_reaches_the_sending_app(demo_users, small_county):
    heard = []

    def receiver(sender, item, user, **kwargs):
        heard.append((item.pk, user.username))

    services.item_acknowledged.connect(receiver)
    try:
        sent = item(small_county.units["skiljebo"])
        services.acknowledge(item=sent, user=user("allmanlakare"))
    finally:
        services.item_acknowledged.disconnect(receiver)
    assert heard == [(sent.pk, "allmanlakare")]


# --- forward ----------------------------------------------------------------------------------


def test_forwarding_moves_the_item_and_keeps_the_chain(demo_users, small_county):
    skiljebo, home_health = small_county.units["skiljebo"], small_county.units["home_health"]
    elsa = small_county.persons["elsa"]
    sent = item(skiljebo, person=elsa, kind="message", subject="Fråga om läkemedel")
    nurse = user("distriktsskoterska")
    new = services.forward(
        item=sent, to_unit=home_health, reason="Hemsjukvården har hand om det", user=nurse
    )
    sent.refresh_from_db()
    assert not sent.is_open and sent.state_label == "Vidarebefordrat"
    assert sent.forwarded_by_name == "Eva Holm" and sent.forward_reason.startswith("Hemsjukvården")
    assert new.to_unit == home_health and new.is_open and new.forwarded_from == sent
    assert (new.subject, new.person, new.kind, new.sender_name) == (
        sent.subject, elsa, "message", sent.sender_name,
    )  # fmt: skip
    assert new.due_at > sent.due_at  # a new deadline for the new unit
    assert new.chain() == [sent]
    # The forward carried Elsa's data from the region to the municipality: a disclosure.
    assert audit(action="disclosure", object_id=str(new.pk)).get().username == "distriktsskoterska"
    # The next unit acknowledges; the first one cannot any more.
    services.acknowledge(item=new, user=user("kommunskoterska"))
    with pytest.raises(MessagingError, match="vidarebefordrat till Hemsjukvården Västerås"):
        services.acknowledge(item=sent, user=nurse)


def test_forwarding_needs_a_reason_and_another_unit(demo_users, small_county):
    skiljebo = small_county.units["skiljebo"]
    sent = item(skiljebo)
    nurse = user("distriktsskoterska")
    with pytest.raises(MessagingError, match="Skriv varför"):
        services.forward(item=sent, to_unit=small_county.units["ward"], reason=" ", user=nurse)
    with pytest.raises(MessagingError, match="annan enhet"):
        services.forward(item=sent, to_unit=skiljebo, reason="Fel enhet", user=nurse)
    with pytest.raises(NotAllowed):
        services.forward(
            item=sent, to_unit=small_county.units["ward"], reason="Fel enhet",
            user=user("kommunskoterska"),
        )  # fmt: skip
    assert InboxItem.objects.get().is_open


def test_forwarding_twice(demo_users, small_county):
    sent = item(small_county.units["skiljebo"])
    nurse = user("distriktsskoterska")
    ward, home = small_county.units["ward"], small_county.units["home_health"]
    first = services.forward(item=sent, to_unit=ward, reason="Fel enhet", user=nurse)
    assert services.forward(item=sent, to_unit=ward, reason="Fel enhet", user=nurse) == first
    with pytest.raises(MessagingError, match="redan vidarebefordrat till Avdelning 31"):
        services.forward(item=sent, to_unit=home, reason="Fel enhet", user=nurse)
    assert InboxItem.objects.count() == 2


def test_forwarding_to_a_closed_unit_is_refused_with_a_suggestion(demo_users, small_county):
    home_health = small_county.units["home_health"]
    home_health.active_to = date.today() - timedelta(days=30)
    home_health.save()
    sent = item(small_county.units["skiljebo"])
    with pytest.raises(UnitClosed, match="Hemsjukvården Västerås finns inte längre") as refused:
        services.forward(
            item=sent, to_unit=home_health, reason="Fel enhet", user=user("distriktsskoterska")
        )
    # Home health care of the same principal (Västerås stad): none other exists in Västerås.
    assert refused.value.suggestions == []
    assert InboxItem.objects.get().is_open


# --- escalation -------------------------------------------------------------------------------


def test_an_unacknowledged_item_escalates_after_its_deadline(demo_users, small_county):
    skiljebo, elsa = small_county.units["skiljebo"], small_county.persons["elsa"]
    sent_at = timezone.now() - timedelta(days=3)
    sent = item(skiljebo, person=elsa, kind="notice", now=sent_at)  # due after 24 h
    assert services.escalate_overdue(now=sent_at + timedelta(hours=23)) == 0
    assert services.escalate_overdue(now=sent_at + timedelta(hours=25)) == 1
    sent.refresh_from_db()
    assert sent.escalated_at == sent_at + timedelta(hours=25) and sent.is_open
    escalation = sent.escalations.get()
    assert escalation.to_unit == skiljebo and escalation.for_unit_head
    assert escalation.kind == "escalation" and escalation.person == elsa
    assert escalation.subject == f"Ej kvitterat i tid: {sent.subject}" and escalation.due_at is None
    assert audit(object_id=str(escalation.pk)).get().username == "escalate_inbox"
    # Idempotent: a second run (or a second timer) does nothing.
    assert services.escalate_overdue(now=sent_at + timedelta(hours=30)) == 0
    assert InboxItem.objects.count() == 2


def test_acknowledged_and_forwarded_items_do_not_escalate(demo_users, small_county):
    sent_at = timezone.now() - timedelta(days=3)
    done = item(small_county.units["skiljebo"], now=sent_at)
    moved = item(small_county.units["skiljebo"], now=sent_at)
    item(small_county.units["skiljebo"], due_at=None, now=sent_at)  # no deadline
    services.acknowledge(item=done, user=user("allmanlakare"))
    services.forward(
        item=moved, to_unit=small_county.units["ward"], reason="Fel enhet",
        user=user("allmanlakare"), now=sent_at + timedelta(hours=1),
    )  # fmt: skip
    # The forwarded item got a new 24-hour deadline at the ward from its forward.
    assert services.escalate_overdue(now=sent_at + timedelta(hours=24)) == 0
    assert services.escalate_overdue(now=sent_at + timedelta(hours=26)) == 1
    assert InboxItem.objects.get(kind="escalation").escalation_of.to_unit.kind == "inpatient_ward"


def test_escalation_goes_to_the_configured_unit(demo_users, small_county):
    skiljebo, office = small_county.units["skiljebo"], small_county.units["mobile_team"]
    InboxSettings.objects.create(unit=skiljebo, escalation_unit=office)
    sent_at = timezone.now() - timedelta(days=2)
    sent = item(skiljebo, now=sent_at)
    services.escalate_overdue(now=sent_at + timedelta(hours=25))
    assert sent.escalations.get().to_unit == office
    assert unread_count(user("samordnare")) == 1


def test_acknowledging_the_item_settles_its_escalation(demo_users, small_county):
    sent_at = timezone.now() - timedelta(days=2)
    sent = item(small_county.units["skiljebo"], person=small_county.persons["elsa"], now=sent_at)
    services.escalate_overdue(now=sent_at + timedelta(hours=25))
    head = user("verksamhetschef")
    assert unread_count(head) == 2
    services.acknowledge(item=sent, user=user("distriktsskoterska"))
    escalation = sent.escalations.get()
    assert escalation.acknowledged_by_name == "Eva Holm"
    assert unread_count(head) == 0


def test_the_timer_command(demo_users, small_county, capsys):
    sent_at = timezone.now() - timedelta(days=2)
    item(small_county.units["skiljebo"], now=sent_at)
    call_command("escalate_inbox", "--now", (sent_at + timedelta(hours=1)).isoformat())
    assert "0 ärenden eskalerade" in capsys.readouterr().out
    call_command("escalate_inbox")
    assert "1 ärenden eskalerade" in capsys.readouterr().out


# --- counts -----------------------------------------------------------------------------------


def test_unread_count_is_what_waits_in_the_users_units(demo_users, small_county):
    skiljebo = small_county.units["skiljebo"]
    first, _ = item(skiljebo), item(skiljebo)
    item(small_county.units["home_health"])
    assert unread_count(user("distriktsskoterska")) == 2
    assert unread_count(user("kommunskoterska")) == 1
    assert unread_count(user("analytiker")) == 0  # no inbox for the role
    assert unread_count(user("invanare")) == 0
    services.acknowledge(item=first, user=user("allmanlakare"))
    assert unread_count(user("distriktsskoterska")) == 1


def test_keys_are_required(small_county):
    with pytest.raises(ValueError, match="idempotency_key"):
        services.send_item(
            to_unit=small_county.units["skiljebo"], kind="notice", subject="x", idempotency_key=""
        )
    assert key() != key()


def test_settle_acknowledges_the_open_items_about_an_object_and_their_escalations(
    demo_users, small_county
):
    """An object handled on its own page (an alert acknowledged, a request triaged): its open
    items are done; another object's items, and an item forwarded elsewhere, are left."""
    skiljebo, ward = small_county.units["skiljebo"], small_county.units["ward"]
    sent_at = timezone.now() - timedelta(days=3)
    source = services.Source("test.case", 7)
    overdue = item(skiljebo, source=source, now=sent_at)
    assert services.escalate_overdue(now=sent_at + timedelta(hours=25)) == 1
    moved = item(skiljebo, source=source, now=sent_at)
    services.forward(
        item=moved, to_unit=ward, reason="Fel enhet", user=user("allmanlakare"),
        now=sent_at + timedelta(hours=1),
    )  # fmt: skip
    other = item(skiljebo, source=services.Source("test.case", 8), now=sent_at)
    nurse = user("distriktsskoterska")
    settled = services.settle("test.case", 7, user=nurse, actor=actor_for(nurse))
    assert settled == 2  # the overdue item and the forwarded copy at the ward (open there)
    overdue.refresh_from_db()
    assert overdue.acknowledged_by == nurse and overdue.acknowledged_by_name == "Eva Holm"
    assert overdue.escalations.get().acknowledged_at == overdue.acknowledged_at
    moved.refresh_from_db()
    assert moved.acknowledged_at is None  # forwarded: it is the ward's copy that was open
    other.refresh_from_db()
    assert other.acknowledged_at is None
    assert services.settle("test.case", 7, user=nurse, actor=actor_for(nurse)) == 0  # once
