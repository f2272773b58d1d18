"""The person's own choice of named doctor (patientlagen 6:3; issue 5, part 6).

From their own pages the person picks a doctor of their health centre who has room under the
guide value (`choosable_doctors`), or asks to wait for one when none has (`request_named_doctor`
with `doctor=None`). The unit head confirms — the appointment goes through
`services.appoint_named_contact`, which opens the care relationship — or refuses with an
explanation the person sees (`confirm_choice`, `refuse_choice`).

Proposals never override an own choice: `own_choice_person_ids(unit, on=…)` is the set of
persons to leave alone (a pending request, or a current named doctor from a confirmed one).

Each write is one transaction that replays its `key`, locks the person's row, and writes its
audit row; one pending request per person (a partial unique constraint backs the lock).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from navet.access.services import Actor, Purpose, record
from navet.listing import capacity, selectors, services
from navet.listing.errors import ListingRefused, NotAuthorised
from navet.listing.models_capacity import ChoiceKind, ChoiceStatus, NamedDoctorChoice
from navet.organisation.models import CareUnit, Staff
from navet.residents.models import NamedContact, NamedContactRole, Person
from navet.residents.selectors import valid_on

OWN_CHOICE_REASON = "Personens eget val (patientlagen 6 kap. 3 §)."


class ChoiceRefused(ListingRefused):
    pass


# --- Reads --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Choosable:
    doctor: Staff
    free: int  # places left under the guide value
    current: bool  # the person's named doctor now


def choosable_doctors(person: Person, *, on: date) -> tuple[CareUnit | None, list[Choosable]]:
    """The person's health centre and its doctors who may be their named doctor (without a
    confirmed equivalent competence), each with the places left under the guide value."""
    listing = selectors.current_listing(person, on=on)
    if listing is None:
        return None, []
    unit = listing.unit
    eligible = {d.pk for d in selectors.eligible_named_doctors(unit, on=on, person=person)}
    current = selectors.named_doctor(person, on=on)
    out = [
        Choosable(d.staff, d.free, current is not None and current.staff_id == d.staff.pk)
        for d in capacity.doctor_capacities(unit, on=on)
        if d.staff.pk in eligible
    ]
    return unit, out


def pending_choice(person: Person) -> NamedDoctorChoice | None:
    return (
        NamedDoctorChoice.objects.filter(person=person, status=ChoiceStatus.PENDING)
        .select_related("doctor", "unit")
        .first()
    )


def person_choices(person: Person) -> list[NamedDoctorChoice]:
    """The person's requests, newest first (what they see on their own page)."""
    return list(
        NamedDoctorChoice.objects.filter(person=person)
        .select_related("doctor", "unit", "decided_by")
        .order_by("-created_at", "-pk")
    )


def pending_for_unit(unit: CareUnit) -> QuerySet[NamedDoctorChoice]:
    """The unit's pending requests, oldest first (the unit head's worklist)."""
    return (
        NamedDoctorChoice.objects.filter(unit=unit, status=ChoiceStatus.PENDING)
        .select_related("person", "doctor")
        .order_by("created_at", "pk")
    )


def own_choice_person_ids(unit: CareUnit, *, on: date) -> set[int]:
    """Persons listed at `unit` whom proposals must leave alone: a pending request (their own
    choice waits for the unit head), or a current named doctor appointed from their own choice
    (`NamedDoctorChoice.named_contact`)."""
    confirmed = NamedDoctorChoice.objects.filter(
        named_contact=OuterRef("pk"), status=ChoiceStatus.CONFIRMED
    )
    chosen = NamedContact.objects.filter(
        valid_on(on), role=NamedContactRole.NAMED_DOCTOR, unit=unit
    ).filter(Exists(confirmed))
    pending = NamedDoctorChoice.objects.filter(unit=unit, status=ChoiceStatus.PENDING)
    return set(chosen.values_list("person_id", flat=True)) | set(
        pending.values_list("person_id", flat=True)
    )


# --- Writes -------------------------------------------------------------------------------------


def _audit(actor: Actor, action: str, choice: NamedDoctorChoice, detail: str) -> None:
    record(
        actor,
        action=action,
        person_id=choice.person_id,
        object_type="nameddoctorchoice",
        object_id=choice.pk,
        purpose=Purpose.CARE,
        detail=detail,
    )


@transaction.atomic
def request_named_doctor(
    *, actor: Actor, person: Person, doctor: Staff | None, key: str, message: str = ""
) -> tuple[NamedDoctorChoice, bool]:
    """The person asks for `doctor` as named doctor, or (`doctor=None`) to wait for one.

    Returns (request, created). The same key twice, or any request while one is pending for
    the same doctor, returns the first. Refused (ChoiceRefused, in Swedish) when the person is
    not listed, the doctor may not be chosen, the doctor has no room (then the person may ask
    to wait), another request is pending, or the doctor already is their named doctor.
    """
    replay = NamedDoctorChoice.objects.filter(key=key).first()
    if replay is not None:
        return replay, False
    on = timezone.localdate()
    Person.objects.select_for_update().get(pk=person.pk)
    replay = NamedDoctorChoice.objects.filter(key=key).first()
    if replay is not None:
        return replay, False
    pending = pending_choice(person)
    if pending is not None:
        if pending.doctor_id == (doctor.pk if doctor else None):
            return pending, False
        raise ChoiceRefused(
            "Du har redan en begäran som väntar på besked från vårdcentralen. Ta tillbaka den "
            "först om du vill välja på nytt.",
            "pending",
        )
    unit, options = choosable_doctors(person, on=on)
    if unit is None:
        raise ChoiceRefused(
            "Du är inte listad på någon vårdcentral. Lista dig först; sedan kan du välja fast "
            "läkarkontakt där.",
            "not_listed",
        )
    by_pk = {c.doctor.pk: c for c in options}
    if doctor is not None:
        option = by_pk.get(doctor.pk)
        if option is None:
            raise ChoiceRefused(
                f"{doctor.full_name} kan inte väljas som fast läkarkontakt på {unit.name}.",
                "not_choosable",
            )
        if option.current:
            raise ChoiceRefused(f"{doctor.full_name} är redan din fasta läkarkontakt.", "current")
        if option.free <= 0:
            raise ChoiceRefused(
                f"{doctor.full_name} har inte plats för fler patienter just nu. Du kan ställa "
                "dig i kö till en fast läkarkontakt.",
                "full",
            )
    kind = ChoiceKind.DOCTOR if doctor else ChoiceKind.WAITING_LIST
    try:
        with transaction.atomic():
            choice = NamedDoctorChoice.objects.create(
                person=person, unit=unit, kind=kind, doctor=doctor,
                message=message.strip()[:500], key=key,
            )  # fmt: skip
    except IntegrityError:
        replay = NamedDoctorChoice.objects.filter(key=key).first() or pending_choice(person)
        if replay is None:
            raise
        return replay, False
    wanted = doctor.full_name if doctor else "kö till fast läkarkontakt"
    _audit(actor, "create", choice, f"eget val: {wanted}, {unit.name}")
    return choice, True


def _locked_pending(choice: NamedDoctorChoice) -> NamedDoctorChoice | None:
    Person.objects.select_for_update().get(pk=choice.person_id)
    fresh = NamedDoctorChoice.objects.select_related("person", "unit", "doctor").get(pk=choice.pk)
    return fresh if fresh.status == ChoiceStatus.PENDING else None


def _check_head(by: Staff | None, unit: CareUnit) -> None:
    if by is None:
        return
    heads = selectors.units_served(by, on=timezone.localdate(), heads_only=True)
    if unit.pk not in {u.pk for u in heads}:
        raise NotAuthorised(f"Bara verksamhetschefen för {unit.name} kan besvara valet.")


@transaction.atomic
def withdraw_choice(*, actor: Actor, choice: NamedDoctorChoice) -> NamedDoctorChoice:
    """The person takes back a pending request. Already decided: unchanged."""
    fresh = _locked_pending(choice)
    if fresh is None:
        return NamedDoctorChoice.objects.get(pk=choice.pk)
    fresh.status = ChoiceStatus.WITHDRAWN
    fresh.decided_at = timezone.now()
    fresh.save(update_fields=["status", "decided_at"])
    _audit(actor, "change", fresh, "eget val återtaget")
    return fresh


@transaction.atomic
def confirm_choice(
    *, actor: Actor, choice: NamedDoctorChoice, by: Staff | None, doctor: Staff | None = None
) -> NamedDoctorChoice:
    """The unit head confirms: `doctor` (for a waiting-list request; a chosen doctor cannot be
    swapped) becomes the named doctor from today through `appoint_named_contact`. Confirming
    twice changes nothing. The rules' refusal (e.g. the doctor left) is raised unchanged."""
    fresh = _locked_pending(choice)
    if fresh is None:
        return NamedDoctorChoice.objects.get(pk=choice.pk)
    _check_head(by, fresh.unit)
    if fresh.doctor_id is not None:
        doctor = fresh.doctor
    elif doctor is None:
        raise ChoiceRefused("Välj vilken läkare personen ska få.", "no_doctor")
    result = services.appoint_named_contact(
        actor=actor,
        person=fresh.person,
        role=NamedContactRole.NAMED_DOCTOR,
        staff=doctor,
        unit=fresh.unit,
        reason=OWN_CHOICE_REASON,
        by=by,
        key=f"choice-{fresh.pk}",
    )
    fresh.status = ChoiceStatus.CONFIRMED
    fresh.doctor = doctor
    fresh.decided_at = timezone.now()
    fresh.decided_by = by
    fresh.named_contact = result.contact
    fresh.save(update_fields=["status", "doctor", "decided_at", "decided_by", "named_contact"])
    _audit(actor, "change", fresh, f"eget val bekräftat: {doctor.full_name}")
    return fresh


@transaction.atomic
def refuse_choice(
    *, actor: Actor, choice: NamedDoctorChoice, by: Staff | None, explanation: str
) -> NamedDoctorChoice:
    """The unit head refuses, with an explanation the person sees (required)."""
    explanation = explanation.strip()
    if len(explanation) < 10:
        raise ChoiceRefused("Förklara för personen varför valet inte kan bekräftas.", "explain")
    fresh = _locked_pending(choice)
    if fresh is None:
        return NamedDoctorChoice.objects.get(pk=choice.pk)
    _check_head(by, fresh.unit)
    fresh.status = ChoiceStatus.REFUSED
    fresh.decided_at = timezone.now()
    fresh.decided_by = by
    fresh.explanation = explanation[:500]
    fresh.save(update_fields=["status", "decided_at", "decided_by", "explanation"])
    _audit(actor, "change", fresh, "eget val avböjt")
    return fresh


__all__ = [
    "OWN_CHOICE_REASON",
    "ChoiceRefused",
    "Choosable",
    "choosable_doctors",
    "confirm_choice",
    "own_choice_person_ids",
    "pending_choice",
    "pending_for_unit",
    "person_choices",
    "refuse_choice",
    "request_named_doctor",
    "withdraw_choice",
]
