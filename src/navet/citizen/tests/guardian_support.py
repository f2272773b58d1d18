"""Leo's guardian Sara Nilsson as a person with a resident login, and Leo's finalised SIP, for
the guardian tests (unit and browser)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import Group, User
from django.utils import timezone

from navet.access.audit import actor_for
from navet.identifiers import parse_identity_number
from navet.plans import services
from navet.plans.tests.support import complete_content, consent_both_ways, key, start, user
from navet.residents.models import Person, Relative

GUARDIAN_PASSWORD = "vardnadshavare-test-lösen"


def link_guardian(small_county, identity_numbers) -> Person:
    """Sara Nilsson as a person, registered as Leo's guardian (the relative row points at her,
    as the population register's guardian data would); no login yet."""
    number = parse_identity_number(identity_numbers(year=1986, sex="F"))
    sara = Person.objects.create(
        identifier=number.normalised,
        identifier_kind="personnummer",
        given_name="Sara",
        family_name="Nilsson",
        sex="F",
        birth_date=number.birth_date,
    )
    Relative.objects.filter(person=small_county.persons["leo"], name="Sara Nilsson").update(
        related_person=sara
    )
    return sara


def make_guardian(small_county, identity_numbers, *, username="sara") -> User:
    """Sara Nilsson, Leo's guardian, with a resident login."""
    sara = link_guardian(small_county, identity_numbers)
    login = User.objects.create_user(username, first_name="Sara", last_name="Nilsson")
    login.set_password(GUARDIAN_PASSWORD)
    login.save()
    login.groups.set([Group.objects.get_or_create(name=n)[0] for n in ("resident", "otp_optional")])
    sara.user = login
    sara.save(update_fields=["user"])
    return login


LEO_CONTENT = {
    "what_matters": "Att få vara med kompisarna på rasten.",
    "others_measures": "Skolan ordnar en lugn plats i klassrummet.",
    "own_actions": "Leo och pappa övar läsning varje kväll.",
    "contacts": "Elevhälsan: skolsköterskan Kim Ek.",
}


def leos_finalised_plan(small_county):
    """Leo's SIP: consent by the guardians with Leo's own view, content, finalised, and a
    video meeting next week."""
    plan = start(small_county.persons["leo"])
    consent_both_ways(
        plan,
        small_county,
        given_by="guardian",
        guardian_name="Sara Nilsson",
        child_view="Leo vill att skolan är med.",
    )
    u = user("kommunskoterska")
    services.save_version(
        actor=actor_for(u),
        user=u,
        plan=plan,
        base_version=0,
        data={**complete_content(small_county), **LEO_CONTENT},
        key=key(),
    )
    plan = services.finalise(actor=actor_for(u), user=u, plan=plan)
    services.schedule_meeting(
        actor=actor_for(u),
        user=u,
        plan=plan,
        key=key(),
        mode="video",
        starts_at=timezone.now() + timedelta(days=7),
    )
    return plan


def withhold(plan, **kwargs):
    u = user("kommunskoterska")
    return services.record_secrecy_decision(
        actor=actor_for(u), user=u, plan=plan, withheld="Beskrivning", reason="Mogen nog", **kwargs
    )
