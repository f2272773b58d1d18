from datetime import date
from decimal import Decimal

import pytest

from navet.residents import selectors
from navet.residents.models import Listing
from navet.residents.services import parse_person_query

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 1)


def SHOW_ALL(unit):
    return True


def found(text: str, on: date = TODAY) -> list[str]:
    query = parse_person_query(text, reference_date=on)
    return [p.given_name for p in selectors.search_persons(query, on=on)]


def test_search_by_number_annotates_current_places(small_county):
    elsa = small_county.persons["elsa"]
    [person] = selectors.search_persons(parse_person_query(elsa.identifier), on=TODAY)
    assert person == elsa
    assert person.municipality_name == "Västerås"
    assert person.health_centre_name == "Vårdcentralen Skiljebo"


def test_current_places_follow_the_day(small_county):
    elsa = small_county.persons["elsa"]
    [then] = selectors.search_persons(parse_person_query(elsa.identifier), on=date(2015, 6, 1))
    assert then.municipality_name == "Västerås"
    assert then.health_centre_name == "Citykliniken"
    [earlier] = selectors.search_persons(parse_person_query(elsa.identifier), on=date(2005, 1, 1))
    assert earlier.municipality_name == "Sala"
    assert earlier.health_centre_name is None


def test_empty_and_invalid_queries_find_nobody(small_county):
    assert found("") == []
    assert found("12345") == []


def test_name_search(small_county):
    assert found("berg") == ["Gustav"]
    assert found("Å") == ["Berit"]
    assert found("ÅBERG") == ["Berit"]
    assert found("leo nils") == ["Leo"]
    assert found("nils leo") == []
    assert found("o") == ["Tomas"]  # Okänd


def test_double_family_names_match_as_a_whole(small_county, identity_numbers):
    from navet.residents.models import Person

    Person.objects.create(
        identifier=identity_numbers(year=1950, sex="F"),
        identifier_kind="personnummer",
        given_name="Karin",
        family_name="af Klint",
        sex="F",
        birth_date=date(1950, 1, 1),
    )
    assert found("af klint") == ["Karin"]
    assert found("karin af klint") == ["Karin"]
    assert found("klint") == []


def test_results_are_ordered_by_name(small_county):
    query = parse_person_query("s")
    assert [p.family_name for p in selectors.search_persons(query, on=TODAY)] == ["Svensson"]
    names = [
        p.family_name
        for p in selectors.with_current_places(selectors.Person.objects.all(), on=TODAY).order_by(
            "family_name"
        )
    ]
    assert names == sorted(names)


def test_overview_hides_the_address_of_a_protected_person(small_county):
    overview = selectors.person_overview(small_county.persons["maria"], on=TODAY, visible=SHOW_ALL)
    assert overview.address_protected
    assert overview.residence is None
    assert overview.contacts.current_listing.unit.name == "Vårdcentralen Skiljebo"


def test_overview_of_elsa(small_county):
    overview = selectors.person_overview(small_county.persons["elsa"], on=TODAY, visible=SHOW_ALL)
    assert overview.age == 88
    assert overview.residence.street_address == "Storgatan 12"
    assert overview.living_situation.kind == "own_home"
    assert [h.hours_per_month for h in overview.home_care] == [30]
    assert [r.name for r in overview.relatives] == ["Anna Lindqvist"]
    contacts = overview.contacts
    assert contacts.current_listing.unit.name == "Vårdcentralen Skiljebo"
    assert [x.unit.name for x in contacts.other_listings] == ["Citykliniken"]
    assert sorted(c.staff.family_name for c in contacts.current_contacts) == ["Ali", "Ek", "Holm"]
    assert [c.staff.family_name for c in contacts.other_contacts] == ["Ahl"]


def test_records_of_units_the_gate_refuses_never_leave_the_selector(small_county):
    city, home_care = small_county.units["city"], small_county.units["home_care"]
    overview = selectors.person_overview(
        small_county.persons["elsa"], on=TODAY, visible=lambda unit: unit not in (city, home_care)
    )
    assert overview.home_care == []
    assert overview.contacts.other_listings == []
    assert overview.contacts.other_contacts == []  # the named doctor at Citykliniken
    assert sorted(c.staff.family_name for c in overview.contacts.current_contacts) == ["Ek", "Holm"]


def test_guardians_come_first(small_county, identity_numbers):
    from navet.residents.models import Relative

    leo = small_county.persons["leo"]
    Relative.objects.create(
        person=leo, name="Astrid Moster", relation="other", valid_from=date(2020, 1, 1)
    )
    overview = selectors.person_overview(leo, on=TODAY, visible=SHOW_ALL)
    assert [r.is_guardian for r in overview.relatives] == [True, True, False]


def test_a_coming_listing_is_not_current(small_county):
    gustav = small_county.persons["gustav"]
    Listing.objects.filter(person=gustav).update(valid_to=date(2026, 3, 31))
    Listing.objects.create(
        person=gustav, unit=small_county.units["skiljebo"], valid_from=date(2026, 4, 1)
    )
    contacts = selectors.listing_and_contacts(gustav, on=TODAY, visible=SHOW_ALL)
    assert contacts.current_listing.unit.name == "Vårdcentralen Väsby"
    assert [x.unit.name for x in contacts.other_listings] == ["Vårdcentralen Skiljebo"]


def test_unit_facts(small_county):
    facts = selectors.unit_facts(small_county.units["skiljebo"], on=TODAY)
    assert facts.listed_persons == 3
    assert len(facts.assignments) == 4
    assert facts.total_fte == Decimal("3.8")
    assert selectors.unit_facts(small_county.units["skiljebo"], on=date(2015, 1, 1)).total_fte == 0


def test_county_facts(small_county):
    facts = selectors.county_facts(small_county.county, on=TODAY)
    by_name = {m.name: m for m in facts.municipalities}
    assert (by_name["Västerås"].residents, by_name["Västerås"].listed) == (4, 3)
    assert (by_name["Sala"].residents, by_name["Sala"].listed) == (2, 2)
    assert by_name["Västerås"].health_centres == 2
    assert facts.residents == 6
    assert facts.listed_share == pytest.approx(5 / 6)
    assert {c.unit.name: c.listed for c in facts.health_centres} == {
        "Vårdcentralen Skiljebo": 3,
        "Citykliniken": 0,
        "Vårdcentralen Väsby": 2,
    }


def test_county_facts_on_an_earlier_day_count_the_living_then(small_county):
    facts = selectors.county_facts(small_county.county, on=date(2020, 1, 1))
    by_name = {m.name: m for m in facts.municipalities}
    # Anders was alive and listed; Ahmed had not moved in yet.
    assert (by_name["Västerås"].residents, by_name["Västerås"].listed) == (4, 4)
    assert {c.unit.name: c.listed for c in facts.health_centres}["Vårdcentralen Skiljebo"] == 4


def test_empty_county_has_no_share(db):
    from navet.organisation.models import County

    facts = selectors.county_facts(County.objects.create(code="22", name="Test"), on=TODAY)
    assert facts.residents == 0
    assert facts.listed_share is None
