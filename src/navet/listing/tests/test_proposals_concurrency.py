"""Two unit heads accepting overlapping proposals at once (PostgreSQL, two real transactions on
two connections): the doctors' rows are locked in a fixed order and capacity is counted again
inside the transaction, so a doctor never passes the limit, and passing the guide value within
an allowed overshoot gives a warning that every page of the unit shows."""

from __future__ import annotations

import pytest
from django.utils import timezone

from navet.listing import proposal_runs
from navet.listing.models import Proposal, ProposalRun, ProposalStatus
from navet.listing.tests.proposal_support import proposal_county
from navet.listing.tests.support import ACTOR, add_staff
from navet.residents.models import NamedContact
from navet.web.tests.concurrency import run_together

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def county(small_county, identity_numbers, settings):
    county = proposal_county(small_county, identity_numbers, settings)
    settings.NAVET_NAMED_DOCTOR_GUIDE_VALUES = {"specialist": 3, "st": 2}  # Nora Lind: 1 place
    add_staff(county, "second_head", "skiljebo", profession="district_nurse", role="unit_head")
    return county


def _run_proposing(county, run_key: str, pairs) -> ProposalRun:
    run = ProposalRun.objects.create(
        unit=county.units["skiljebo"], on=timezone.localdate(), source="ui", key=run_key
    )
    for person, doctor in pairs:
        Proposal.objects.create(
            run=run,
            person=county.persons[person],
            doctor=county.staff[doctor],
            need=3,
            status=ProposalStatus.PROPOSED,
        )
    return run


def _accept(county, run, head):
    ids = list(run.proposals.values_list("pk", flat=True))
    return lambda: proposal_runs.accept_proposals(
        actor=ACTOR, run=run, proposal_ids=ids, by=county.staff[head]
    )


def _two_heads_at_once(county):
    # Both runs hand Nora Lind's one free place to a different person, and both give Per Ek
    # Britt: the doctors overlap, in opposite order of the persons.
    first = _run_proposing(county, "first", [("anna", "st"), ("britt", "allmanlakare")])
    second = _run_proposing(county, "second", [("britt", "allmanlakare"), ("cilla", "st")])
    return run_together(
        _accept(county, first, "verksamhetschef"), _accept(county, second, "second_head")
    )


def _open(county, doctor):
    return NamedContact.objects.filter(
        staff=county.staff[doctor], role="named_doctor", valid_to__isnull=True
    )


def test_a_hard_limit_holds_and_the_loser_is_warned(county):
    results = _two_heads_at_once(county)
    assert not any(isinstance(r, Exception) for r in results), results
    assert _open(county, "st").count() == 1
    assert _open(county, "allmanlakare").filter(person=county.persons["britt"]).count() == 1
    assert sum(len(r.accepted) for r in results) == 2  # one of Nora's, and Britt once
    warned = [r for r in results if r.warnings]
    assert len(warned) == 1 and "genomfördes inte" in warned[0].warnings[0]
    # Both unit heads' pages now show that Nora Lind has reached her guide value.
    over = proposal_runs.over_capacity(county.units["skiljebo"], on=timezone.localdate())
    assert [staff for staff, _ in over] == [county.staff["st"]]


def test_a_soft_limit_lets_both_through_with_a_warning_both_see(county, settings):
    settings.NAVET_PROPOSAL_OVERSHOOT_PERCENT = 100
    results = _two_heads_at_once(county)
    assert not any(isinstance(r, Exception) for r in results), results
    assert _open(county, "st").count() == 2
    assert sum("över riktvärdet" in w for r in results for w in r.warnings) == 1
    [(staff, load)] = proposal_runs.over_capacity(county.units["skiljebo"], on=timezone.localdate())
    assert staff == county.staff["st"] and load.current == 2 > load.guide
    noted = Proposal.objects.filter(note__contains="över riktvärdet")
    assert noted.count() == 1  # kept on the proposal, shown on the run page
