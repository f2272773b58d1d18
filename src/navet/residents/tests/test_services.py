from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from navet.residents.services import (
    MAX_QUERY_LENGTH,
    QueryKind,
    age_in_years,
    parse_person_query,
    person_age,
)

TODAY = date(2026, 3, 1)
NUMBER = "194601136098"  # from Skatteverket's test series (shared/data/test_identity_numbers.csv)


@pytest.mark.parametrize(
    "text",
    [NUMBER, "19460113-6098", "4601136098", "460113-6098", " 460113 6098 ", "19460113 - 6098"],
)
def test_identity_number_forms_normalise_to_twelve_digits(text):
    query = parse_person_query(text, reference_date=TODAY)
    assert query.kind is QueryKind.IDENTIFIER
    assert query.identifier == NUMBER


def test_reserve_number():
    query = parse_person_query("19450312-r0042", reference_date=TODAY)
    assert query.kind is QueryKind.IDENTIFIER
    assert query.identifier == "19450312R0042"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("19460113-6097", "fel kontrollsiffra"),
        ("4601136", "fel antal siffror"),
        ("19461313-6098", "ogiltigt datum"),
        ("berg2", "innehåller otillåtna tecken"),
    ],
)
def test_invalid_numbers_carry_the_swedish_reason(text, message):
    query = parse_person_query(text, reference_date=TODAY)
    assert query.kind is QueryKind.INVALID
    assert query.error == message


@pytest.mark.parametrize("text", [None, "", "   ", "\t\n"])
def test_empty(text):
    assert parse_person_query(text).kind is QueryKind.EMPTY


def test_names_are_split_into_words():
    query = parse_person_query("  Karin   af  Klint ")
    assert query.kind is QueryKind.NAME
    assert query.text == "Karin af Klint"
    assert query.name_terms == ("Karin", "af", "Klint")


def test_long_text_is_cut():
    assert len(parse_person_query("a" * 1000).text) == MAX_QUERY_LENGTH


@given(st.text(max_size=200))
def test_any_text_is_understood_without_raising(text):
    query = parse_person_query(text, reference_date=TODAY)
    assert query.kind in QueryKind
    if query.kind is QueryKind.INVALID:
        assert query.error


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (date(1946, 1, 13), date(2026, 1, 12), 79),
        (date(1946, 1, 13), date(2026, 1, 13), 80),
        (date(2000, 2, 29), date(2026, 2, 28), 25),
        (date(2000, 2, 29), date(2026, 3, 1), 26),
        (date(2026, 3, 1), date(2026, 3, 1), 0),
    ],
)
def test_age_in_years(born, on, age):
    assert age_in_years(born, on) == age


@given(st.dates(min_value=date(1800, 1, 1), max_value=date(2100, 1, 1)), st.dates())
def test_age_is_never_negative_and_grows_by_one_a_year(born, on):
    age = age_in_years(born, on)
    assert age >= 0
    if on >= born and on.year < 9999:
        try:
            next_year = on.replace(year=on.year + 1)
        except ValueError:  # 29 February
            return
        assert age_in_years(born, next_year) == age + 1


class _Person:
    def __init__(self, birth_date, death_date=None):
        self.birth_date, self.death_date = birth_date, death_date


def test_person_age_stops_at_death():
    assert person_age(_Person(date(1931, 6, 1), date(2024, 5, 1)), date(2026, 1, 1)) == 92
    assert person_age(_Person(date(1931, 6, 1)), date(2026, 1, 1)) == 94
