"""Named contacts: who may be named, who appoints, one named doctor at a time, history, the care
relationship they open and close, idempotency, and the audit rows."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from navet.access.models import AuditEvent, CareRelationship
from navet.access.relationships import day_end
from navet.listing import selectors, services
from navet.listing.errors import NamedContactRefused, NotAuthorised
from navet.listing.tests.support import ACTOR, add_staff, key
from navet.organisation.models import Assignment
from navet.residents.models import HomeCare, LivingSituation, NamedContact

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def appoint(county, person="elsa", staff="st", role="named_doctor", by="verksamhetschef", **kw):
    return services.appoint_named_contact(
        actor=ACTOR,
        person=county.persons[person],
        role=role,
        staff=county.staff[staff],
        by=county.staff[by] if by else None,
        key=kw.pop("key", None) or key(),
        **kw,
    )


def test_a_new_named_doctor_replaces_the_old_one_and_opens_a_relationship(small_county):
    elsa, st, ek = (
        small_county.persons["elsa"],
        small_county.staff["st"],
        small_county.staff["allmanlakare"],
    )
    result = appoint(small_county, reason="Personens önskemål")
    assert result.created
    contact = result.contact
    assert (contact.staff, contact.unit, contact.valid_from) == (
        st,
        small_county.units["skiljebo"],
        TODAY,
    )
    assert contact.appointed_by == small_county.staff["verksamhetschef"]
    assert contact.reason == "Personens önskemål"
    [old] = result.ended
    old.refresh_from_db()
    assert old.staff == ek and old.valid_to == TODAY - timedelta(days=1)
    assert old.end_reason == "Ersatt av Nora Lind."
    assert selectors.named_doctor(elsa, on=TODAY).staff == st
    relationship = CareRelationship.objects.get(
        source_type="residents.namedcontact", source_id=str(contact.pk)
    )
    assert relationship.staff == st and relationship.ends_at is None
    ended = CareRelationship.objects.get(
        source_type="residents.namedcontact", source_id=str(old.pk)
    )
    assert ended.ends_at == day_end(old.valid_to) + timedelta(days=30)
    actions = list(
        AuditEvent.objects.filter(person_id=elsa.pk, object_type="namedcontact").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["change", "create"]


@pytest.mark.parametrize(
    ("staff", "code", "words"),
    [
        ("distriktsskoterska", "not_a_doctor", "Eva Holm är distriktssköterska, inte läkare"),
        ("city_doctor", "not_at_unit", "Hans Ahl har ingen placering på Vårdcentralen Skiljebo"),
    ],
)
def test_a_named_doctor_who_is_not_a_doctor_or_not_at_the_unit_is_refused(
    small_county, staff, code, words
):
    with pytest.raises(NamedContactRefused) as refused:
        appoint(small_county, staff=staff, unit=small_county.units["skiljebo"])
    assert refused.value.code == code
    assert words in refused.value.message
    assert NamedContact.objects.filter(person=small_county.persons["elsa"]).count() == 4


def test_a_named_doctor_must_work_at_the_listing_unit(small_county):
    with pytest.raises(NamedContactRefused) as refused:
        appoint(small_county, staff="city_doctor", unit=small_county.units["city"], by=None)
    assert refused.value.code == "not_listing_unit"
    assert "Elsa Lindqvist är inte listad på Citykliniken" in refused.value.message
    assert "Skiljebo" not in refused.value.message


def test_a_named_doctor_whose_assignment_has_ended_is_refused(small_county):
    Assignment.objects.filter(staff=small_county.staff["st"]).update(
        valid_to=TODAY - timedelta(days=3)
    )
    with pytest.raises(NamedContactRefused) as refused:
        appoint(small_county)
    assert refused.value.code == "assignment_ended"
    ended = (TODAY - timedelta(days=3)).isoformat()
    assert (
        f"Nora Linds placering på Vårdcentralen Skiljebo upphörde {ended}" in refused.value.message
    )


def test_competence_rules_paediatrician_geriatrician_and_equivalent(small_county, settings):
    add_staff(
        small_county,
        "barn",
        "skiljebo",
        profession="doctor",
        grade="specialist",
        specialty="paediatrics",
    )
    add_staff(
        small_county,
        "geri",
        "skiljebo",
        profession="doctor",
        grade="specialist",
        specialty="geriatrics",
    )
    add_staff(
        small_county,
        "annan",
        "skiljebo",
        profession="doctor",
        grade="other",
        specialty="general_practice",
    )
    skiljebo = small_county.units["skiljebo"]
    leo, elsa = small_county.persons["leo"], small_county.persons["elsa"]
    names = lambda person, **kw: {  # noqa: E731
        s.given_name
        for s in selectors.eligible_named_doctors(skiljebo, on=TODAY, person=person, **kw)
    }
    assert names(leo) == {"Per", "Nora", "Barn"}
    assert names(elsa) == {"Per", "Nora", "Geri"}
    assert names(elsa, with_equivalent=True) == {"Per", "Nora", "Geri", "Annan"}
    with pytest.raises(NamedContactRefused) as refused:
        appoint(small_county, person="elsa", staff="barn")
    assert refused.value.code == "competence"
    assert "barnläkare för barn under 18 år" in refused.value.message
    with pytest.raises(NamedContactRefused):
        appoint(small_county, staff="annan")
    contact = appoint(
        small_county, staff="annan", equivalent_competence=True, reason="ST klar"
    ).contact
    assert contact.reason == "Motsvarande kompetens intygad. ST klar"
    appoint(small_county, person="leo", staff="barn")
    settings.NAVET_NAMED_DOCTOR_RULES = {
        "paediatrician_for_children": False,
        "accept_equivalent": False,
    }
    assert names(leo) == {"Per", "Nora"}
    assert names(elsa, with_equivalent=True) == {"Per", "Nora", "Geri"}


def test_double_submission_creates_one_appointment(small_county):
    first = appoint(small_county, key="same-form")
    again = appoint(small_county, key="same-form")
    other_tab = appoint(small_county)  # another form, the same doctor
    assert first.created and not again.created and not other_tab.created
    assert again.contact == first.contact == other_tab.contact
    elsa = small_county.persons["elsa"]
    assert (
        NamedContact.objects.filter(person=elsa, role="named_doctor", valid_to__isnull=True).count()
        == 1
    )
    assert (
        AuditEvent.objects.filter(
            person_id=elsa.pk, object_type="namedcontact", action="create"
        ).count()
        == 1
    )


def test_a_named_doctor_is_registered_by_staff_of_the_listing_unit(small_county):
    with pytest.raises(NotAuthorised):
        appoint(small_county, by="vasby_doctor")
    assert appoint(small_county, by="allmanlakare").created


def test_care_contacts_are_appointed_by_the_unit_head_and_may_be_several(small_county):
    home_health = small_county.units["home_health"]
    add_staff(small_county, "hemchef", "home_health", profession="nurse", role="unit_head")
    with pytest.raises(NotAuthorised) as refused:
        appoint(small_county, staff="st", role="named_care_contact", by="allmanlakare",
                unit=small_county.units["skiljebo"])  # fmt: skip
    assert "Bara verksamhetschefen för Vårdcentralen Skiljebo" in refused.value.message
    # Elsa has Eva Holm at Skiljebo already; a second care contact in another unit is allowed.
    second = appoint(small_county, staff="kommunskoterska", role="named_care_contact", by="hemchef",
                     unit=home_health).contact  # fmt: skip
    contacts = selectors.current_named_contacts(
        small_county.persons["elsa"], on=TODAY, role="named_care_contact"
    )
    assert {c.staff.given_name for c in contacts} == {"Eva", "Maja"}
    # In the same unit the new one replaces the old.
    result = appoint(
        small_county, staff="st", role="named_care_contact", unit=small_county.units["skiljebo"]
    )
    assert [c.staff.given_name for c in result.ended] == ["Eva"]
    assert second in selectors.current_named_contacts(small_county.persons["elsa"], on=TODAY)


def test_unlicensed_staff_cannot_be_named_care_contacts(small_county):
    add_staff(small_county, "usk", "skiljebo", profession="assistant_nurse")
    with pytest.raises(NamedContactRefused) as refused:
        appoint(small_county, staff="usk", role="named_care_contact")
    assert refused.value.code == "not_licensed"


def test_a_life_threatening_condition_requires_a_doctor_as_care_contact(small_county):
    elsa, skiljebo = small_county.persons["elsa"], small_county.units["skiljebo"]
    head = small_county.staff["verksamhetschef"]
    flag = services.note_life_threatening_condition(
        actor=ACTOR, person=elsa, unit=skiljebo, by=head, key=key()
    )
    assert (
        services.note_life_threatening_condition(
            actor=ACTOR, person=elsa, unit=skiljebo, by=head, key=key()
        )
        == flag
    )
    with pytest.raises(NamedContactRefused) as refused:
        appoint(small_county, staff="distriktsskoterska", role="named_care_contact", unit=skiljebo,
                valid_from=TODAY + timedelta(days=1))  # fmt: skip
    assert refused.value.code == "doctor_required"
    assert "livshotande tillstånd" in refused.value.message
    assert appoint(
        small_county, staff="allmanlakare", role="named_care_contact", unit=skiljebo
    ).created
    assert services.clear_life_threatening_condition(actor=ACTOR, person=elsa, by=head) == 1
    assert not selectors.has_life_threatening_condition(elsa, on=TODAY + timedelta(days=1))


def test_social_care_contacts_need_an_assistant_nurse_and_home_care(small_county, settings):
    add_staff(
        small_county, "hemtjanstchef", "home_care", profession="assistant_nurse", role="unit_head"
    )
    add_staff(small_county, "usk2", "home_care", profession="assistant_nurse")
    add_staff(small_county, "ssk", "home_care", profession="nurse")
    result = appoint(
        small_county, staff="usk2", role="named_social_care_contact", by="hemtjanstchef"
    )
    assert result.contact.unit == small_county.units["home_care"]  # the home-care unit by default
    assert [c.staff.given_name for c in result.ended] == ["Fatima"]
    with pytest.raises(NamedContactRefused) as refused:
        appoint(small_county, staff="ssk", role="named_social_care_contact", by="hemtjanstchef")
    assert refused.value.code == "not_assistant_nurse"
    with pytest.raises(NamedContactRefused) as refused:
        appoint(small_county, person="gustav", staff="usk2", role="named_social_care_contact",
                by="hemtjanstchef", unit=small_county.units["home_care"])  # fmt: skip
    assert refused.value.code == "no_home_care"
    # Nursing-home residents: only when configuration offers it (a pending legal change).
    add_staff(small_county, "boendechef", "nursing_home", profession="nurse", role="unit_head")
    add_staff(small_county, "usk3", "nursing_home", profession="assistant_nurse")
    args = dict(person="berit", staff="usk3", role="named_social_care_contact", by="boendechef")
    with pytest.raises(NamedContactRefused):
        appoint(small_county, unit=small_county.units["nursing_home"], **args)
    settings.NAVET_SOCIAL_CARE_CONTACT_IN_NURSING_HOMES = True
    assert appoint(small_county, **args).contact.unit == small_county.units["nursing_home"]
    assert LivingSituation.objects.filter(person=small_county.persons["berit"]).exists()
    assert not HomeCare.objects.filter(person=small_county.persons["berit"]).exists()


def test_ending_a_named_contact_records_who_and_why_and_ends_the_relationship(small_county):
    elsa = small_county.persons["elsa"]
    contact = selectors.named_doctor(elsa, on=TODAY)
    with pytest.raises(NamedContactRefused):
        services.end_named_contact(actor=ACTOR, contact=contact, reason=" ", by=None)
    ended = services.end_named_contact(
        actor=ACTOR,
        contact=contact,
        reason="Läkaren slutar",
        by=small_county.staff["verksamhetschef"],
    )
    assert (ended.valid_to, ended.end_reason) == (TODAY, "Läkaren slutar")
    assert ended.ended_by == small_county.staff["verksamhetschef"]
    assert selectors.named_doctor(elsa, on=TODAY + timedelta(days=1)) is None
    relationship = CareRelationship.objects.get(
        source_type="residents.namedcontact", source_id=str(contact.pk)
    )
    assert relationship.ends_at == day_end(TODAY) + timedelta(days=30)
    again = services.end_named_contact(actor=ACTOR, contact=contact, reason="igen", by=None)
    assert again.end_reason == "Läkaren slutar"
    assert ended.history.count() >= 2  # django-simple-history keeps every version


def test_a_dead_person_gets_no_named_contact(small_county):
    with pytest.raises(NamedContactRefused) as refused:
        appoint(small_county, person="anders", by=None, valid_from=date(2025, 1, 1),
                unit=small_county.units["skiljebo"])  # fmt: skip
    assert refused.value.code == "deceased"
