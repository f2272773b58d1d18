"""Synthetic SIPs: target groups, every stage, overdue follow-ups, meetings by video."""

from __future__ import annotations

import numpy as np
import pytest

from navet.synth.population import age_on
from navet.synth.sip import GROUPS, MODES, STAGES
from navet.synth.timeutil import NEVER


@pytest.fixture(scope="module")
def county():
    """County 19 at scale 0.1 (≈ 29 000 people): a few hundred plans, without names."""
    from navet.synth.generate import Params, generate

    return generate(Params("19", 42, 0.1))


def test_plans_in_every_stage_at_a_plausible_rate(county):
    plans, end = county.sips, county.window.end
    assert {STAGES[s] for s in plans["stage"]} == set(STAGES)
    active = (plans["closed"] == NEVER).sum()
    assert 3 <= active / county.n_persons * 1000 <= 9  # ≈ 4–6 per 1 000 (config, unverified)
    overdue = (plans["followup"] < end) & (plans["followed_up"] == NEVER)
    assert (overdue & (plans["closed"] == NEVER)).sum() >= 5
    assert len(np.unique(plans["person"])) == len(plans["person"])  # one plan a person


def test_the_target_groups(county):
    plans, persons = county.sips, county.persons
    counts = np.bincount(plans["group"], minlength=len(GROUPS))
    assert counts.min() > 0 and counts.argmax() == GROUPS.index("older")
    age = age_on(persons["birth_day"][plans["person"]], plans["initiated"])
    assert (age[plans["group"] == GROUPS.index("older")] >= 65).all()
    assert (age[plans["group"] == GROUPS.index("child")] < 18).all()
    adults = age[plans["group"] == GROUPS.index("adult")]
    assert ((adults >= 18) & (adults < 65)).all()


def test_stage_dates_are_ordered_and_the_coordinator_is_the_initiating_principal(county):
    plans, org = county.sips, county.org
    for earlier, later in (("initiated", "prepare"), ("prepare", "invite"), ("invite", "meeting")):
        reached = plans[later] < NEVER
        assert (plans[earlier][reached] <= plans[later][reached]).all()
    finalised = plans["finalised"] < NEVER
    assert (plans["followup"][finalised] > plans["finalised"][finalised]).all()
    assert (plans["followup"][~finalised] == NEVER).all()
    kinds = org.units["kind"][plans["unit"]]
    assert set(kinds) <= {"health_centre", "home_health_care", "school_health", "social_services"}
    municipal_kind = np.isin(kinds, ["home_health_care", "school_health", "social_services"])
    assert (plans["municipal"] == municipal_kind).all()


def test_meetings_some_at_a_distance_and_more_so_later(county):
    meetings, plans, window = county.sip_meetings, county.sips, county.window
    assert (meetings["day"] >= plans["initiated"][meetings["plan"]]).all()
    assert (meetings["day"] <= window.end).all()
    assert (~meetings["held"]).any()
    remote = meetings["mode"] != MODES.index("on_site")
    assert (meetings["mode"] == MODES.index("video")).any()
    first_year = meetings["day"] < window.start + 365
    last_year = meetings["day"] > window.end - 365
    assert remote[last_year].mean() > remote[first_year].mean()
