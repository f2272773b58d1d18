"""Listing: one at a time, history, how it came about, the change limit, caps and the waiting
list, county moves, and the care relationships and audit rows that come with them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from navet.access.models import AuditEvent, CareRelationship
from navet.listing import selectors, services
from navet.listing.errors import CapReached, ListingRefused, NotAuthorised
from navet.listing.models import WaitingStatus
from navet.listing.tests.support import ACTOR, key
from navet.organisation.models import County, Municipality
from navet.residents.models import Listing, Residence

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def change(county, person="elsa", unit="vasby", by="vasby_doctor", **kw):
    return services.change_listing(
        actor=ACTOR,
        person=county.persons[person],
        unit=county.units[unit],
        by=county.staff[by] if by else None,
        key=kw.pop("key", None) or key(),
        **kw,
    )


def test_a_change_ends_the_old_listing_and_its_named_doctor(small_county):
    elsa = small_county.persons["elsa"]
    result = change(small_county)
    assert result.created
    listing = result.listing
    assert (listing.unit.name, listing.valid_from, listing.origin) == (
        "Vårdcentralen Väsby",
        TODAY,
        "active_choice",
    )
    assert listing.registered_by == small_county.staff["vasby_doctor"]
    old = Listing.objects.get(pk=result.ended.pk)
    assert (old.valid_to, old.end_reason) == (TODAY - timedelta(days=1), "changed")
    assert [c.staff.given_name for c in result.ended_contacts] == ["Per"]
    assert selectors.named_doctor(elsa, on=TODAY) is None
    assert selectors.current_listing(elsa, on=TODAY) == listing
    assert Listing.objects.filter(person=elsa).count() == 3  # the history is kept
    assert CareRelationship.objects.filter(
        source_type="residents.listing", source_id=str(listing.pk), ends_at__isnull=True
    ).exists()
    assert AuditEvent.objects.filter(
        person_id=elsa.pk, object_type="listing", action="create"
    ).exists()


def test_listing_at_the_same_unit_again_changes_nothing_and_keys_replay(small_county):
    again = change(small_county, unit="skiljebo", by="allmanlakare")
    assert not again.created and again.listing.unit == small_county.units["skiljebo"]
    first = change(small_county, key="k1")
    replay = change(small_county, key="k1")
    assert first.created and not replay.created and replay.listing == first.listing


def test_only_health_centres_open_on_the_day(small_county):
    with pytest.raises(ListingRefused) as refused:
        change(small_county, unit="ward", by=None)
    assert refused.value.code == "not_health_centre"
    vasby = small_county.units["vasby"]
    vasby.active_to = TODAY - timedelta(days=1)
    vasby.save()
    with pytest.raises(ListingRefused) as refused:
        change(small_county, by=None)
    assert refused.value.code == "unit_inactive"


def test_the_receiving_unit_registers_the_listing(small_county):
    with pytest.raises(NotAuthorised):
        change(small_county, by="allmanlakare")


def test_history_cannot_be_rewritten(small_county):
    with pytest.raises(ListingRefused) as refused:
        change(small_county, valid_from=date(2019, 3, 1), by=None)
    assert refused.value.code == "before_current"
    change(small_county, valid_from=TODAY + timedelta(days=10), by=None)
    with pytest.raises(ListingRefused) as refused:
        change(small_county, unit="city", valid_from=TODAY, by=None)
    assert refused.value.code == "later_listing"


def test_at_most_two_changes_in_twelve_months(small_county, settings):
    d1, d2 = TODAY - timedelta(days=300), TODAY - timedelta(days=100)
    change(small_county, unit="vasby", valid_from=d1, by=None)
    change(small_county, unit="city", valid_from=d2, by=None)
    with pytest.raises(ListingRefused) as refused:
        change(small_county, unit="skiljebo", by=None)
    assert refused.value.code == "change_limit"
    possible = d1 + timedelta(days=365)
    assert f"({d1.isoformat()} och {d2.isoformat()})" in refused.value.message
    assert f"nästa byte kan gälla från {possible.isoformat()}" in refused.value.message
    assert selectors.next_change_possible(small_county.persons["elsa"], on=TODAY) == possible
    # From that day it is allowed; automatic listing is never the person's change.
    assert change(small_county, unit="skiljebo", origin="automatic", by=None).created
    settings.NAVET_LISTING_CHANGES_PER_YEAR = 5
    assert change(small_county, unit="vasby", valid_from=TODAY + timedelta(days=1), by=None).created


def test_the_limit_is_lifted_on_the_day_the_oldest_change_leaves_the_window(small_county):
    d1, d2 = TODAY - timedelta(days=364), TODAY - timedelta(days=10)
    change(small_county, unit="vasby", valid_from=d1, by=None)
    change(small_county, unit="city", valid_from=d2, by=None)
    with pytest.raises(ListingRefused):
        change(small_county, unit="skiljebo", by=None)
    assert change(
        small_county, unit="skiljebo", valid_from=TODAY + timedelta(days=1), by=None
    ).created


def test_a_first_listing_is_not_a_change(small_county):
    ahmed = small_county.persons["ahmed"]  # never listed
    result = services.change_listing(
        actor=ACTOR, person=ahmed, unit=small_county.units["city"], key=key(), by=None
    )
    assert result.created and result.ended is None
    assert selectors.counted_changes(ahmed, on=TODAY) == []


def test_the_cap_sends_people_to_the_waiting_list_in_order(small_county):
    vasby = small_county.units["vasby"]
    head = small_county.staff["vasby_doctor"]
    listed = selectors.listed_count(vasby, on=TODAY)
    assert listed == 2  # Gustav and Berit
    services.set_listing_cap(actor=ACTOR, unit=vasby, cap=2, by=None)
    with pytest.raises(CapReached) as refused:
        change(small_county, person="elsa")
    assert "listningstak (2 listade)" in refused.value.message
    elsa, ahmed = small_county.persons["elsa"], small_county.persons["ahmed"]
    first = services.join_waiting_list(actor=ACTOR, person=elsa, unit=vasby, key=key(), by=head)
    services.join_waiting_list(actor=ACTOR, person=ahmed, unit=vasby, key=key(), by=head)
    assert (
        services.join_waiting_list(actor=ACTOR, person=elsa, unit=vasby, key=key(), by=head)
        == first
    )
    assert [e.person for e in selectors.waiting_list(vasby)] == [elsa, ahmed]
    assert services.admit_from_waiting_list(actor=ACTOR, unit=vasby, by=head).listed == []
    services.set_listing_cap(actor=ACTOR, unit=vasby, cap=3, by=None)
    result = services.admit_from_waiting_list(actor=ACTOR, unit=vasby, by=head)
    assert [r.listing.person for r in result.listed] == [elsa]
    first.refresh_from_db()
    assert first.status == WaitingStatus.LISTED
    assert [e.person for e in selectors.waiting_list(vasby)] == [ahmed]
    services.set_listing_cap(actor=ACTOR, unit=vasby, cap=None, by=None)
    assert selectors.has_capacity(vasby, on=TODAY)


def test_only_the_unit_head_sets_the_cap(small_county):
    skiljebo = small_county.units["skiljebo"]
    with pytest.raises(NotAuthorised):
        services.set_listing_cap(
            actor=ACTOR, unit=skiljebo, cap=5, by=small_county.staff["allmanlakare"]
        )
    services.set_listing_cap(
        actor=ACTOR, unit=skiljebo, cap=5, by=small_county.staff["verksamhetschef"]
    )
    skiljebo.refresh_from_db()
    assert skiljebo.listing_cap == 5
    assert AuditEvent.objects.filter(object_type="careunit", object_id=str(skiljebo.pk)).exists()


def test_ending_a_listing_on_a_move_out_of_the_county(small_county):
    elsa = small_county.persons["elsa"]
    stockholm = County.objects.create(code="01", name="Stockholms län")
    solna = Municipality.objects.create(code="0184", name="Solna", county=stockholm)
    moved = TODAY - timedelta(days=20)
    Residence.objects.filter(person=elsa, valid_to__isnull=True).update(
        valid_to=moved - timedelta(days=1)
    )
    Residence.objects.create(
        person=elsa, municipality=solna, street_address="Solnavägen 1", postal_code="171 64",
        city="Solna", valid_from=moved,
    )  # fmt: skip
    [move] = selectors.county_moves(elsa)
    assert (move.day, move.from_county, move.to_county) == (
        moved,
        "Västmanlands län",
        "Stockholms län",
    )
    skiljebo = small_county.units["skiljebo"]
    assert list(selectors.listed_elsewhere_registered(skiljebo, on=TODAY)) == [elsa]
    listing = selectors.current_listing(elsa, on=TODAY)
    services.end_listing(
        actor=ACTOR, listing=listing, valid_to=moved, reason="moved_out_of_county", by=None
    )
    listing.refresh_from_db()
    assert (listing.valid_to, listing.get_end_reason_display()) == (moved, "Flyttade från länet")
    assert selectors.named_doctor(elsa, on=TODAY) is None
    assert list(selectors.listed_elsewhere_registered(skiljebo, on=TODAY)) == []
