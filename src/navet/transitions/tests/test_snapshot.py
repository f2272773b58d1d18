"""The stays and notices in `./navet snapshot` (the optional tables `stays` and `notices`)."""

from datetime import UTC, date, timedelta

import pyarrow.parquet as pq
import pytest
from django.utils import timezone

from navet.access.audit import actor_for
from navet.followup.contract import read_snapshot
from navet.followup.export import export_snapshot, pseudonym
from navet.messaging.models import InboxItem
from navet.residents.models import NamedContact
from navet.transitions import services
from navet.transitions.models import Notice
from navet.transitions.tests.support import admit, ago, call, user

pytestmark = pytest.mark.django_db
KEY = bytes(range(32))


def _rows(root, table):
    return pq.read_table(root / f"{table}.parquet").to_pylist()


def test_stays_and_notices_leave_pseudonymised_with_due_sent_and_acknowledged_times(
    demo_users, small_county, tmp_path
):
    elsa = small_county.persons["elsa"]
    stay, _ = admit(small_county, at=ago(hours=30))
    acknowledged = ago(hours=20)
    InboxItem.objects.filter(to_unit=small_county.units["skiljebo"]).update(
        acknowledged_at=acknowledged, acknowledged_by_name="Test Testsson"
    )
    call(services.mark_ready, "avdelningslakare", stay=stay, now=ago(hours=1))
    stay.refresh_from_db()
    call(
        services.discharge,
        "avdelningsskoterska",
        stay=stay,
        at=ago(minutes=5),
        destination="home_with_home_care",
    )
    NamedContact.objects.filter(person=elsa, role="named_care_contact").delete()

    export_snapshot(out_dir=tmp_path / "snap", on=date(2025, 12, 31), key=KEY)
    snapshot = read_snapshot(tmp_path / "snap")
    assert snapshot.has("stays") and snapshot.has("notices")
    [row] = _rows(tmp_path / "snap", "stays")
    assert row["person_key"] == pseudonym(KEY, elsa.identifier)
    assert row["unit_id"] == small_county.units["ward"].hsa_id
    assert row["admission_time"] == stay.admitted_at.astimezone(UTC)
    assert row["discharge_destination"] == "home"  # home care is "home" in the contract
    assert row["named_care_contact_at_discharge"] is False
    assert row["sip_call_required"] is False  # nobody registered "SIP behövs"
    notices = _rows(tmp_path / "snap", "notices")
    admission = [n for n in notices if n["kind"] == "admission_notice"]
    assert len(admission) == 2 and {n["kind"] for n in notices} == {
        "admission_notice",
        "ready_notice",
        "discharge_notice",
    }
    # Registering the discharge told both notified units, before the end of the discharge day.
    told = [n for n in notices if n["kind"] == "discharge_notice"]
    assert len(told) == 2 and all(n["sent_time"] <= n["due_time"] for n in told)
    to_centre = next(n for n in admission if n["unit_id"] == small_county.units["skiljebo"].hsa_id)
    assert to_centre["acknowledged_time"] == acknowledged.astimezone(UTC)
    assert to_centre["due_time"] == Notice.objects.get(
        unit=small_county.units["skiljebo"], kind="admission_notice"
    ).due_at.astimezone(UTC)
    assert to_centre["sender_unit_id"] == small_county.units["ward"].hsa_id
    assert all(n["person_key"] == row["person_key"] for n in notices)


def test_an_admission_notice_that_reached_no_one_is_a_row_never_sent(
    demo_users, small_county, tmp_path
):
    stay, _ = admit(small_county, at=ago(hours=30))
    # As if neither the municipality nor a health centre could be routed to.
    Notice.objects.all().delete()
    export_snapshot(out_dir=tmp_path / "snap", on=timezone.localdate(), key=KEY)
    [row] = _rows(tmp_path / "snap", "notices")
    assert row["kind"] == "admission_notice"
    assert row["unit_id"] is None and row["sent_time"] is None
    assert row["due_time"] == (stay.admitted_at + timedelta(hours=24)).astimezone(UTC)


def test_a_sip_call_is_a_notice_row_due_three_days_after_the_ready_notice(
    demo_users, small_county, tmp_path
):
    """ "SIP behövs" registered, the invitation not sent yet: one `sip_call` row, due at the
    ready notice + 3 days, never sent; the stay says a SIP call is required."""
    from navet.transitions import sip_call

    stay, _ = admit(small_county, at=ago(hours=30))
    call(services.mark_ready, "avdelningslakare", stay=stay, now=ago(hours=2))
    stay.refresh_from_db()
    nurse = user("avdelningsskoterska")
    sip_call.mark_needed(actor=actor_for(nurse), user=nurse, stay=stay)
    export_snapshot(out_dir=tmp_path / "snap", on=timezone.localdate(), key=KEY)
    [row] = _rows(tmp_path / "snap", "stays")
    assert row["sip_call_required"] is True
    [sip] = [n for n in _rows(tmp_path / "snap", "notices") if n["kind"] == "sip_call"]
    assert sip["due_time"] == (stay.ready_at + timedelta(days=3)).astimezone(UTC)
    assert sip["sent_time"] is None
    assert sip["unit_id"] == small_county.units["skiljebo"].hsa_id
