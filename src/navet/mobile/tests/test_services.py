"""Requests, triage and home visits: idempotency, order of events, the relationship and the
inbox item."""

import pytest

from navet.access.audit import actor_for
from navet.access.gate import can_access
from navet.access.models import CareRelationship
from navet.messaging.models import InboxItem
from navet.mobile import services
from navet.mobile.errors import MobileError
from navet.mobile.models import MobileRequest, Status

from .conftest import at


def test_a_request_reaches_the_team_inbox_and_opens_its_relationship(
    send_request, small_county, coordinator
):
    elsa = small_county.persons["elsa"]
    assert not can_access(coordinator, elsa).allowed
    request = send_request()
    item = InboxItem.objects.get(to_unit=small_county.units["mobile_team"])
    assert item.kind == "mobile_request"
    assert item.person == elsa
    assert item.subject == "Begäran om hembesök (samma dag)"
    assert item.source_id == str(request.pk)
    relationship = CareRelationship.objects.get(source_type="mobile.request")
    assert relationship.unit == small_county.units["mobile_team"]
    assert relationship.kind == "mobile_team"
    assert can_access(coordinator, elsa).allowed


def test_a_double_submit_is_one_request_and_one_inbox_item(send_request):
    first = send_request(key="same")
    second = send_request(key="same")
    assert first.pk == second.pk
    assert MobileRequest.objects.count() == 1
    assert InboxItem.objects.filter(kind="mobile_request").count() == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"reason": "ont"}, "Skriv orsaken till begäran (minst 5 tecken)."),
        ({"urgency": "someday"}, "Välj hur brådskande besöket är."),
        ({"channel": "fax"}, "Välj varifrån begäran kommer."),
    ],
)
def test_bad_requests_are_refused_in_swedish(send_request, fields, message):
    with pytest.raises(MobileError) as refused:
        send_request(**fields)
    assert refused.value.message == message
    assert not MobileRequest.objects.exists()


def _triage(request, coordinator, **kwargs):
    return services.triage(request.pk, user=coordinator, actor=actor_for(coordinator), **kwargs)


def _visit(request, coordinator, small_county, **kwargs):
    values = {
        "visited_at": at("2025-03-03 11:00"),
        "staff": [small_county.staff["samordnare"]],
        "findings": "Saturation 91 %, lätt feber.",
        "actions": "Antibiotika insatt, kontroll i morgon.",
        "outcome": "managed_at_home",
    } | kwargs
    return services.record_visit(
        request.pk,
        user=coordinator,
        actor=actor_for(coordinator),
        now=at("2025-03-03 12:00"),
        **values,
    )


def test_accept_plan_visit_and_the_events_out_of_order_are_refused(
    send_request, coordinator, small_county
):
    request = send_request(now=at("2025-03-03 08:00"))
    with pytest.raises(MobileError, match="registrera hembesöket: begäran har status"):
        _visit(request, coordinator, small_county)
    with pytest.raises(MobileError, match="Ange planerad tid"):
        _triage(request, coordinator, decision="accepted", now=at("2025-03-03 08:10"))
    with pytest.raises(MobileError, match="före begäran"):
        _triage(
            request,
            coordinator,
            decision="accepted",
            planned_at=at("2025-03-02 10:00"),
            now=at("2025-03-03 08:10"),
        )
    _triage(
        request,
        coordinator,
        decision="accepted",
        planned_at=at("2025-03-03 10:30"),
        now=at("2025-03-03 08:10"),
    )
    with pytest.raises(MobileError, match="bedöma begäran"):
        _triage(request, coordinator, decision="declined", note="Ingen kapacitet")
    with pytest.raises(MobileError, match="i framtiden"):
        _visit(request, coordinator, small_county, visited_at=at("2025-03-04 11:00"))
    visit = _visit(request, coordinator, small_county)
    request.refresh_from_db()
    assert request.status == Status.VISITED
    assert list(visit.staff.all()) == [small_county.staff["samordnare"]]
    with pytest.raises(MobileError, match="registrera hembesöket"):
        _visit(request, coordinator, small_county)
    # The relationship lasts through the grace period after the visit.
    relationship = CareRelationship.objects.get(source_type="mobile.request")
    assert relationship.event_ended_at == at("2025-03-03 11:00")


def test_decline_needs_a_reason_and_ends_the_relationship(send_request, coordinator):
    request = send_request()
    with pytest.raises(MobileError, match="skälet"):
        _triage(request, coordinator, decision="declined", note="")
    _triage(request, coordinator, decision="declined", note="Behöver akut ambulans, ring 112.")
    request.refresh_from_db()
    assert request.status == Status.DECLINED
    assert CareRelationship.objects.get(source_type="mobile.request").event_ended_at is not None


def test_advice_is_kept(send_request, coordinator):
    request = send_request()
    _triage(request, coordinator, decision="advised", note="Öka inhalationerna, ring vid feber.")
    request.refresh_from_db()
    assert (request.status, request.triage_note) == (
        Status.ADVISED,
        "Öka inhalationerna, ring vid feber.",
    )


def test_triage_settles_the_request_in_the_team_inbox_so_it_does_not_escalate(
    send_request, coordinator
):
    request = send_request()
    item = InboxItem.objects.get(kind="mobile_request")
    assert item.acknowledged_at is None and item.due_at is not None
    _triage(request, coordinator, decision="advised", note="Öka inhalationerna.")
    request.refresh_from_db()
    item.refresh_from_db()
    assert item.acknowledged_at == request.triaged_at and item.acknowledged_by == coordinator
