from datetime import timedelta

import pytest
from django.utils import timezone

from navet.access.gate import can_access
from navet.access.models import AuditEvent
from navet.access.purposes import Purpose
from navet.deviations.errors import AlreadyClosed, DeviationError
from navet.deviations.models import Deviation, EventKind, Status
from navet.deviations.tests.support import act, close, report, user
from navet.messaging.models import InboxItem

pytestmark = pytest.mark.django_db


def test_a_discharge_deviation_goes_to_the_ward_by_default(small_county, elsa_stay):
    elsa, ward = small_county.persons["elsa"], small_county.units["ward"]
    d = report(elsa, case=("stay", elsa_stay.pk))
    assert d.responsible_unit == ward and d.reporting_unit == small_county.units["home_health"]
    assert d.case_kind == "stay" and "Avdelning 31" in d.case_label
    item = InboxItem.objects.get(kind="deviation")
    assert item.to_unit == ward and item.person == elsa
    assert d.routed_item == item
    # the ward may read about Elsa while it investigates
    assert can_access(user("avdelningsskoterska"), elsa, Purpose.CARE).allowed
    assert AuditEvent.objects.filter(object_type="deviation", object_id=str(d.pk)).exists()


def test_the_reporter_may_pick_another_unit(small_county, elsa_stay):
    elsa = small_county.persons["elsa"]
    d = report(elsa, case=("stay", elsa_stay.pk), responsible_unit=small_county.units["skiljebo"])
    assert d.responsible_unit == small_county.units["skiljebo"]


def test_bad_input_is_refused_in_swedish_and_nothing_stored(small_county, elsa_stay):
    elsa = small_county.persons["elsa"]
    with pytest.raises(DeviationError) as error:
        report(
            elsa,
            category="nonsense",
            severity="",
            occurred_at=timezone.now() + timedelta(days=2),
            case=("stay", elsa_stay.pk),
        )
    assert error.value.errors == {
        "category": "Välj en kategori.",
        "severity": "Välj allvarlighetsgrad.",
        "occurred_at": "Händelsetiden kan inte ligga i framtiden.",
    }
    with pytest.raises(DeviationError) as error:
        report(elsa)  # no case and no unit: nowhere to route it
    assert "responsible_unit" in error.value.errors
    gustav = small_county.persons["gustav"]
    with pytest.raises(DeviationError) as error:
        report(gustav, case=("stay", elsa_stay.pk))  # Elsa's stay, not Gustav's
    assert error.value.errors == {"case": "Ärendet finns inte för den här personen."}
    assert Deviation.objects.count() == 0 and InboxItem.objects.count() == 0


def test_the_same_key_makes_one_deviation(small_county, elsa_stay):
    elsa = small_county.persons["elsa"]
    a = report(elsa, case=("stay", elsa_stay.pk), key="same")
    b = report(elsa, case=("stay", elsa_stay.pk), key="same")
    assert a.pk == b.pk and Deviation.objects.count() == 1
    assert InboxItem.objects.filter(kind="deviation").count() == 1


def test_received_investigated_closed_and_the_reporter_told(small_county, elsa_stay):
    d = report(small_county.persons["elsa"], case=("stay", elsa_stay.pk))
    d = act("receive", d, "avdelningsskoterska")
    assert d.status == Status.RECEIVED and d.investigator_name == "Lena Dahl"
    d.routed_item.refresh_from_db()
    assert d.routed_item.acknowledged_at is not None  # the inbox item with it
    d = act("investigate", d, "avdelningslakare")
    assert d.status == Status.INVESTIGATING and d.investigator_name == "Karl Strand"
    d = close(d, "avdelningslakare", escalation="lex_maria")
    assert d.status == Status.CLOSED and d.closed_by_name == "Karl Strand"
    assert d.escalation == "lex_maria"
    told = InboxItem.objects.get(kind="deviation_closed")
    assert told.to_unit == small_county.units["home_health"]
    assert "Checklista" in told.body
    kinds = list(d.events.values_list("kind", flat=True))
    assert kinds == ["reported", "received", "investigating", "closed"]


def test_closing_needs_measures_and_a_conclusion(small_county, elsa_stay):
    d = report(small_county.persons["elsa"], case=("stay", elsa_stay.pk))
    with pytest.raises(DeviationError) as error:
        close(d, measures=" ", conclusion="")
    assert set(error.value.errors) == {"measures", "conclusion"}
    d.refresh_from_db()
    assert d.status == Status.REPORTED


def test_only_the_responsible_unit_handles_it(small_county, elsa_stay):
    d = report(small_county.persons["elsa"], case=("stay", elsa_stay.pk))
    with pytest.raises(DeviationError, match="handläggs av Avdelning 31"):
        close(d, "kommunskoterska")
    with pytest.raises(DeviationError):
        act("receive", d, "allmanlakare")


def test_closing_again_tells_who_closed_it(small_county, elsa_stay):
    d = report(small_county.persons["elsa"], case=("stay", elsa_stay.pk))
    close(d, "avdelningsskoterska")
    assert close(d, "avdelningsskoterska").status == Status.CLOSED  # a double click
    with pytest.raises(AlreadyClosed, match="redan avslutad av Lena Dahl"):
        close(d, "avdelningslakare")


def test_forwarded_to_the_other_principal_with_a_reason(small_county, elsa_stay):
    elsa = small_county.persons["elsa"]
    d = report(elsa, username="avdelningsskoterska", responsible_unit=small_county.units["ward"])
    with pytest.raises(DeviationError) as error:
        act(
            "forward",
            d,
            "avdelningsskoterska",
            to_unit=small_county.units["home_health"],
            reason="x",
        )
    assert "reason" in error.value.errors
    d = act(
        "forward",
        d,
        "avdelningsskoterska",
        to_unit=small_county.units["home_health"],
        reason="Läkemedlen gavs i hemmet av hemsjukvården.",
    )
    assert d.responsible_unit == small_county.units["home_health"]
    assert d.status == Status.REPORTED
    forwarded = d.events.get(kind=EventKind.FORWARDED)
    assert forwarded.reason.startswith("Läkemedlen") and forwarded.unit.name.startswith("Avd")
    assert InboxItem.objects.filter(kind="deviation", to_unit=d.responsible_unit).count() == 1
    # the same forward again (a double click) changes nothing
    act(
        "forward",
        d,
        "avdelningsskoterska",
        to_unit=small_county.units["home_health"],
        reason="Läkemedlen gavs i hemmet av hemsjukvården.",
    )
    assert d.events.filter(kind=EventKind.FORWARDED).count() == 1
    # the ward is still a party: it sees comments and the outcome
    comment = act("comment", d, "avdelningsskoterska", text="Vi bifogar ordinationen.", key="c1")
    assert comment.unit == small_county.units["ward"]
    close(d, "kommunskoterska")


def test_a_deviation_about_a_routine_has_no_person(small_county, demo_users):
    d = report(None, responsible_unit=small_county.units["skiljebo"], category="information")
    assert d.person is None and d.responsible_unit.name == "Vårdcentralen Skiljebo"
    assert InboxItem.objects.get(kind="deviation").person is None
    with pytest.raises(DeviationError, match="Bara de enheter"):
        act("comment", d, "avdelningsskoterska", text="Inte vår sak.", key="c2")


def test_acknowledged_in_the_inbox_is_received(small_county, elsa_stay):
    from navet.messaging.services import acknowledge

    d = report(small_county.persons["elsa"], case=("stay", elsa_stay.pk))
    acknowledge(item=d.routed_item, user=user("avdelningslakare"))
    d.refresh_from_db()
    assert d.status == Status.RECEIVED and d.investigator_name == "Karl Strand"
    assert list(d.events.values_list("kind", flat=True)) == ["reported", "received"]


def test_forwarded_in_the_inbox_the_deviation_follows(small_county, elsa_stay):
    from navet.messaging.services import forward

    d = report(small_county.persons["elsa"], case=("stay", elsa_stay.pk))
    skiljebo = small_county.units["skiljebo"]
    new_item = forward(
        item=d.routed_item,
        to_unit=skiljebo,
        reason="Gäller vårdcentralens recept.",
        user=user("avdelningsskoterska"),
    )
    d.refresh_from_db()
    assert d.responsible_unit == skiljebo and d.routed_item == new_item
    assert d.events.get(kind=EventKind.FORWARDED).reason == "Gäller vårdcentralens recept."
    d = act("receive", d, "allmanlakare")
    assert d.status == Status.RECEIVED
    new_item.refresh_from_db()
    assert new_item.acknowledged_by_name == "Per Ek"


def test_the_worklist_puts_what_nobody_received_first(small_county, elsa_stay):
    from navet.deviations.selectors import open_count, to_handle

    older = report(small_county.persons["elsa"], case=("stay", elsa_stay.pk))
    newer = report(small_county.persons["elsa"], case=("stay", elsa_stay.pk))
    act("receive", older, "avdelningsskoterska")
    ward_nurse = user("avdelningsskoterska")
    assert list(to_handle(ward_nurse)) == [newer, older]
    assert open_count(ward_nurse) == 2 and open_count(user("kommunskoterska")) == 0
