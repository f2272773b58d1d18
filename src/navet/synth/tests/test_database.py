"""--database: row counts, the GeneratedCounty record, refusal of a second load (SQLite and
PostgreSQL alike)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import CommandError, call_command

from navet.activity.models import CareRequest, EdVisit, InpatientEpisode, PhoneCall, Visit
from navet.organisation.models import (
    Assignment,
    CareProvider,
    CareUnit,
    County,
    Municipality,
    Principal,
    Staff,
)
from navet.residents.models import (
    HomeCare,
    Listing,
    LivingSituation,
    NamedContact,
    Person,
    Relative,
    Residence,
)
from navet.synth.errors import AlreadyGeneratedError
from navet.synth.models import GeneratedCounty
from navet.synth.services import generate_into_database

ARGS = {"county_code": "19", "seed": 3, "scale": 0.003, "years": 2, "end_date": date(2025, 12, 31)}
MODELS = (
    County,
    Municipality,
    Principal,
    CareProvider,
    CareUnit,
    Staff,
    Assignment,
    Person,
    Residence,
    LivingSituation,
    HomeCare,
    Relative,
    Listing,
    NamedContact,
    Visit,
    EdVisit,
    InpatientEpisode,
    CareRequest,
    PhoneCall,
    GeneratedCounty,
)


def _counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in MODELS}


@pytest.fixture
def expected():
    from navet.synth.generate import Params, generate

    g = generate(Params(**ARGS), with_details=True)
    return g


@pytest.mark.django_db
def test_load_creates_rows_and_record(expected):
    record = generate_into_database(**ARGS)
    g = expected
    counts = _counts()
    assert counts["Person"] == g.n_persons == record.persons
    assert counts["Visit"] == len(g.visits["person"])
    assert counts["EdVisit"] == len(g.ed_visits["person"])
    assert counts["InpatientEpisode"] == len(g.episodes["person"])
    assert counts["CareRequest"] == len(g.care_requests["person"])
    assert counts["PhoneCall"] == len(g.phone_calls["unit"])
    assert counts["Listing"] == len(g.listings["person"])
    assert counts["NamedContact"] == len(g.named["person"])
    assert counts["Residence"] == len(g.residences["person"])
    assert counts["HomeCare"] == len(g.home_care["person"])
    assert counts["CareUnit"] == g.org.n_units
    assert counts["Staff"] == len(g.staffing.staff["hsa_id"])
    assert counts["Municipality"] == 10 and counts["County"] == 1
    assert counts["Relative"] > 0 and counts["LivingSituation"] >= counts["Person"]
    assert (record.county_code, record.seed, record.scale, record.years) == ("19", 3, 0.003, 2)
    assert record.seconds > 0
    assert not CareUnit.objects.filter(phone="").exists()  # how residents reach the unit
    assert not CareUnit.objects.filter(address="").exists()
    assert set(CareUnit.objects.values_list("kind", flat=True)) >= {
        "health_centre",
        "inpatient_ward",
        "nursing_home",
        "mobile_team",
        "social_services",
    }


@pytest.mark.django_db
def test_rows_read_back_through_the_orm():
    generate_into_database(**ARGS)
    episode = InpatientEpisode.objects.exclude(discharge_time=None).select_related("unit").first()
    assert episode.discharge_time > episode.admission_time
    assert episode.admission_time.tzinfo is not None
    assert episode.unit.kind == "inpatient_ward"
    assert episode.source_id.startswith("synth-19-i-")
    visit = Visit.objects.select_related("staff", "unit", "person").first()
    assert visit.staff.profession == visit.profession
    person = Person.objects.filter(identifier_kind="personnummer").first()
    assert person.residences.exists() and person.given_name and person.family_name
    assert Assignment.objects.filter(role="unit_head").count() == CareUnit.objects.count()
    assert not Person.history.exists()  # the bulk load writes no history rows
    child = Relative.objects.filter(is_guardian=True).select_related("related_person").first()
    assert child.related_person is not None and child.relation == "parent"


@pytest.mark.django_db
def test_second_load_is_refused_and_changes_nothing():
    generate_into_database(**ARGS)
    before = _counts()
    with pytest.raises(AlreadyGeneratedError, match="Län 19 finns redan"):
        generate_into_database(**{**ARGS, "seed": 4})
    with pytest.raises(CommandError, match="finns redan"):
        call_command("synth", "--county", "19", "--seed", "3", "--scale", "0.003", "--database")
    assert _counts() == before


@pytest.mark.django_db
def test_loads_into_a_database_that_has_data():
    """Existing rows keep their ids; a second county gets other identity numbers."""
    generate_into_database(**ARGS)
    first_ids = set(Person.objects.values_list("identifier", flat=True))
    max_visit = Visit.objects.order_by("-id").values_list("id", flat=True).first()
    generate_into_database(**{**ARGS, "county_code": "24", "scale": 0.004})
    assert GeneratedCounty.objects.count() == 2
    second = Person.objects.exclude(identifier__in=first_ids)
    assert second.exists()
    assert Visit.objects.filter(id__gt=max_visit, unit__municipality__county_id="24").exists()
    assert Person.objects.count() == len(first_ids) + second.count()
    # New rows after the load get fresh ids from the sequences.
    unit = CareUnit.objects.filter(kind="health_centre").first()
    visit = Visit.objects.create(
        source_id="manual-1",
        person=second.first(),
        unit=unit,
        profession="nurse",
        care_level="primary",
        form="phone",
        visit_date=date(2025, 1, 2),
    )
    assert visit.id > Visit.objects.exclude(pk=visit.pk).order_by("-id").first().id


@pytest.mark.django_db
def test_sips_are_loaded_and_come_back_the_same_in_the_snapshot(expected, tmp_path):
    """The demo county has SIPs, and `./navet snapshot` of them gives what --out writes (phone
    meetings are video in the operational model)."""
    import pyarrow.parquet as pq

    from navet.access.models import CareRelationship
    from navet.followup.export import export_snapshot
    from navet.plans.models import CoordinatedPlan, PlanMeeting
    from navet.synth.tables import build_tables

    generate_into_database(**ARGS)
    g = expected
    assert CoordinatedPlan.objects.count() == len(g.sips["person"]) > 0
    assert PlanMeeting.objects.count() == len(g.sip_meetings["plan"])
    plan = CoordinatedPlan.objects.filter(stage="follow_up").select_related("person").first()
    assert plan.versions.get().interventions[0]["principal"].startswith("Region")
    assert plan.stage_events.count() == 5 and plan.coordinator_name
    assert CareRelationship.objects.filter(
        kind="sip", person=plan.person, unit=plan.coordinator_unit, source_id=str(plan.pk)
    ).exists()

    export_snapshot(out_dir=tmp_path / "snap", on=ARGS["end_date"], key=bytes(32))
    columns = [
        "initiated_date",
        "stage",
        "finalised_date",
        "followup_date",
        "followed_up_date",
        "closed_date",
        "has_own_goals",
        "initiated_by_principal",
    ]
    exported = pq.read_table(tmp_path / "snap" / "sip_plans.parquet", columns=columns)
    generated = build_tables(g)["sip_plans"].select(columns)

    def rows(table):
        return sorted(tuple(map(str, row.values())) for row in table.to_pylist())

    assert rows(exported) == rows(generated)
    meetings = pq.read_table(tmp_path / "snap" / "sip_meetings.parquet").to_pylist()
    assert sorted((m["meeting_date"], m["held"]) for m in meetings) == sorted(
        zip(
            build_tables(g)["sip_meetings"].column("meeting_date").to_pylist(),
            build_tables(g)["sip_meetings"].column("held").to_pylist(),
            strict=True,
        )
    )


@pytest.mark.django_db
def test_documented_agreements_are_loaded_for_persons_with_a_named_care_contact(expected):
    """Every generated agreement belongs to a person whose named care contact is in force on
    the end date, is written by that contact at their unit, and reads back through the ORM."""
    from navet.plans.coordinated import coordinated_plan
    from navet.plans.models import DocumentedAgreement, SelfCareAssessment

    generate_into_database(**ARGS)
    agreements = list(DocumentedAgreement.objects.select_related("person", "unit"))
    assert agreements, "the demo county should have documented agreements"
    end = ARGS["end_date"]
    for agreement in agreements:
        contact = NamedContact.objects.get(
            person=agreement.person,
            role="named_care_contact",
            unit=agreement.unit,
            valid_from__lte=end,
        )
        assert contact.valid_to is None or contact.valid_to >= end
        assert agreement.care_contact_name == contact.staff.full_name
        version = agreement.current_version()
        assert version.number == 1 and version.what_happens
        assert agreement.next_agreed_at.date() > end
    assert SelfCareAssessment.objects.filter(agreement__in=agreements).exists()
    assert coordinated_plan(agreements[0].person).agreements
    keys = sorted(a.key for a in agreements)
    assert keys == sorted(f"synth-19-da-{i:09d}" for i in range(1, len(keys) + 1))


@pytest.mark.django_db
def test_stays_of_the_discharge_process_load_with_their_event_log():
    from navet.synth.discharge import generate as process
    from navet.synth.generate import Params, generate
    from navet.transitions.models import InpatientStay, StayEvent

    generate_into_database(**ARGS)
    stays, _ = process(generate(Params(**ARGS)))
    assert InpatientStay.objects.count() == len(stays["person"]) > 0
    assert StayEvent.objects.count() > 3 * InpatientStay.objects.count()
    for stay in InpatientStay.objects.select_related("activity_episode")[:20]:
        kinds = list(stay.events.order_by("at", "pk").values_list("kind", flat=True))
        assert kinds[0] == "admitted" and kinds[-1] in ("ready", "discharged")
        assert stay.ready_at is not None and stay.needs_assessed_at >= stay.admitted_at
        assert stay.activity_episode.person_id == stay.person_id
        assert stay.activity_episode.admission_time == stay.admitted_at
