"""The decision table of issue "Trust": relationship yes/no × consent yes/no/expired × block
none/inner (unit)/inner (care process)/outer × emergency no/yes, for a ward nurse (Region
Västmanland) reading Gustav, whose data are held by Vårdcentralen Väsby (the region: same care
provider; in the region's care process "Primärvård Sala", which the ward is not part of) and
Citykliniken (a private care provider of its own). Runs on SQLite and PostgreSQL like the rest of
the suite."""

import itertools

import pytest

from navet.access.errors import AccessError
from navet.access.gate import Reason, Verdict, WithheldBecause, can_access
from navet.access.tests.support import block, consent, open_emergency, relate, user
from navet.organisation.models import CareProcess

pytestmark = pytest.mark.django_db

TABLE = list(
    itertools.product(
        ["relationship", "no relationship"],
        ["consent", "no consent", "expired consent"],
        ["no block", "inner block", "process block", "outer block"],
        ["no emergency", "emergency"],
    )
)


def expected(relationship, consent_state, block_state, emergency_state):
    """(verdict, Väsby shown, Citykliniken shown, withheld reasons) as the law reads."""
    if emergency_state == "emergency":
        return Verdict.ALLOW, True, True, set()
    if relationship == "no relationship":
        return Verdict.EMERGENCY_POSSIBLE, False, False, set()
    # same care provider: the relationship suffices unless an inner block covers Väsby
    vasby = block_state not in ("inner block", "process block")
    city = consent_state == "consent" and block_state != "outer block"  # a block beats consent
    withheld = set()
    if not vasby or block_state == "outer block":
        withheld.add(WithheldBecause.BLOCKED)
    if not city and block_state != "outer block":
        withheld.add(WithheldBecause.NO_CONSENT)
    return Verdict.ALLOW, vasby, city, withheld


@pytest.mark.parametrize(("relationship", "consent_state", "block_state", "emergency_state"), TABLE)
def test_decision_table(
    demo_users, small_county, relationship, consent_state, block_state, emergency_state
):
    gustav = small_county.persons["gustav"]
    units, providers = small_county.units, small_county.providers
    relate(gustav, units["city"], kind="listing")  # Citykliniken holds data about Gustav
    if relationship == "relationship":
        relate(gustav, units["ward"], kind="admission")
    if consent_state == "consent":
        consent(gustav, providers["region"])
    elif consent_state == "expired consent":
        consent(gustav, providers["region"], days=-1)
    if block_state == "inner block":
        block(gustav, unit=units["vasby"])
    elif block_state == "process block":
        process = CareProcess.objects.create(
            care_provider=providers["region"], code="primarvard-sala", name="Primärvård Sala"
        )
        units["vasby"].care_process = process
        units["vasby"].save()
        block(gustav, process=process)
    elif block_state == "outer block":
        block(gustav, provider=providers["city"])
    nothing_withheld = (relationship, consent_state, block_state) == (
        "relationship",
        "consent",
        "no block",
    )
    if emergency_state == "emergency" and nothing_withheld:
        # Emergency access is refused when there is nothing it would open.
        with pytest.raises(AccessError, match="Du ser redan allt"):
            open_emergency("avdelningsskoterska", gustav)
        emergency_state = "no emergency"
    elif emergency_state == "emergency":
        open_emergency("avdelningsskoterska", gustav)

    decision = can_access(user("avdelningsskoterska"), gustav, "care")

    verdict, vasby, city, withheld = expected(
        relationship, consent_state, block_state, emergency_state
    )
    assert decision.verdict == verdict
    assert decision.shows(units["vasby"]) is vasby
    assert decision.shows(units["city"]) is city
    assert decision.shows(units["ward"]) is decision.allowed  # the user's own unit
    assert {w.because for w in decision.withheld} == withheld
    assert decision.blocked_exist is (WithheldBecause.BLOCKED in withheld)
    if verdict == Verdict.EMERGENCY_POSSIBLE:
        assert decision.reason == Reason.NO_RELATIONSHIP
    if emergency_state == "emergency":
        assert decision.reason == Reason.EMERGENCY and decision.emergency
