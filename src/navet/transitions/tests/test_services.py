"""The stay's events and their notices, on the services."""

from datetime import timedelta

import pytest
from django.utils import timezone

from navet.access.models import AuditEvent, CareRelationship
from navet.messaging.models import InboxItem
from navet.organisation.models import CareUnit
from navet.transitions import services
from navet.transitions.errors import NotAllowed, OutOfOrder, TransitionError
from navet.transitions.models import EventKind, IntakeUnit, Notice, NoticeKind, StayEvent
from navet.transitions.tests.support import admit, ago, call

pytestmark = pytest.mark.django_db


def test_admission_with_assessed_need_notifies_municipality_and_health_centre(
    demo_users, small_county
):
    stay, sent = admit(small_county, estimate=timezone.localdate() + timedelta(days=4))
    units = small_county.units
    assert {n.unit for n in sent.notices} == {units["social_services"], units["skiljebo"]}
    assert sent.missing == []
    notice = Notice.objects.get(unit=units["skiljebo"])
    assert notice.kind == NoticeKind.ADMISSION
    # Due 24 h after admission (the assessment was made at admission); sent at once.
    assert notice.due_at == stay.admitted_at + timedelta(hours=24)
    assert not notice.sent_late
    body = notice.inbox_item.body
    elsa = small_county.persons["elsa"]
    for part in (elsa.full_name, elsa.identifier, "Storgatan 12, 722 11 Västerås"):
        assert part in body
    assert "Beräknat utskrivningsdatum: " + f"{stay.estimated_discharge:%Y-%m-%d}" in body
    assert "Inskrivningsorsak: Fall i hemmet" in body
    assert notice.inbox_item.kind == "admission_notice"
    # No name in the subject (it may reach an e-mail).
    assert elsa.family_name not in notice.inbox_item.subject
    # The ward and the receivers get care relationships from the admission.
    related = set(
        CareRelationship.objects.filter(person=elsa, kind="admission").values_list(
            "unit", flat=True
        )
    )
    assert related == {units["ward"].pk, units["social_services"].pk, units["skiljebo"].pk}
    assert AuditEvent.objects.filter(object_type="stay", action="create").exists()


def test_refused_consent_sends_the_notice_without_the_admission_reason(demo_users, small_county):
    admit(small_county, consent="refused")
    for item in InboxItem.objects.filter(kind="admission_notice"):
        assert "Fall i hemmet" not in item.body
        assert "Samtycke saknas" in item.body
        assert "samtycke saknas" in item.subject


def test_protected_identity_withholds_the_address(demo_users, small_county):
    admit(small_county, "maria")
    item = InboxItem.objects.filter(kind="admission_notice").first()
    assert "Hemlig adress" not in item.body
    assert "Skyddad personuppgift" in item.body


def test_without_assessment_no_notice_until_the_later_assessment(demo_users, small_county):
    stay, sent = admit(small_county, needs_follow_on=False, at=ago(hours=30))
    assert sent.notices == [] and Notice.objects.count() == 0
    assessed = ago(hours=1)
    sent = call(services.assess, "avdelningslakare", stay=stay, at=assessed)
    assert len(sent.notices) == 2
    # Due within 24 h of the later assessment, not of the admission.
    assert {n.due_at for n in sent.notices} == {assessed + timedelta(hours=24)}
    with pytest.raises(OutOfOrder, match="redan"):
        call(services.assess, "avdelningslakare", stay=stay, at=assessed)


def test_a_late_notice_is_recorded_as_late(demo_users, small_county):
    stay, _ = admit(small_county, needs_follow_on=False, at=ago(days=3))
    sent = call(services.assess, "avdelningslakare", stay=stay, at=ago(days=2))
    assert all(n.sent_late for n in sent.notices)


def test_the_municipality_at_admission_routes_even_after_a_move(demo_users, small_county):
    from navet.residents.models import Residence

    elsa = small_county.persons["elsa"]
    stay, _ = admit(small_county, needs_follow_on=False, at=ago(days=2))
    Residence.objects.filter(person=elsa, valid_to__isnull=True).update(
        valid_to=timezone.localdate() - timedelta(days=1)
    )
    Residence.objects.create(
        person=elsa,
        municipality=small_county.municipalities["sala"],
        street_address="Ny väg 1",
        postal_code="733 30",
        city="Sala",
        valid_from=timezone.localdate(),
    )
    sent = call(services.assess, "avdelningslakare", stay=stay, at=ago(hours=1))
    assert small_county.units["social_services"] in {n.unit for n in sent.notices}
    assert stay.municipality == small_county.municipalities["vasteras"]


def test_intake_designation_wins_and_a_missing_intake_is_reported(demo_users, small_county):
    units = small_county.units
    IntakeUnit.objects.create(
        municipality=small_county.municipalities["vasteras"], unit=units["home_health"]
    )
    _, sent = admit(small_county)
    assert units["home_health"] in {n.unit for n in sent.notices}
    # Sala has no social-services unit and no designation: said, not silently dropped.
    _, sent = admit(small_county, "gustav")
    assert [n.unit for n in sent.notices] == [units["vasby"]]
    assert sent.missing == ["Sala har ingen enhet som tar emot inskrivningsmeddelanden."]


def test_estimate_change_beyond_the_threshold_resends(demo_users, small_county, settings):
    today = timezone.localdate()
    stay, _ = admit(small_county, estimate=today + timedelta(days=4))
    sent = call(
        services.set_estimate, "avdelningsskoterska", stay=stay, estimate=today + timedelta(days=5)
    )
    assert sent.notices == []  # one day: within the default threshold
    sent = call(
        services.set_estimate, "avdelningsskoterska", stay=stay, estimate=today + timedelta(days=7)
    )
    assert len(sent.notices) == 2 and {n.version for n in sent.notices} == {2}
    assert "ändrat beräknat utskrivningsdatum" in sent.notices[0].inbox_item.subject
    settings.NAVET_ESTIMATE_RESEND_THRESHOLD_DAYS = 0
    sent = call(
        services.set_estimate, "avdelningsskoterska", stay=stay, estimate=today + timedelta(days=8)
    )
    assert {n.version for n in sent.notices} == {3}


def test_only_the_ward_doctor_sets_ready_and_revoking_renotifies(demo_users, small_county):
    stay, _ = admit(small_county)
    with pytest.raises(NotAllowed, match="behandlande läkare"):
        call(services.mark_ready, "avdelningsskoterska", stay=stay)
    with pytest.raises(NotAllowed):
        call(services.mark_ready, "allmanlakare", stay=stay)
    before = timezone.now()
    sent = call(services.mark_ready, "avdelningslakare", stay=stay)
    stay.refresh_from_db()
    assert (
        stay.ready_at >= before and stay.ready_at.microsecond == sent.notices[0].sent_at.microsecond
    )
    assert {n.kind for n in sent.notices} == {NoticeKind.READY}
    with pytest.raises(TransitionError, match="Skriv varför"):
        call(services.revoke_ready, "avdelningslakare", stay=stay, reason="")
    sent = call(
        services.revoke_ready, "avdelningslakare", stay=stay, reason="Feber igen, ny pneumoni"
    )
    assert {n.kind for n in sent.notices} == {NoticeKind.NOT_READY} and len(sent.notices) == 2
    stay.refresh_from_db()
    assert stay.ready_at is None
    sent = call(services.mark_ready, "avdelningslakare", stay=stay)
    assert {n.version for n in sent.notices} == {2}
    kinds = list(stay.events.values_list("kind", flat=True))
    assert kinds == ["admitted", "assessed", "ready", "not_ready", "ready"]


def test_events_out_of_order_are_refused_with_the_reason(demo_users, small_county):
    stay, _ = admit(small_county, at=ago(hours=5))
    with pytest.raises(OutOfOrder, match="inte utskrivningsklar"):
        call(
            services.discharge,
            "avdelningsskoterska",
            stay=stay,
            at=ago(hours=1),
            destination="home",
        )
    call(services.mark_ready, "avdelningslakare", stay=stay)
    with pytest.raises(OutOfOrder, match="före inskrivningen"):
        call(
            services.transfer,
            "avdelningsskoterska",
            stay=stay,
            to_ward=_second_ward(small_county),
            at=ago(hours=6),
        )
    with pytest.raises(OutOfOrder, match="före utskrivningsklar"):
        call(
            services.discharge,
            "avdelningsskoterska",
            stay=stay,
            at=ago(hours=4),
            destination="home",
        )
    with pytest.raises(OutOfOrder, match="framtiden"):
        call(
            services.discharge,
            "avdelningsskoterska",
            stay=stay,
            at=ago(hours=-2),
            destination="home",
        )
    with pytest.raises(OutOfOrder, match="redan inskriven"):
        admit(small_county)
    call(
        services.discharge,
        "avdelningsskoterska",
        stay=stay,
        at=timezone.now(),
        destination="home_with_home_care",
    )
    with pytest.raises(OutOfOrder, match="skrevs ut"):
        call(services.set_estimate, "avdelningsskoterska", stay=stay, estimate=timezone.localdate())
    # The ward's relationship ends with the grace period after discharge.
    assert CareRelationship.objects.filter(kind="admission", ends_at__isnull=True).count() == 0


def test_deceased_needs_no_ready_notice(demo_users, small_county):
    stay, _ = admit(small_county)
    call(
        services.discharge,
        "avdelningsskoterska",
        stay=stay,
        at=timezone.now(),
        destination="deceased",
    )
    stay.refresh_from_db()
    assert stay.destination == "deceased"


def _second_ward(county):
    ward = county.units["ward"]
    return CareUnit.objects.create(
        hsa_id=ward.hsa_id + "X",
        name="Avdelning 32, geriatrik",
        kind="inpatient_ward",
        care_provider=ward.care_provider,
        principal=ward.principal,
        municipality=ward.municipality,
    )


def test_transfer_moves_the_treating_ward_and_opens_its_relationship(demo_users, small_county):
    stay, _ = admit(small_county, at=ago(hours=5))
    other = _second_ward(small_county)
    call(services.transfer, "avdelningsskoterska", stay=stay, to_ward=other, at=ago(hours=1))
    stay.refresh_from_db()
    assert stay.ward == other
    assert CareRelationship.objects.filter(unit=other, kind="admission").exists()
    # Now the first ward's staff no longer treat the patient.
    with pytest.raises(NotAllowed, match="arbetar inte"):
        call(services.set_estimate, "avdelningsskoterska", stay=stay, estimate=timezone.localdate())


def test_a_correction_is_an_event_and_keeps_the_original(demo_users, small_county):
    stay, _ = admit(small_county, at=ago(hours=5))
    admitted = stay.events.get(kind=EventKind.ADMITTED)
    original = admitted.at
    with pytest.raises(TransitionError, match="Skriv varför"):
        call(services.correct, "avdelningsskoterska", event=admitted, at=ago(hours=6), reason="")
    correction = call(
        services.correct,
        "avdelningsskoterska",
        event=admitted,
        at=ago(hours=6),
        reason="Fel klockslag angavs",
    )
    admitted.refresh_from_db()
    stay.refresh_from_db()
    assert admitted.at == original  # never edited in place
    assert correction.corrects == admitted and correction.kind == EventKind.CORRECTED
    assert admitted.effective_at() == correction.at == stay.admitted_at
    assert AuditEvent.objects.filter(object_type="stay", detail__contains="rättad").exists()
    # A correction that would put the admission after the assessment is refused.
    with pytest.raises(OutOfOrder, match="före inskrivningen"):
        call(
            services.correct,
            "avdelningsskoterska",
            event=admitted,
            at=ago(hours=1),
            reason="Fel igen",
        )


def test_a_double_submission_records_one_event(demo_users, small_county):
    stay, _ = admit(small_county)
    for _ in range(2):
        call(services.mark_ready, "avdelningslakare", stay=stay, key="same")
    assert StayEvent.objects.filter(kind="ready").count() == 1
    first, _ = admit(small_county, "gustav", key="again")
    second, sent = admit(small_county, "gustav", key="again")
    assert first == second and sent.notices == []


def test_an_imported_episode_becomes_a_stay_once(demo_users, small_county):
    from navet.access.audit import system_actor
    from navet.activity.models import InpatientEpisode

    episode = InpatientEpisode.objects.create(
        source_id="VT-1",
        person=small_county.persons["gustav"],
        unit=small_county.units["ward"],
        admission_time=ago(hours=3),
        admission_type="planned",
        care_type="psychiatric",
        main_diagnosis="F32",
    )

    def imported():
        return services.admit(
            actor=system_actor("activity import"),
            user=None,
            person=episode.person,
            ward=episode.unit,
            at=episode.admission_time,
            admission_type=episode.admission_type,
            care_type=episode.care_type,
            activity_episode=episode,
            key=f"activity:{episode.source_id}",
        )

    stay, sent = imported()
    assert imported()[0] == stay and sent.notices == []
    assert stay.activity_episode == episode and stay.care_type == "psychiatric"
    assert stay.events.get().recorded_by_name == "Import"


def test_correcting_the_discharge_time_moves_the_end_of_the_relationships(demo_users, small_county):
    nurse = "avdelningsskoterska"
    stay, _ = admit(small_county, at=ago(hours=10))
    call(services.mark_ready, "avdelningslakare", stay=stay, now=ago(hours=1))
    call(services.discharge, nurse, stay=stay, at=ago(minutes=1), destination="home")
    discharged = stay.events.get(kind=EventKind.DISCHARGED)
    right = ago(minutes=2)
    call(services.correct, nurse, event=discharged, at=right, reason="Klockslag")
    stay.refresh_from_db()
    assert stay.discharged_at == right
    relationships = CareRelationship.objects.filter(kind="admission")
    assert set(relationships.values_list("event_ended_at", flat=True)) == {right}
    # The ready time cannot be corrected to after the discharge.
    ready = stay.events.get(kind=EventKind.READY)
    with pytest.raises(OutOfOrder, match="före utskrivningsklar"):
        call(services.correct, nurse, event=ready, at=ago(seconds=10), reason="Fel tid")


def test_a_discharge_entered_in_the_minute_of_the_ready_mark_is_taken_as_at_it(
    demo_users, small_county
):
    """The form gives the discharge to the minute; the ready mark has seconds. 10:15 entered for
    a patient marked ready at 10:15:42 is a discharge at 10:15:42, not one before the ready mark;
    10:14 is still refused."""
    stay, _ = admit(small_county, at=ago(hours=5))
    ready = timezone.now().replace(second=42, microsecond=0) - timedelta(hours=1)
    call(services.mark_ready, "avdelningslakare", stay=stay, now=ready)
    stay.refresh_from_db()
    with pytest.raises(OutOfOrder, match="före utskrivningsklar"):
        call(
            services.discharge,
            "avdelningsskoterska",
            stay=stay,
            at=ready.replace(second=0) - timedelta(minutes=1),
            destination="home",
        )
    call(
        services.discharge,
        "avdelningsskoterska",
        stay=stay,
        at=ready.replace(second=0),
        destination="home",
    )
    stay.refresh_from_db()
    assert stay.discharged_at == ready
