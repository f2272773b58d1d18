"""The four seed documents as data: each loads, and a few facts from each document hold."""

from datetime import date
from decimal import Decimal

import pytest

from navet.roadmap.loader import SEEDS, load_seed
from navet.roadmap.models import ActivityStatus, Roadmap, VersionStatus

pytestmark = pytest.mark.django_db


def test_every_seed_names_its_source_document():
    sources = {
        "vastra_gotaland": "001_4472e5f2af7a1a00.txt",
        "vastmanland": "002_7d4a1c5bb07b2d31.txt",
        "vasternorrland": "003_99ad73717f50f379.txt",
        "vasterbotten": "004_c7f4c4f93c3649a7.txt",
    }
    assert set(SEEDS) == set(sources)
    for name, source in sources.items():
        assert f"file: {source}" in SEEDS[name].read_text(encoding="utf-8"), name


def test_vastmanland_four_nodes_three_target_areas_and_2027():
    loaded = load_seed("vastmanland")
    roadmap, version = loaded.roadmap, loaded.version
    assert loaded.created_county  # from shared/data: an empty database is enough
    assert roadmap.county_id == "19"
    assert roadmap.source_file == "002_7d4a1c5bb07b2d31.txt"
    assert version.goal_year == 2027
    assert version.status == VersionStatus.ADOPTED
    assert [a.title for a in version.areas.all()] == [
        "Målområde Närsjukvård och mobilitet",
        "Målområde Psykisk ohälsa",
        "Målområde Sjukdomsförebyggande",
    ]
    nodes = {s.name for s in roadmap.county.subareas.all()}
    assert nodes == {"Nod Fagersta", "Nod Sala", "Nod Västerås", "Nod Köping"}
    # One mobility project per node, each in its node and with the node's municipalities.
    mobility = version.activities.filter(key__startswith="mobilitet-nod-")
    assert {a.subareas.get().name for a in mobility} == nodes
    sala = mobility.get(key="mobilitet-nod-sala")
    assert {p.name for p in sala.principals.all()} == {"Region Västmanland", "Sala kommun"}
    # Region Västmanland and the ten municipalities run the programme together.
    assert roadmap.principals.count() == 11
    group = roadmap.forums.get(key="ledningsgrupp")
    assert group.follows_whole_roadmap
    assert group.members.filter(title="Socialchef, Nod Köping").exists()


def test_vasternorrland_2025_2026_adopted_by_halsam_reported_twice_a_year():
    version = load_seed("vasternorrland").version
    roadmap = version.roadmap
    assert roadmap.county_id == "22"
    assert (version.period_start, version.period_end) == (date(2025, 1, 1), date(2026, 12, 31))
    assert version.adopted_by.name == "Länsledning HälSam"
    assert version.adopted_on == date(2024, 1, 24)
    assert version.approved_by.name == "Högsta tjänsteledning (RD/KD)"
    assert version.goal_year == 2030
    report = roadmap.reporting_lines.get(times_per_year=2)
    assert report.from_forum.name == "Länsledningens presidium"
    assert report.to_forum.key == "hogsta-tjansteledning"
    halsam = roadmap.forums.get(key="halsam")
    assert "varje länsledningsmöte" in halsam.meets
    assert roadmap.forums.get(key="lsg").kind == "local_collaboration_group"
    # The seven municipalities and the region.
    names = {p.name for p in roadmap.principals.all()}
    assert len(names) == 8 and "Örnsköldsvik kommun" in names and "Region Västernorrland" in names
    by_year = {a.title: a.year for a in version.areas.all()}
    assert by_year["Utvecklad lokal samverkan (LSG)"] == 2025
    assert by_year["Egenvård som en naturlig del av vården och omsorgen"] == 2026
    sip = version.activities.get(key="sip-pa-distans")
    target = sip.targets.get()
    assert target.is_manual and target.direction == "higher"
    assert target.target_text == "Antalet genomförda SIP på distans ska öka."
    assert version.targets.filter(indicator_id="most_ill_elderly").exists()


def test_vastra_gotaland_vision_2030_as_a_draft_with_its_consultation_planned():
    version = load_seed("vastra_gotaland").version
    roadmap = version.roadmap
    assert roadmap.county_id == "14"
    assert roadmap.principals.count() == 50  # VGR and the 49 municipalities
    assert version.status == VersionStatus.DRAFT
    assert version.vision_title == "Målbild 2030" and version.goal_year == 2030
    assert version.vision.startswith("En god och nära vård utgår från mina förutsättningar")
    assert (version.consultation_opens, version.consultation_closes) == (
        date(2021, 4, 1),
        date(2021, 6, 30),
    )
    titles = [a.title for a in version.areas.all()]
    assert titles[0].startswith("Prioriterat område 1 – Samverkan för bättre kontinuitet")
    goals = [g.text for g in version.areas.first().goals.all()]
    assert goals == [
        "Barn och ungas hälsa",
        "Äldre med stora behov av vård och omsorg",
        "Personer med psykisk ohälsa",
    ]
    etapp = version.activities.get(key="millennium-etapp-2")
    assert (etapp.starts_on, etapp.ends_on) == (date(2023, 2, 28), date(2023, 5, 9))
    assert roadmap.forums.get(key="vvg").parent.key == "sro"


def test_vasterbotten_reported_figures_and_the_guide_value_1100():
    version = load_seed("vasterbotten").version
    roadmap = version.roadmap
    assert roadmap.county_id == "24"
    assert roadmap.principals.count() == 16  # "i samverkan mellan 16 huvudmän"
    report = roadmap.reporting_lines.get()
    assert (report.recipient, report.times_per_year) == ("Socialstyrelsen", 1)
    phone = version.targets.get(indicator_id="phone_answered_same_day")
    assert phone.name == "Telefontillgänglighet samma dag"  # the catalogue's name
    assert [(v.period_label, v.value) for v in phone.values.all()] == [
        ("2023", Decimal("73.000")),
        ("2024", Decimal("76.000")),
    ]
    assessment = version.targets.get(indicator_id="medical_assessment_within_3d")
    assert [v.value for v in assessment.values.all()] == [Decimal("77.000"), Decimal("80.000")]
    guide = version.targets.get(indicator_id="listed_per_doctor_fte")
    assert guide.target_value == Decimal("1100") and guide.direction == "lower"
    coverage = version.targets.get(indicator_id="named_doctor_coverage_population")
    assert sorted(v.value for v in coverage.values.filter(period_label="2024-12-31")) == [
        Decimal("10.000"),
        Decimal("18.000"),
    ]
    dorotea = version.activities.get(key="systemledning-dorotea")
    assert {p.name for p in dorotea.principals.all()} == {"Region Västerbotten", "Dorotea kommun"}
    assert dorotea.subareas.get().name == "Södra Lappland"
    assert version.activities.get(key="centrum-mot-vald").status == ActivityStatus.NOT_STARTED


def test_a_seed_loads_into_another_county_for_the_demo(small_county):
    roadmap = load_seed("vasternorrland", county_code="19").roadmap
    assert roadmap.county_id == "19" and roadmap.source_county_code == "22"
    assert roadmap.transplanted
    assert {p.name for p in roadmap.principals.all()} == {
        "Region Västmanland",
        "Västerås stad",
        "Sala kommun",
    }
    assert Roadmap.objects.count() == 1
