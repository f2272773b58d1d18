"""County 19 at scale 0.02 lands near the national figures (research indicators.md §5)."""

from __future__ import annotations

import numpy as np
import pytest

from navet.synth.calibration import indicators
from navet.synth.identities import COORDINATION, PERSONAL, RESERVE, skatteverket_numbers


@pytest.fixture(scope="module")
def figures(realistic):
    return indicators(realistic)


@pytest.mark.parametrize(
    ("key", "low", "high"),
    [
        ("age_share_0", 0.18, 0.24),  # 0–17 ≈ 21 %
        ("age_share_1", 0.54, 0.61),  # 18–64 ≈ 58 %
        ("age_share_2", 0.13, 0.18),  # 65–79 ≈ 15 % (Västmanland is a little older)
        ("age_share_3", 0.05, 0.08),  # 80+ ≈ 5.5–6 %
        ("deaths_per_year", 0.006, 0.014),
        ("listed_share", 0.985, 0.997),  # ≈ 99 %
        ("named_doctor_share_of_listed", 0.13, 0.17),  # the default 15 %
        ("primary_visits_per_person_year", 3.9, 4.7),
        ("specialist_visits_per_person_year", 1.1, 1.5),
        ("doctor_share_primary", 0.28, 0.40),
        ("ed_per_1000", 145, 205),
        ("ed_frequent_share", 0.01, 0.07),
        ("episodes_per_1000", 115, 150),
        ("los_somatic", 4.0, 6.0),
        ("psychiatric_share", 0.02, 0.08),
        ("acute_share", 0.64, 0.78),
        ("acsc_share", 0.10, 0.18),
        ("transfer_share", 0.03, 0.08),
        ("readmission_30d_65", 0.06, 0.15),
        ("ready_share_ge1", 0.35, 0.75),
        ("assessment_within_3_days", 0.72, 0.88),
        ("sip_active_per_1000", 2.5, 10),  # ≈ 4–6 (config SIP_*, unverified)
        ("phone_answered_same_day", 0.6, 0.9),
        ("nursing_home_share_65", 0.03, 0.065),
        ("home_care_share_65_own_home", 0.07, 0.15),
        ("coc_mean", 0.3, 0.85),  # higher than at full scale: small units have few doctors
    ],
)
def test_figure_in_range(figures, key, low, high):
    assert low <= figures[key] <= high, f"{key} = {figures[key]:.3f}"


def test_older_municipalities_are_older(realistic):
    county, persons = realistic.county, realistic.persons
    alive = persons["death_day"] == 2**30
    share = {
        county.names[m]: (persons["age_end"][alive & (persons["municipality"] == m)] >= 65).mean()
        for m in range(county.n)
    }
    assert share["Skinnskatteberg"] > share["Västerås"] + 0.05


def test_more_women_among_the_oldest(realistic):
    persons = realistic.persons
    old = (persons["age_end"] >= 85) & (persons["death_day"] == 2**30)
    assert (persons["sex"][old] == 0).mean() > 0.55


def test_identity_numbers(realistic):
    persons = realistic.persons
    identifier, kind = persons["identifier"], persons["identifier_kind"]
    assert len(set(identifier.tolist())) == len(identifier)
    listed = np.isin(identifier, skatteverket_numbers()["number"])
    assert listed[kind != RESERVE].all() and not listed[kind == RESERVE].any()
    assert (kind == PERSONAL).sum() > 0.2 * len(kind)  # the list covers many at this scale
    assert (kind == COORDINATION).sum() > 0
    reserve = identifier[kind == RESERVE]
    assert all(len(r) == 13 and r[8] == "R" for r in reserve)


def test_frequent_attenders_have_a_tail(realistic):
    ed = realistic.ed_visits
    counts = np.bincount(ed["person"])
    assert counts.max() >= 10
    repeat = counts[counts > 0]
    assert 0.01 < (repeat >= 4).mean() < 0.2  # over the whole history, not 12 months


def test_every_unit_has_a_head_and_teams_a_coordinator(realistic):
    posts, units = realistic.staffing.posts, realistic.org.units
    heads = np.bincount(posts["unit"][posts["role"] == "unit_head"], minlength=len(units["kind"]))
    assert (heads == 1).all()
    teams = np.flatnonzero(units["kind"] == "mobile_team")
    coordinators = set(posts["unit"][posts["role"] == "coordinator"].tolist())
    assert set(teams.tolist()) <= coordinators
    assert len(teams) == 4  # one per node in Västmanland


def test_named_doctors_are_doctors_of_the_listing_unit(realistic):
    named, staff, posts = realistic.named, realistic.staffing.staff, realistic.staffing.posts
    doctors = named["role"] == 0
    assert (staff["profession"][named["staff"][doctors]] == "doctor").all()
    assert np.isin(staff["grade"][named["staff"][doctors]], ["specialist", "st"]).all()
    served = set(zip(posts["holder1"].tolist(), posts["unit"].tolist(), strict=True)) | set(
        zip(posts["holder2"].tolist(), posts["unit"].tolist(), strict=True)
    )
    pairs = zip(named["staff"][doctors].tolist(), named["unit"][doctors].tolist(), strict=True)
    assert all(pair in served for pair in pairs)


def test_guardians_are_adults_in_the_county(realistic):
    rel = realistic.details["relatives"]
    persons = realistic.persons
    guardians = rel["is_guardian"]
    assert guardians.any()
    gap = (
        persons["birth_day"][rel["person"][guardians]]
        - persons["birth_day"][rel["related"][guardians]]
    ) / 365.25
    assert (gap >= 17.9).all() and (gap <= 45.1).all()
    children = np.flatnonzero(persons["age_end"] < 18)
    with_guardian = np.isin(children, rel["person"][guardians]).mean()
    assert with_guardian > 0.95


def test_no_family_name_is_implausibly_common(realistic):
    """Andersson, Sweden's most common family name, is about 2.5 % of the population."""
    _, counts = np.unique(realistic.details["family_name"], return_counts=True)
    assert counts.max() / counts.sum() < 0.05
    assert len(counts) > 80


@pytest.mark.parametrize("share", [0.0, 0.4, 0.55])
def test_the_named_doctor_share_is_configurable(share):
    from navet.synth.generate import Params, generate

    generated = generate(Params("19", 42, 0.02, named_doctor_share=share))
    figures = indicators(generated)
    assert abs(figures["named_doctor_share_of_listed"] - share) < 0.03
    assert figures["named_doctor_share_65"] >= figures["named_doctor_share_of_listed"]


def test_units_have_fictional_phone_numbers_and_addresses(realistic):
    from navet.synth.details import UNIT_PHONE_NUMBERS, unit_contact_details

    phones, addresses = unit_contact_details(realistic.org, realistic.county)
    assert len(phones) == len(addresses) == realistic.org.n_units
    assert set(phones) <= set(UNIT_PHONE_NUMBERS)
    assert all(a.split(", ")[-1] in realistic.county.names for a in addresses)
