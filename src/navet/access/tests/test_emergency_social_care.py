"""Emergency access and municipal social-care data (socialtjänstlagen, lag 2001:454, OSL 26):
with the default rules emergency access opens no social-care data — not through a block or a
missing consent, and not through the emergency relationship itself within the user's own care
provider — it is not offered when only such data are withheld, and step 1 does not reveal where
they are. A care provider that decides otherwise changes NAVET_ACCESS_CATEGORY_RULES."""

import pytest
from django.urls import reverse

from navet.access import emergency
from navet.access.audit import actor_for
from navet.access.errors import AccessError
from navet.access.gate import WithheldBecause, can_access
from navet.access.models import EmergencyAccess
from navet.access.tests.support import consent, key, open_emergency, relate, user
from navet.web.tests.html import text

pytestmark = pytest.mark.django_db

SOCIAL_EMERGENCY = {
    "health": {"consent_across_providers": True, "emergency_access": True},
    "social": {"consent_across_providers": True, "emergency_access": True},
}


def test_an_emergency_relationship_shows_no_social_care_data_of_the_own_provider(
    demo_users, small_county, settings
):
    """The municipal nurse (home health care, Västerås stad) has no relationship with Elsa, whose
    home care (social care) is run by the same municipality."""
    elsa, units = small_county.persons["elsa"], small_county.units
    open_emergency("kommunskoterska", elsa)
    decision = can_access(user("kommunskoterska"), elsa)
    assert decision.allowed and decision.emergency and decision.emergency_only
    assert decision.shows(units["home_health"])  # the nurse's own unit
    assert decision.shows(units["skiljebo"])  # health care of another provider: opened
    assert not decision.shows(units["home_care"])  # social care of the same provider: not
    [social] = [w for w in decision.withheld if w.category == "social"]
    assert social.because == WithheldBecause.NOT_BY_EMERGENCY
    assert not decision.emergency_would_open
    settings.NAVET_ACCESS_CATEGORY_RULES = SOCIAL_EMERGENCY
    assert can_access(user("kommunskoterska"), elsa).shows(units["home_care"])


def test_a_real_relationship_still_shows_the_own_providers_social_care_data(
    demo_users, small_county
):
    elsa, units = small_county.persons["elsa"], small_county.units
    relate(elsa, units["home_health"], kind="manual")
    decision = can_access(user("kommunskoterska"), elsa)
    assert not decision.emergency_only and decision.shows(units["home_care"])


def test_emergency_access_is_not_offered_for_social_care_data_alone(
    client_as, small_county, settings
):
    elsa, units = small_county.persons["elsa"], small_county.units
    providers = small_county.providers
    relate(elsa, units["ward"], kind="admission")
    consent(elsa, providers["region"], disclosing=providers["city"])  # all but the municipality's
    nurse = user("avdelningsskoterska")
    decision = can_access(nurse, elsa)
    assert [(w.category, w.because) for w in decision.withheld] == [
        ("social", WithheldBecause.NO_CONSENT)
    ]
    assert not emergency.needs_emergency(decision)
    with pytest.raises(AccessError, match="Du ser redan allt"):
        open_emergency("avdelningsskoterska", elsa)
    client = client_as("avdelningsskoterska")
    page = client.get(reverse("web:resident_detail", args=[elsa.pk])).content.decode()
    assert "Uppgifter hos andra vårdgivare: personens samtycke saknas" in text(page, "main")
    assert reverse("access:emergency_start", args=[elsa.pk]) not in page
    settings.NAVET_ACCESS_CATEGORY_RULES = SOCIAL_EMERGENCY
    assert emergency.needs_emergency(can_access(nurse, elsa))


def test_step_one_does_not_reveal_where_social_care_data_are(demo_users, small_county, settings):
    elsa = small_county.persons["elsa"]
    nurse = user("avdelningsskoterska")  # no relationship with Elsa
    emergency.reveal(
        actor=actor_for(nurse), user=nurse, person=elsa, key=key(), reason="urgent_care",
        text="Medvetslös på akuten, behöver läkemedelslistan",
    )  # fmt: skip
    assert EmergencyAccess.objects.count() == 1
    names = {location.unit_name for location in emergency.where(user=nurse, person=elsa)}
    assert "Vårdcentralen Skiljebo" in names and "Citykliniken" in names
    assert "Hemtjänst Västerås centrum" not in names
    settings.NAVET_ACCESS_CATEGORY_RULES = SOCIAL_EMERGENCY
    names = {location.unit_name for location in emergency.where(user=nurse, person=elsa)}
    assert "Hemtjänst Västerås centrum" in names


def test_the_overview_says_emergency_access_does_not_cover_some_data(client_as, small_county):
    elsa = small_county.persons["elsa"]
    open_emergency("kommunskoterska", elsa)
    page = client_as("kommunskoterska").get(reverse("web:resident_detail", args=[elsa.pk]))
    main = text(page.content, "main")
    assert "Uppgifter som nödåtkomsten inte omfattar" in main
    assert "Hemtjänst Västerås centrum" not in main
