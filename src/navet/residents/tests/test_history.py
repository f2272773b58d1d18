"""A person's past must be answerable: the municipality on a past date, and who changed what."""

from datetime import date

from navet.residents.models import Person, Residence
from navet.residents.selectors import municipality_on


def test_municipality_follows_the_registered_address_over_time(small_county):
    elsa = small_county.persons["elsa"]

    assert municipality_on(elsa, date(2005, 6, 1)).name == "Sala"
    assert municipality_on(elsa, date(2011, 12, 31)).name == "Sala"
    assert municipality_on(elsa, date(2012, 1, 1)).name == "Västerås"
    assert municipality_on(elsa, date(1980, 1, 1)) is None


def test_changes_to_a_person_keep_who_when_and_what(small_county, django_user_model):
    editor = django_user_model.objects.create_user("redigerare")
    person = Person.objects.get(pk=small_county.persons["elsa"].pk)
    old_name = person.family_name

    person.family_name = "Nyström"
    person._history_user = editor
    person.save()

    latest, previous = person.history.order_by("-history_date")[:2]
    assert latest.family_name == "Nyström"
    assert latest.history_user == editor
    assert latest.diff_against(previous).changed_fields == ["family_name"]
    assert previous.family_name == old_name


def test_a_move_is_kept_as_history_of_the_residence(small_county):
    elsa = small_county.persons["elsa"]
    current = Residence.objects.get(person=elsa, valid_to__isnull=True)

    current.valid_to = date(2024, 3, 31)
    current.save()

    assert current.history.latest("history_date").valid_to == date(2024, 3, 31)
    assert current.history.earliest("history_date").valid_to is None
    assert municipality_on(elsa, date(2024, 4, 1)) is None
    assert municipality_on(elsa, date(2024, 3, 31)).name == "Västerås"
