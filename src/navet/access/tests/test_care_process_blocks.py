"""Internal blocks of a care process (vårdprocess): the data of every unit of the process are
hidden from the units outside it — within the care provider and, like every internal block, from
other care providers — while the process's own units still see each other's data."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from navet.access import consents
from navet.access.audit import actor_for
from navet.access.errors import AccessError
from navet.access.gate import WithheldBecause, can_access
from navet.access.models import AuditEvent, Block
from navet.access.tests.support import consent, key, open_emergency, relate, user
from navet.organisation.models import CareProcess, CareUnit
from navet.web.tests.html import text

pytestmark = pytest.mark.django_db


@pytest.fixture
def psychiatry(small_county):
    """Region Västmanland's care process "Psykiatri", to which the ward belongs; Elsa (listed at
    Skiljebo) has been admitted to the ward, so the ward holds data about her."""
    process = CareProcess.objects.create(
        care_provider=small_county.providers["region"], code="psykiatri", name="Psykiatri"
    )
    ward = small_county.units["ward"]
    ward.care_process = process
    ward.save()
    relate(small_county.persons["elsa"], ward, kind="admission")
    return process


def process_block(person, process, **kwargs):
    who = user("allmanlakare")
    args = dict(actor=actor_for(who), user=who, person=person, key=key(), method="in_person")
    return consents.set_block(
        **{**args, "kind": "internal", "care_provider": None, "care_process": process, **kwargs}
    )


def test_a_blocked_care_process_is_hidden_from_units_outside_it(
    demo_users, small_county, psychiatry
):
    elsa, units = small_county.persons["elsa"], small_county.units
    before = can_access(user("allmanlakare"), elsa, "care")
    assert before.shows(units["ward"]) and not before.blocked_exist

    block = process_block(elsa, psychiatry)
    assert (block.kind, block.care_provider, block.unit) == (
        "internal",
        small_county.providers["region"],
        None,
    )
    decision = can_access(user("allmanlakare"), elsa, "care")  # Skiljebo: outside the process
    assert decision.allowed
    assert not decision.shows(units["ward"])
    assert decision.shows(units["skiljebo"])  # the user's own unit
    assert decision.blocked_exist
    assert {w.unit_id for w in decision.withheld if w.because == WithheldBecause.BLOCKED} == {
        units["ward"].pk
    }


def test_the_care_processs_own_units_still_see_its_data(demo_users, small_county, psychiatry):
    elsa, units = small_county.persons["elsa"], small_county.units
    mobile_team = units["mobile_team"]
    mobile_team.care_process = psychiatry
    mobile_team.save()
    relate(elsa, mobile_team, kind="mobile_team")
    process_block(elsa, psychiatry)
    # the ward doctor serves a unit of the process: the whole process is open to them
    decision = can_access(user("avdelningslakare"), elsa, "care")
    assert decision.shows(units["ward"]) and decision.shows(mobile_team)
    assert decision.shows(units["skiljebo"])  # outside the process, not blocked
    # the coordinator of the mobile team (in the process) too
    assert can_access(user("samordnare"), elsa, "care").shows(units["ward"])
    # the GP outside it sees neither
    gp = can_access(user("allmanlakare"), elsa, "care")
    assert not gp.shows(units["ward"]) and not gp.shows(mobile_team)


def test_a_care_process_block_overrides_consent_and_other_providers(
    demo_users, small_county, psychiatry
):
    elsa, units = small_county.persons["elsa"], small_county.units
    relate(elsa, units["home_health"], kind="manual")  # the municipal nurse's relationship
    consent(elsa, small_county.providers["vasteras"])  # the municipality may read everything
    assert can_access(user("kommunskoterska"), elsa, "care").shows(units["ward"])
    process_block(elsa, psychiatry)
    decision = can_access(user("kommunskoterska"), elsa, "care")
    assert not decision.shows(units["ward"]) and decision.blocked_exist


def test_emergency_access_opens_a_blocked_care_process(demo_users, small_county, psychiatry):
    elsa, units = small_county.persons["elsa"], small_county.units
    process_block(elsa, psychiatry)
    open_emergency("allmanlakare", elsa)
    decision = can_access(user("allmanlakare"), elsa, "care")
    assert decision.emergency and decision.shows(units["ward"])


def test_unit_blocks_and_care_process_blocks_are_separate_targets(
    demo_users, small_county, psychiatry
):
    elsa, ward = small_county.persons["elsa"], small_county.units["ward"]
    first = process_block(elsa, psychiatry)
    assert process_block(elsa, psychiatry).pk == first.pk  # one active block per target
    by_unit = process_block(elsa, None, unit=ward)
    assert by_unit.pk != first.pk and by_unit.care_process is None
    with pytest.raises(AccessError, match="antingen den enhet eller den vårdprocess"):
        process_block(elsa, psychiatry, unit=ward)
    with pytest.raises(AccessError, match="antingen den enhet eller den vårdprocess"):
        process_block(elsa, None)
    with pytest.raises(AccessError, match="vårdnadshavare kan inte spärra"):
        process_block(small_county.persons["leo"], psychiatry, requested_by="guardian")
    external = process_block(
        elsa, psychiatry, kind="external", care_provider=small_county.providers["city"]
    )
    assert external.care_process is None and external.unit is None


def test_lifting_a_care_process_block_needs_explicit_consent(demo_users, small_county, psychiatry):
    elsa = small_county.persons["elsa"]
    block = process_block(elsa, psychiatry)
    who = user("allmanlakare")
    args = dict(
        actor=actor_for(who), user=who, block_id=block.pk, version=1,
        consent_method="in_person", lifting_provider_ids=frozenset({block.care_provider_id}),
    )  # fmt: skip
    with pytest.raises(AccessError, match="uttryckligen samtycker"):
        consents.lift_block(**args, explicit_consent=False)
    with pytest.raises(AccessError, match="vårdgivaren där uppgifterna finns"):
        consents.lift_block(
            **{**args, "lifting_provider_ids": frozenset({small_county.providers["city"].pk})},
            explicit_consent=True,
        )
    assert consents.lift_block(**args, explicit_consent=True).lifted_at is not None
    assert can_access(who, elsa, "care").shows(small_county.units["ward"])


def test_a_care_process_belongs_to_its_units_care_provider(small_county, psychiatry):
    city = small_county.units["city"]
    city.care_process = psychiatry  # Citykliniken is a care provider of its own
    with pytest.raises(ValidationError, match="annan vårdgivare"):
        city.full_clean()


def test_the_gate_ignores_a_unit_wrongly_put_in_another_providers_process(
    demo_users, small_county, psychiatry
):
    elsa, units = small_county.persons["elsa"], small_county.units
    # Citykliniken in Region Västmanland's process is a data error (clean() refuses it): the
    # region's process block does not reach another care provider's unit
    CareUnit.objects.filter(pk=units["city"].pk).update(care_process=psychiatry)
    process_block(elsa, psychiatry)
    consent(elsa, small_county.providers["region"])
    decision = can_access(user("allmanlakare"), elsa, "care")
    assert not decision.shows(units["ward"])
    assert decision.shows(units["city"])


# --- The staff UI and the person's own pages --------------------------------------------------


def test_staff_register_a_care_process_block_and_see_only_that_blocked_data_exist(
    client_as, small_county, psychiatry
):
    elsa = small_county.persons["elsa"]
    doctor = client_as("allmanlakare")
    page = doctor.get(reverse("access:consents", args=[elsa.pk])).content.decode()
    assert f'<option value="{psychiatry.pk}">Psykiatri</option>' in page
    response = doctor.post(
        reverse("access:set_block", args=[elsa.pk]),
        {"key": "p1", "kind": "internal", "care_process": psychiatry.pk, "method": "in_person",
         "requested_by": "person"},
    )  # fmt: skip
    assert response.status_code == 302
    block = Block.objects.get()
    assert (block.care_process, block.unit) == (psychiatry, None)
    assert AuditEvent.objects.filter(object_type="block", action="create").count() == 1
    listing = text(doctor.get(reverse("access:consents", args=[elsa.pk])).content, "main")
    assert "uppgifter inom vårdprocessen Psykiatri hos Region Västmanland" in listing
    # the overview says only that blocked data exist, not where
    overview = text(doctor.get(reverse("web:resident_detail", args=[elsa.pk])).content, "main")
    assert "Spärrade uppgifter" in overview
    assert "Psykiatri" not in overview and "Avdelning 31" not in overview


def test_staff_of_another_provider_count_the_block_without_seeing_where(
    client_as, small_county, psychiatry
):
    elsa = small_county.persons["elsa"]
    process_block(elsa, psychiatry)
    relate(elsa, small_county.units["home_health"], kind="manual")
    page = text(
        client_as("kommunskoterska").get(reverse("access:consents", args=[elsa.pk])).content
    )
    assert "Det finns 1 spärr som andra vårdgivare har registrerat" in page
    assert "inom vårdprocessen" not in page  # (the form still offers it as a target)


def test_the_person_blocks_a_care_process_on_their_own_page(client_as, small_county, psychiatry):
    resident = client_as("invanare")
    html = resident.get(reverse("citizen:my_consents")).content.decode()
    assert f'value="process-{psychiatry.pk}"' in html
    assert "Allt inom vårdprocessen Psykiatri hos Region Västmanland (inre spärr)" in text(
        html, "main"
    )
    url = reverse("citizen:set_block")
    assert resident.post(url, {"key": "p", "target": f"process-{psychiatry.pk}"}).status_code == 302
    resident.post(url, {"key": "p", "target": f"process-{psychiatry.pk}"})  # a double click
    [block] = Block.objects.all()
    assert (block.kind, block.care_process, block.method) == ("internal", psychiatry, "digital")
    page = text(resident.get(reverse("citizen:my_consents")).content, "main")
    assert "uppgifter inom vårdprocessen Psykiatri hos Region Västmanland" in page
