"""`lock_row`: one row locked for a change only one user may make (the apps' concurrency tests
show the winner and the loser on PostgreSQL)."""

import pytest

from navet.residents.models import Person
from navet.web.locking import lock_row

pytestmark = pytest.mark.django_db


def test_the_matching_row_is_returned(small_county):
    elsa = small_county.persons["elsa"]
    assert lock_row(Person.objects, pk=elsa.pk, given_name=elsa.given_name) == elsa


def test_no_matching_row_raises_the_given_error_or_does_not_exist(small_county):
    elsa = small_county.persons["elsa"]
    missing = ValueError("Personen finns inte.")
    with pytest.raises(ValueError) as refused:
        lock_row(Person.objects, pk=elsa.pk, given_name="Någon annan", missing=missing)
    assert refused.value is missing
    with pytest.raises(Person.DoesNotExist):
        lock_row(Person.objects, pk=elsa.pk, given_name="Någon annan")


def test_a_nullable_join_is_allowed_because_only_the_row_itself_is_locked(small_county):
    # Person.user is nullable: a plain FOR UPDATE over the outer join is refused on PostgreSQL.
    elsa = small_county.persons["elsa"]
    locked = lock_row(Person.objects.select_related("user"), pk=elsa.pk)
    assert locked == elsa and locked.user == elsa.user
