"""Care relationships: the API other apps call, the records that open them, the backfill."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command

from navet.access.models import CareRelationship
from navet.access.relationships import close_relationship, day_end, day_start, open_relationship
from navet.residents.models import HomeCare, Listing, NamedContact

pytestmark = pytest.mark.django_db


def test_opening_twice_for_the_same_event_returns_the_first(small_county):
    gustav, ward = small_county.persons["gustav"], small_county.units["ward"]
    kwargs = dict(
        person=gustav, unit=ward, kind="admission", source_type="transitions.episode", source_id=7
    )
    first = open_relationship(**kwargs)
    again = open_relationship(**kwargs, reason="a second click")
    assert again.pk == first.pk
    assert CareRelationship.objects.filter(kind="admission").count() == 1


def test_a_relationship_without_an_event_needs_a_key(small_county):
    with pytest.raises(ValueError, match="idempotency key"):
        open_relationship(
            person=small_county.persons["gustav"], unit=small_county.units["ward"], kind="manual"
        )


def test_closing_ends_after_the_grace_period_and_is_idempotent(small_county, settings):
    settings.NAVET_RELATIONSHIP_GRACE_DAYS = {"admission": 14, "default": 30}
    gustav, ward = small_county.persons["gustav"], small_county.units["ward"]
    open_relationship(
        person=gustav, unit=ward, kind="admission", source_type="transitions.episode", source_id=7
    )
    ended = day_start(date.today() + timedelta(days=3))
    args = dict(kind="admission", source_type="transitions.episode", source_id=7, ended_at=ended)
    assert close_relationship(**args) == 1
    assert close_relationship(**args) == 0
    relationship = CareRelationship.objects.get(kind="admission")
    assert relationship.ends_at == ended + timedelta(days=14)


def test_records_open_relationships_when_saved(small_county):
    elsa, units = small_county.persons["elsa"], small_county.units
    rows = CareRelationship.objects.filter(person=elsa)
    assert {(r.kind, r.unit.name, r.staff_id is not None) for r in rows} == {
        ("listing", "Citykliniken", False),
        ("listing", "Vårdcentralen Skiljebo", False),
        ("named_contact", "Citykliniken", True),
        ("named_contact", "Vårdcentralen Skiljebo", True),
        ("named_contact", "Hemtjänst Västerås centrum", True),
        ("home_care", "Hemtjänst Västerås centrum", False),
    }
    city = rows.get(kind="listing", unit=units["city"])
    assert city.starts_at == day_start(date(2012, 1, 1))
    assert city.event_ended_at == day_end(date(2019, 2, 28))
    assert city.ends_at == day_end(date(2019, 2, 28)) + timedelta(days=30)
    assert rows.get(kind="listing", unit=units["skiljebo"]).ends_at is None


def test_ending_a_record_ends_its_relationship_and_deleting_ends_it_now(small_county):
    elsa = small_county.persons["elsa"]
    decision = HomeCare.objects.get(person=elsa)
    decision.valid_to = date(2026, 2, 28)
    decision.save()
    relationship = CareRelationship.objects.get(kind="home_care", person=elsa)
    assert relationship.ends_at == day_end(date(2026, 2, 28)) + timedelta(days=30)
    listing = Listing.objects.get(person=elsa, valid_to__isnull=True)
    listing_id = listing.pk
    listing.delete()
    ended = CareRelationship.objects.get(source_id=str(listing_id), kind="listing")
    assert ended.ends_at is not None and ended.ends_at == ended.event_ended_at  # no grace


def test_the_backfill_opens_what_bulk_loads_skipped_and_is_idempotent(small_county):
    gustav, units = small_county.persons["gustav"], small_county.units
    staff = small_county.staff["vasby_nurse"]
    NamedContact.objects.bulk_create(
        [
            NamedContact(
                person=gustav,
                role="named_care_contact",
                staff=staff,
                unit=units["vasby"],
                valid_from=date(2024, 1, 1),
            )
        ]
    )
    before = CareRelationship.objects.count()
    call_command("sync_relationships", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert CareRelationship.objects.count() == before + 1
    assert CareRelationship.objects.filter(person=gustav, staff=staff).exists()
    call_command("sync_relationships", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert CareRelationship.objects.count() == before + 1
