"""Writes: listing, waiting lists, listing caps, named contacts and the life-threatening flag.

The public API of the listing app for views, the import, and issue 5's capacity, proposals and
choice. Plain functions with keyword-only arguments. Each is one transaction that

1. replays: a `key` seen before returns the first result (a double click changes nothing);
2. locks the person's row (`SELECT … FOR UPDATE`), so two writes about one person are serialised
   and the rules are checked against what is really there;
3. checks the rules (`rules.py`) and raises a `ListingError` subclass with a Swedish message;
4. writes the record, brings its care relationship in line through the Trust API
   (`access.services.sync_record`: opening on appointment or listing, ending with the record),
   and writes the audit row (`access.services.record`) in the same transaction.

`actor` is the audit actor (`access.services.actor_for(user, request)` in a view,
`system_actor("…")` in a command); `by` is the acting member of staff (None for the system,
which skips the authority check).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from navet.access.services import Actor, Purpose, record, sync_record
from navet.listing import rules, selectors
from navet.listing.errors import (
    CapReached,
    ListingRefused,
    NamedContactRefused,
    NotAuthorised,
)
from navet.listing.models import LifeThreateningCondition, WaitingListEntry, WaitingStatus
from navet.organisation.models import CareUnit, Staff, UnitKind
from navet.residents.models import (
    Listing,
    ListingEndReason,
    ListingOrigin,
    NamedContact,
    NamedContactRole,
    Person,
)

CREATE, CHANGE = "create", "change"


def _lock(person: Person) -> Person:
    return Person.objects.select_for_update().get(pk=person.pk)


def _audit(actor: Actor, action: str, person_id: int, obj, detail: str) -> None:
    record(
        actor,
        action=action,
        person_id=person_id,
        object_type=obj._meta.model_name,
        object_id=obj.pk,
        purpose=Purpose.CARE,
        detail=detail,
    )


def _today(day: date | None) -> date:
    return day or timezone.localdate()


# --- Listing ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ListingResult:
    listing: Listing
    created: bool  # False: replayed, or the person was already listed there
    ended: Listing | None = None  # the listing this one replaced
    ended_contacts: list[NamedContact] = field(default_factory=list)


def check_listing(
    *, person: Person, unit: CareUnit, on: date, origin: str, enforce_limits: bool = True
) -> None:
    """Raise ListingRefused (or CapReached) if `person` may not be listed at `unit` from `on`.

    Always: a health centre that is open on `on`, a living person born by then, and no rewriting
    of history (not before the current listing began, no listing already planned after `on`).
    With `enforce_limits`: at most N changes in the rolling window (automatic listings exempt)
    and the unit's listing cap.
    """
    if unit.kind != UnitKind.HEALTH_CENTRE:
        raise ListingRefused(
            f"{unit.name} är inte en vårdcentral. Man listar sig bara på vårdcentraler.",
            "not_health_centre",
        )
    if (unit.active_from and unit.active_from > on) or (unit.active_to and unit.active_to < on):
        raise ListingRefused(f"{unit.name} är inte öppen {on.isoformat()}.", "unit_inactive")
    if person.birth_date > on:
        raise ListingRefused(
            f"Personen är född {person.birth_date.isoformat()}, efter {on.isoformat()}.",
            "before_birth",
        )
    if person.death_date is not None and person.death_date < on:
        raise ListingRefused(f"Personen avled {person.death_date.isoformat()}.", "deceased")
    # The messages never name another unit: the user may not be allowed to see it.
    later = Listing.objects.filter(person=person, valid_from__gt=on).order_by("valid_from").first()
    if later is not None:
        raise ListingRefused(
            f"Personen har redan en listning som börjar {later.valid_from.isoformat()}. "
            "Ändra inte historiken: registrera bytet från ett senare datum.",
            "later_listing",
        )
    current = selectors.current_listing(person, on=on)
    if current is not None and current.unit_id == unit.pk:
        return
    if current is not None and current.valid_from >= on:
        raise ListingRefused(
            f"Personens nuvarande listning började {current.valid_from.isoformat()}. "
            "Ett byte måste gälla från en senare dag.",
            "before_current",
        )
    if not enforce_limits:
        return
    if current is not None and origin != ListingOrigin.AUTOMATIC:
        possible = selectors.next_change_possible(person, on=on)
        if possible is not None:
            changes = selectors.counted_changes(person, on=on)
            dates = " och ".join(c.valid_from.isoformat() for c in changes)
            raise ListingRefused(
                f"Personen har redan bytt vårdcentral {len(changes)} gånger de senaste "
                f"12 månaderna ({dates}). Högst {len(changes)} byten per 12 månader är tillåtna; "
                f"nästa byte kan gälla från {possible.isoformat()}.",
                "change_limit",
            )
    if not selectors.has_capacity(unit, on=on):
        raise CapReached(
            f"{unit.name} har nått sitt listningstak ({unit.listing_cap} listade). "
            "Personen kan ställas i kö på väntelistan.",
            unit,
        )


def _end_named_doctor_with_listing(
    actor: Actor, listing: Listing, valid_to: date, by: Staff | None, why: str
) -> list[NamedContact]:
    """A named doctor belongs to the listing unit: when the listing ends, so does the contact."""
    ended = []
    for contact in NamedContact.objects.filter(
        person_id=listing.person_id,
        unit_id=listing.unit_id,
        role=NamedContactRole.NAMED_DOCTOR,
        valid_from__lte=valid_to,
    ).exclude(valid_to__lte=valid_to):
        _end(actor, contact, valid_to=valid_to, by=by, reason=why)
        ended.append(contact)
    return ended


@transaction.atomic
def change_listing(
    *,
    actor: Actor,
    person: Person,
    unit: CareUnit,
    valid_from: date | None = None,
    origin: str = ListingOrigin.ACTIVE_CHOICE,
    key: str,
    by: Staff | None,
    enforce_limits: bool = True,
) -> ListingResult:
    """List `person` at `unit` from `valid_from` (today): the first listing, or a change that ends
    the current listing the day before (and the named doctor there with it).

    Refused (ListingRefused / CapReached) as `check_listing` says. Listing someone already listed
    at `unit` changes nothing. `by` must serve `unit` (the receiving health centre registers the
    listing) unless it is None (the system: imports, automatic listing).
    """
    replay = Listing.objects.filter(key=key).first()
    if replay is not None:
        return ListingResult(replay, created=False)
    on = _today(valid_from)
    person = _lock(person)
    # Then the unit: listings at one unit are serialised, so its cap holds (person first, unit
    # second, everywhere: no deadlocks).
    unit = CareUnit.objects.select_for_update().get(pk=unit.pk)
    if by is not None and not rules.serves(by, unit, timezone.localdate()):
        raise NotAuthorised(f"Bara medarbetare på {unit.name} kan registrera listning där.")
    check_listing(person=person, unit=unit, on=on, origin=origin, enforce_limits=enforce_limits)
    current = selectors.current_listing(person, on=on)
    if current is not None and current.unit_id == unit.pk:
        return ListingResult(current, created=False)
    ended_contacts = []
    if current is not None:
        current.valid_to = on - timedelta(days=1)
        current.end_reason = ListingEndReason.CHANGED
        current.save(update_fields=["valid_to", "end_reason"])
        sync_record(current)
        _audit(actor, CHANGE, person.pk, current, f"avslutad: byte till {unit.name}")
        ended_contacts = _end_named_doctor_with_listing(
            actor, current, current.valid_to, by, "Personen listade sig på en annan vårdcentral."
        )
    try:
        with transaction.atomic():
            listing = Listing.objects.create(
                person=person,
                unit=unit,
                origin=origin,
                valid_from=on,
                registered_by=by,
                key=key,
            )
    except IntegrityError:  # the same key, committed between our check and the lock
        return ListingResult(Listing.objects.get(key=key), created=False)
    sync_record(listing)
    _audit(
        actor, CREATE, person.pk, listing, f"listad på {unit.name} ({listing.get_origin_display()})"
    )
    WaitingListEntry.objects.filter(person=person, unit=unit, status=WaitingStatus.WAITING).update(
        status=WaitingStatus.LISTED, resolved_at=timezone.now()
    )
    return ListingResult(listing, created=True, ended=current, ended_contacts=ended_contacts)


@transaction.atomic
def end_listing(
    *,
    actor: Actor,
    listing: Listing,
    valid_to: date,
    reason: str,
    by: Staff | None,
) -> Listing:
    """End a listing without a new one (moved out of the county, died, deregistered, the unit
    closed): the last day is `valid_to`; the named doctor there ends with it. Ending an ended
    listing on the same day again changes nothing."""
    if reason not in ListingEndReason.values or reason == ListingEndReason.CHANGED:
        raise ListingRefused("Välj varför listningen upphör.", "end_reason")
    _lock(listing.person)
    listing = Listing.objects.select_related("unit", "person").get(pk=listing.pk)
    if by is not None and not rules.serves(by, listing.unit, timezone.localdate()):
        raise NotAuthorised(f"Bara medarbetare på {listing.unit.name} kan avsluta listningen.")
    if listing.valid_to is not None and listing.valid_to <= valid_to:
        return listing
    if valid_to < listing.valid_from:
        raise ListingRefused(
            f"Listningen började {listing.valid_from.isoformat()}; den kan inte upphöra före det.",
            "before_start",
        )
    listing.valid_to, listing.end_reason = valid_to, reason
    listing.save(update_fields=["valid_to", "end_reason"])
    sync_record(listing)
    _audit(
        actor, CHANGE, listing.person_id, listing, f"avslutad: {listing.get_end_reason_display()}"
    )
    _end_named_doctor_with_listing(
        actor, listing, valid_to, by, f"Listningen upphörde ({listing.get_end_reason_display()})."
    )
    return listing


@transaction.atomic
def join_waiting_list(
    *,
    actor: Actor,
    person: Person,
    unit: CareUnit,
    requested_on: date | None = None,
    origin: str = ListingOrigin.ACTIVE_CHOICE,
    key: str,
    by: Staff | None,
    note: str = "",
) -> WaitingListEntry:
    """Put `person` in line for `unit`. Already waiting there: the existing entry."""
    replay = WaitingListEntry.objects.filter(key=key).first()
    if replay is not None:
        return replay
    person = _lock(person)
    if unit.kind != UnitKind.HEALTH_CENTRE:
        raise ListingRefused(f"{unit.name} är inte en vårdcentral.", "not_health_centre")
    waiting = WaitingListEntry.objects.filter(
        person=person, unit=unit, status=WaitingStatus.WAITING
    ).first()
    if waiting is not None:
        return waiting
    entry = WaitingListEntry.objects.create(
        person=person,
        unit=unit,
        requested_on=_today(requested_on),
        origin=origin,
        registered_by=by,
        note=note.strip()[:300],
        key=key,
    )
    _audit(actor, CREATE, person.pk, entry, f"väntelista {unit.name}")
    return entry


@transaction.atomic
def withdraw_from_waiting_list(
    *, actor: Actor, entry: WaitingListEntry, by: Staff | None
) -> WaitingListEntry:
    entry = WaitingListEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.status != WaitingStatus.WAITING:
        return entry
    entry.status, entry.resolved_at = WaitingStatus.WITHDRAWN, timezone.now()
    entry.save(update_fields=["status", "resolved_at"])
    _audit(actor, CHANGE, entry.person_id, entry, "återtagen från väntelistan")
    return entry


@dataclass
class AdmissionResult:
    listed: list[ListingResult] = field(default_factory=list)
    skipped: list[tuple[WaitingListEntry, str]] = field(default_factory=list)


def admit_from_waiting_list(
    *,
    actor: Actor,
    unit: CareUnit,
    on: date | None = None,
    by: Staff | None,
    limit: int | None = None,
) -> AdmissionResult:
    """List the people first in line at `unit` while it has places (and at most `limit`). Each is
    listed in its own transaction; those the rules refuse (e.g. the change limit) keep their place
    and are reported with the reason."""
    on = _today(on)
    result = AdmissionResult()
    for entry in list(selectors.waiting_list(unit)):
        if limit is not None and len(result.listed) >= limit:
            break
        if not selectors.has_capacity(unit, on=on):
            break
        try:
            listed = change_listing(
                actor=actor,
                person=entry.person,
                unit=unit,
                valid_from=max(on, entry.requested_on),
                origin=entry.origin,
                key=f"waiting-list:{entry.pk}",
                by=by,
            )
        except ListingRefused as error:
            result.skipped.append((entry, error.message))
            continue
        result.listed.append(listed)
    return result


@transaction.atomic
def set_listing_cap(*, actor: Actor, unit: CareUnit, cap: int | None, by: Staff | None) -> CareUnit:
    """Set (or, with None, lift) the unit's listing cap. Only its unit head (or the system)."""
    if by is not None and not rules.is_unit_head(by, unit, timezone.localdate()):
        raise NotAuthorised(f"Bara verksamhetschefen för {unit.name} kan ändra listningstaket.")
    if cap is not None and cap < 1:
        raise ListingRefused("Listningstaket ska vara minst 1.", "cap")
    unit = CareUnit.objects.select_for_update().get(pk=unit.pk)
    unit.listing_cap = cap
    unit.save(update_fields=["listing_cap"])
    record(
        actor,
        action=CHANGE,
        object_type="careunit",
        object_id=unit.pk,
        purpose=Purpose.ADMINISTRATION,
        detail=f"listningstak {cap if cap is not None else 'borttaget'}",
    )
    return unit


# --- Named contacts -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Appointment:
    contact: NamedContact
    created: bool  # False: replayed, or the same contact was already appointed
    ended: list[NamedContact] = field(default_factory=list)  # the contacts it replaced


def _predecessors(person: Person, role: str, unit: CareUnit, on: date):
    """The contacts a new appointment replaces: the named doctor (one at a time), the named
    social-care contact (one at a time), the named care contact in the same unit (several in
    different units are allowed)."""
    contacts = NamedContact.objects.filter(person=person, role=role).exclude(valid_to__lt=on)
    if role == NamedContactRole.NAMED_CARE_CONTACT:
        contacts = contacts.filter(unit=unit)
    return list(contacts.select_related("staff", "unit").order_by("valid_from", "pk"))


def _end(actor: Actor, contact: NamedContact, *, valid_to: date, by: Staff | None, reason: str):
    contact.valid_to = valid_to
    contact.ended_by = by
    contact.end_reason = reason.strip()[:300]
    contact.save(update_fields=["valid_to", "ended_by", "end_reason"])
    sync_record(contact)  # the relationship ends with the contact (plus the grace period)
    _audit(actor, CHANGE, contact.person_id, contact, f"avslutad: {contact.get_role_display()}")


@transaction.atomic
def appoint_named_contact(
    *,
    actor: Actor,
    person: Person,
    role: str,
    staff: Staff,
    unit: CareUnit | None = None,
    valid_from: date | None = None,
    reason: str = "",
    by: Staff | None,
    key: str,
    equivalent_competence: bool = False,
) -> Appointment:
    """Appoint `staff` as `person`'s named contact in `role` at `unit` from `valid_from` (today).

    `unit` defaults to the listing unit (named doctor), the home-care unit (social-care contact)
    or the staff member's only unit (care contact). Refused with NamedContactRefused (the rules:
    who may be named) or NotAuthorised (who may appoint; `by=None` is the system). The contact it
    replaces (the named doctor, the social-care contact, the care contact in the same unit) ends
    the day before. Appointing the contact the person already has changes nothing; the same
    `key` twice returns the first appointment. Opens the care relationship for `staff`.
    """
    replay = NamedContact.objects.filter(key=key).first()
    if replay is not None:
        return Appointment(replay, created=False)
    on = _today(valid_from)
    person = _lock(person)
    replay = NamedContact.objects.filter(key=key).first()  # committed while we waited
    if replay is not None:
        return Appointment(replay, created=False)
    if role not in NamedContactRole.values:
        raise NamedContactRefused(f"Okänd roll: {role}.", "unknown_role")
    unit = unit or rules.default_unit(person, role, on, staff)
    if unit is None:
        raise NamedContactRefused("Välj enheten där den fasta kontakten ska utses.", "no_unit")
    refusals = rules.check_named_contact(
        person=person,
        role=role,
        staff=staff,
        unit=unit,
        on=on,
        equivalent_competence=equivalent_competence,
    )
    if refusals:
        raise NamedContactRefused(" ".join(r.message for r in refusals), refusals[0].code)
    if by is not None:
        refusal = rules.check_authority(
            actor_staff=by, role=role, unit=unit, on=timezone.localdate()
        )
        if refusal is not None:
            raise NotAuthorised(refusal.message)
    predecessors = _predecessors(person, role, unit, on)
    for contact in predecessors:
        if contact.staff_id == staff.pk and contact.unit_id == unit.pk and contact.valid_from <= on:
            return Appointment(contact, created=False)
        if contact.valid_from >= on:
            raise NamedContactRefused(
                f"{person.full_name} har redan en {contact.get_role_display().lower()} från "
                f"{contact.valid_from.isoformat()}. Avsluta den först eller utse den nya från en "
                "senare dag.",
                "later_contact",
            )
    for contact in predecessors:
        _end(
            actor,
            contact,
            valid_to=on - timedelta(days=1),
            by=by,
            reason=f"Ersatt av {staff.full_name}.",
        )
    equivalent = rules.named_doctor_competence(staff, person=person, on=on) == "equivalent"
    if equivalent_competence and role == NamedContactRole.NAMED_DOCTOR and equivalent:
        reason = f"Motsvarande kompetens intygad. {reason}".strip()
    try:
        with transaction.atomic():
            contact = NamedContact.objects.create(
                person=person,
                role=role,
                staff=staff,
                unit=unit,
                appointed_by=by,
                reason=reason.strip()[:300],
                valid_from=on,
                key=key,
            )
    except IntegrityError:
        replay = NamedContact.objects.filter(key=key).first()
        if replay is not None:
            return Appointment(replay, created=False)
        raise
    sync_record(contact)  # opens the care relationship for the named staff member
    _audit(
        actor,
        CREATE,
        person.pk,
        contact,
        f"{contact.get_role_display()}: {staff.full_name}, {unit.name}",
    )
    return Appointment(contact, created=True, ended=predecessors)


@transaction.atomic
def end_named_contact(
    *,
    actor: Actor,
    contact: NamedContact,
    valid_to: date | None = None,
    reason: str,
    by: Staff | None,
) -> NamedContact:
    """End a named contact: `valid_to` (today) is its last day; `reason` is required. The care
    relationship it opened ends with it (after the grace period). Ending an ended contact on the
    same or a later day changes nothing."""
    if not reason.strip():
        raise NamedContactRefused("Skriv varför den fasta kontakten avslutas.", "reason")
    on = _today(valid_to)
    _lock(contact.person)
    contact = NamedContact.objects.select_related("staff", "unit", "person").get(pk=contact.pk)
    if by is not None:
        refusal = rules.check_authority(
            actor_staff=by, role=contact.role, unit=contact.unit, on=timezone.localdate()
        )
        if refusal is not None:
            raise NotAuthorised(refusal.message)
    if contact.valid_to is not None and contact.valid_to <= on:
        return contact
    if on < contact.valid_from:
        raise NamedContactRefused(
            f"Kontakten började {contact.valid_from.isoformat()}; den kan inte avslutas före det.",
            "before_start",
        )
    _end(actor, contact, valid_to=on, by=by, reason=reason)
    return contact


# --- The life-threatening condition flag --------------------------------------------------------


@transaction.atomic
def note_life_threatening_condition(
    *, actor: Actor, person: Person, unit: CareUnit, valid_from: date | None = None,
    note: str = "", by: Staff | None, key: str,
) -> LifeThreateningCondition:  # fmt: skip
    """Flag that the person has a life-threatening condition: from then on their named care
    contact must be a doctor. Flagging a flagged person returns the open flag."""
    replay = LifeThreateningCondition.objects.filter(key=key).first()
    if replay is not None:
        return replay
    person = _lock(person)
    on = _today(valid_from)
    open_flag = LifeThreateningCondition.objects.filter(
        person=person, valid_to__isnull=True
    ).first()
    if open_flag is not None:
        return open_flag
    flag = LifeThreateningCondition.objects.create(
        person=person, unit=unit, valid_from=on, noted_by=by, note=note.strip()[:300], key=key
    )
    _audit(actor, CREATE, person.pk, flag, "livshotande tillstånd markerat")
    return flag


@transaction.atomic
def clear_life_threatening_condition(
    *, actor: Actor, person: Person, valid_to: date | None = None, by: Staff | None
) -> int:
    """End the open flag (its last day `valid_to`, today by default); returns how many ended."""
    person = _lock(person)
    on = _today(valid_to)
    ended = 0
    for flag in LifeThreateningCondition.objects.filter(person=person, valid_to__isnull=True):
        flag.valid_to = max(on, flag.valid_from)
        flag.save(update_fields=["valid_to"])
        _audit(actor, CHANGE, person.pk, flag, "livshotande tillstånd avslutat")
        ended += 1
    return ended


__all__ = [
    "AdmissionResult",
    "Appointment",
    "ListingResult",
    "admit_from_waiting_list",
    "appoint_named_contact",
    "change_listing",
    "check_listing",
    "clear_life_threatening_condition",
    "end_listing",
    "end_named_contact",
    "join_waiting_list",
    "note_life_threatening_condition",
    "set_listing_cap",
    "withdraw_from_waiting_list",
]
