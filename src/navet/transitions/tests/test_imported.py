"""Imported inpatient episodes become stays through the services (docs/transitions.md §1a)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from navet.activity.importer import import_activity
from navet.activity.models import InpatientEpisode
from navet.messaging.models import InboxItem
from navet.transitions.models import (
    EventKind,
    FollowUpCall,
    InpatientStay,
    Notice,
    NoticeKind,
    StayEvent,
)

pytestmark = pytest.mark.django_db

HEADER = (
    "source_id,personal_identity_number,unit_hsa_id,admission_time,discharge_time,"
    "admission_type,care_type,main_diagnosis,ready_time,discharge_destination"
)


def iso(moment):
    return "" if moment is None else timezone.localtime(moment).isoformat()


def write(tmp_path, county, *rows):
    lines = [HEADER]
    for source_id, person, unit, admitted, discharged, ready, destination in rows:
        lines.append(
            ",".join(
                [
                    source_id,
                    county.persons[person].identifier,
                    county.units[unit].hsa_id,
                    iso(admitted),
                    iso(discharged),
                    "acute",
                    "somatic",
                    "S72.0",
                    iso(ready),
                    destination,
                ]
            )
        )
    (tmp_path / "episodes.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return tmp_path


@pytest.fixture
def now():
    return timezone.now().replace(microsecond=0)


def test_open_episode_admits_and_sends_the_admission_notices_once(tmp_path, small_county, now):
    admitted = now - timedelta(hours=30)
    directory = write(tmp_path, small_county, ("VT-1", "elsa", "ward", admitted, None, None, ""))

    first = import_activity(directory)
    again = import_activity(directory)

    assert first.ok and not first.refused and not again.refused
    stay = InpatientStay.objects.get()
    assert stay.activity_episode == InpatientEpisode.objects.get(source_id="VT-1")
    assert stay.admitted_at == admitted and stay.needs_assessed_at == admitted
    notices = Notice.objects.filter(stay=stay, kind=NoticeKind.ADMISSION)
    # Municipality (Västerås's social services) and the health centre of the listing.
    assert {n.unit for n in notices} == {
        small_county.units["social_services"],
        small_county.units["skiljebo"],
    }
    assert all(n.due_at == admitted + timedelta(hours=24) and n.sent_late for n in notices)
    assert StayEvent.objects.filter(stay=stay, recorded_by_name="Import").count() == 2


def test_ready_and_discharge_from_a_later_file(tmp_path, small_county, now):
    admitted, ready = now - timedelta(days=4), now - timedelta(days=1)
    import_activity(
        write(tmp_path, small_county, ("VT-2", "elsa", "ward", admitted, None, None, ""))
    )
    discharged = now - timedelta(hours=2)
    directory = write(
        tmp_path, small_county, ("VT-2", "elsa", "ward", admitted, discharged, ready, "home")
    )

    result = import_activity(directory, update=True)
    import_activity(directory, update=True)

    assert not result.refused
    stay = InpatientStay.objects.get()
    assert stay.ready_at == ready and stay.discharged_at == discharged
    assert stay.destination == "home"
    ready_notices = Notice.objects.filter(stay=stay, kind=NoticeKind.READY)
    assert ready_notices.count() == 2  # once per receiver, not again on re-import
    assert FollowUpCall.objects.filter(stay=stay).count() == 1  # Elsa is 65+
    assert stay.discharge_notices.count() == 2
    assert StayEvent.objects.filter(stay=stay, kind=EventKind.DISCHARGED).count() == 1


def test_out_of_order_event_is_refused_for_its_row_and_nothing_is_lost(tmp_path, small_county, now):
    admitted = now - timedelta(days=3)
    import_activity(
        write(tmp_path, small_county, ("VT-3", "elsa", "ward", admitted, None, None, ""))
    )
    # Home without a ready decision, for a patient in the discharge process: refused.
    directory = write(
        tmp_path,
        small_county,
        ("VT-3", "elsa", "ward", admitted, now - timedelta(hours=1), None, "home"),
        (
            "VT-4",
            "gustav",
            "ward",
            now - timedelta(days=20),
            now - timedelta(days=15),
            None,
            "home",
        ),
    )

    result = import_activity(directory, update=True)

    assert result.ok and result.written
    assert [(i.row, i.value) for i in result.refused] == [(2, "VT-3")]
    assert "inte utskrivningsklar" in result.refused[0].reason
    elsa_stay = InpatientStay.objects.get(person=small_county.persons["elsa"])
    assert elsa_stay.is_open and Notice.objects.filter(stay=elsa_stay).count() == 2
    assert InpatientEpisode.objects.get(source_id="VT-3").discharge_time is not None
    # A stay over before it reached Navet is history: no notices, no follow-up call.
    gustav_stay = InpatientStay.objects.get(person=small_county.persons["gustav"])
    assert not gustav_stay.is_open and not Notice.objects.filter(stay=gustav_stay).exists()
    assert not FollowUpCall.objects.filter(stay=gustav_stay).exists()


def test_transfer_continues_the_stay_and_a_changed_time_is_a_correction(
    tmp_path, small_county, now
):
    small_county.units["ward2"] = small_county.units["ward"].__class__.objects.create(
        hsa_id=small_county.units["ward"].hsa_id[:-4] + "AVD2",
        name="Avdelning 32",
        kind="inpatient_ward",
        care_provider=small_county.units["ward"].care_provider,
        principal=small_county.units["ward"].principal,
        municipality=small_county.units["ward"].municipality,
    )
    admitted, moved = now - timedelta(days=5), now - timedelta(days=3)
    rows = [
        ("VT-5", "elsa", "ward", admitted, moved, None, "other_ward"),
        ("VT-6", "elsa", "ward2", moved, None, None, ""),
    ]
    result = import_activity(write(tmp_path, small_county, *rows))
    assert not result.refused, result.refused
    stay = InpatientStay.objects.get()
    assert stay.ward == small_county.units["ward2"]
    assert Notice.objects.filter(kind=NoticeKind.ADMISSION).count() == 2

    rows[0] = ("VT-5", "elsa", "ward", admitted - timedelta(hours=1), moved, None, "other_ward")
    result = import_activity(write(tmp_path, small_county, *rows), update=True)
    import_activity(write(tmp_path, small_county, *rows), update=True)

    assert not result.refused, result.refused
    stay.refresh_from_db()
    assert stay.admitted_at == admitted - timedelta(hours=1)
    correction = StayEvent.objects.get(kind=EventKind.CORRECTED)
    assert correction.corrects.kind == EventKind.ADMITTED
    assert InboxItem.objects.count() >= 2
