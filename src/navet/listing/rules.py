"""The rules for named contacts, each refusal with its reason in Swedish.

`check_named_contact` answers "may this member of staff be this person's named doctor / care
contact / social-care contact in this unit on this day?" with the refusals (empty: yes);
`check_authority` answers "may this member of staff appoint (or end) it?". Services call both;
the UI and the import show the messages as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from navet.listing import config
from navet.listing.selectors import current_listing, has_life_threatening_condition
from navet.organisation.models import (
    LICENSED_PROFESSIONS,
    Assignment,
    AssignmentRole,
    CareUnit,
    DoctorGrade,
    Profession,
    Specialty,
    Staff,
    UnitKind,
)
from navet.residents.models import HomeCare, LivingSituation, NamedContactRole, Person
from navet.residents.selectors import valid_on
from navet.residents.services import person_age


@dataclass(frozen=True)
class Refusal:
    code: str
    message: str


def _label(choices, value: str) -> str:
    return dict(choices.choices).get(value, value or "okänd")


def assignment_refusal(staff: Staff, unit: CareUnit, on: date) -> Refusal | None:
    """None if `staff` serves `unit` on `on`; otherwise why not (never placed, ended, not yet)."""
    assignments = list(Assignment.objects.filter(staff=staff, unit=unit).order_by("valid_from"))
    if any(a.valid_from <= on and (a.valid_to is None or a.valid_to >= on) for a in assignments):
        return None
    ended = [a.valid_to for a in assignments if a.valid_to is not None and a.valid_to < on]
    if ended:
        return Refusal(
            "assignment_ended",
            f"{staff.full_name}s placering på {unit.name} upphörde {max(ended).isoformat()}.",
        )
    later = [a.valid_from for a in assignments if a.valid_from > on]
    if later:
        return Refusal(
            "assignment_not_started",
            f"{staff.full_name}s placering på {unit.name} börjar först {min(later).isoformat()}.",
        )
    return Refusal("not_at_unit", f"{staff.full_name} har ingen placering på {unit.name}.")


def named_doctor_competence(staff: Staff, *, person: Person | None, on: date) -> str | None:
    """How a doctor qualifies as named doctor: "general_practice" (specialist or ST in general
    practice), "paediatrics" (for a child), "geriatrics" (for an older person), "equivalent"
    (only with a confirmed equivalent competence), or None (not a doctor, or not allowed)."""
    if staff.profession != Profession.DOCTOR:
        return None
    rules = config.named_doctor_rules()
    age = person_age(person, on) if person is not None else None
    if staff.doctor_grade in rules.grades and staff.specialty in rules.specialties:
        return "general_practice"
    graded = staff.doctor_grade in rules.grades
    if graded and staff.specialty == Specialty.PAEDIATRICS and rules.paediatrician_for_children:
        # A paediatrician serves children only; for an adult nothing makes up for it.
        return "paediatrics" if age is None or age < rules.child_below_age else None
    if graded and staff.specialty == Specialty.GERIATRICS and rules.geriatrician_for_older:
        return "geriatrics" if age is None or age >= rules.older_from_age else None
    return "equivalent" if rules.accept_equivalent else None


def _competence_text() -> str:
    rules = config.named_doctor_rules()
    allowed = ["specialist i allmänmedicin", "ST-läkare i allmänmedicin"]
    if rules.paediatrician_for_children:
        allowed.append(f"barnläkare för barn under {rules.child_below_age} år")
    if rules.geriatrician_for_older:
        allowed.append(f"geriatriker för personer från {rules.older_from_age} år")
    text = ", ".join(allowed[:-1]) + " eller " + allowed[-1]
    if rules.accept_equivalent:
        text += ", eller ha motsvarande kompetens (som den som utser då intygar)"
    return text


def _doctor_refusals(person, staff, unit, on, equivalent_competence) -> list[Refusal]:
    refusals = []
    if staff.profession != Profession.DOCTOR:
        refusals.append(
            Refusal(
                "not_a_doctor",
                f"{staff.full_name} är {_label(Profession, staff.profession).lower()}, inte "
                "läkare. Fast läkarkontakt ska vara läkare.",
            )
        )
        return refusals
    listing = current_listing(person, on=on)
    if listing is None:
        refusals.append(
            Refusal(
                "not_listed",
                f"{person.full_name} är inte listad på någon vårdcentral {on.isoformat()}. "
                "Fast läkarkontakt utses på vårdcentralen där personen är listad.",
            )
        )
    elif listing.unit_id != unit.pk:
        # Where the person is listed instead is not said: it may be withheld from the user.
        refusals.append(
            Refusal(
                "not_listing_unit",
                f"{person.full_name} är inte listad på {unit.name} {on.isoformat()}. "
                "Fast läkarkontakt ska vara läkare på vårdcentralen där personen är listad.",
            )
        )
    competence = named_doctor_competence(staff, person=person, on=on)
    if competence is None or (competence == "equivalent" and not equivalent_competence):
        grade = _label(DoctorGrade, staff.doctor_grade) if staff.doctor_grade else "läkare"
        specialty = _label(Specialty, staff.specialty).lower() if staff.specialty else ""
        what = f"{grade.lower()}{' i ' + specialty if specialty else ''}"
        refusals.append(
            Refusal(
                "competence",
                f"{staff.full_name} är {what}. Fast läkarkontakt ska vara {_competence_text()}.",
            )
        )
    return refusals


def _care_contact_refusals(person, staff, on) -> list[Refusal]:
    refusals = []
    if staff.profession not in LICENSED_PROFESSIONS or not staff.licensed:
        refusals.append(
            Refusal(
                "not_licensed",
                f"{staff.full_name} är {_label(Profession, staff.profession).lower()} utan "
                "legitimation. Fast vårdkontakt ska ha en legitimation (till exempel läkare, "
                "sjuksköterska eller fysioterapeut).",
            )
        )
    if staff.profession != Profession.DOCTOR and has_life_threatening_condition(person, on=on):
        refusals.append(
            Refusal(
                "doctor_required",
                f"{person.full_name} har ett livshotande tillstånd: den fasta vårdkontakten ska "
                "vara en legitimerad läkare (SOSFS 2011:7).",
            )
        )
    return refusals


def social_care_units(person: Person, *, on: date) -> list[CareUnit]:
    """The units where the person may have a named social-care contact on `on`: their home-care
    units, and their nursing home when configuration offers it there."""
    units = [
        h.unit for h in HomeCare.objects.filter(valid_on(on), person=person).select_related("unit")
    ]
    if config.social_care_contact_in_nursing_homes():
        units += [
            s.unit
            for s in LivingSituation.objects.filter(
                valid_on(on), person=person, kind="nursing_home", unit__isnull=False
            ).select_related("unit")
        ]
    return units


def _social_care_refusals(person, staff, unit, on) -> list[Refusal]:
    refusals = []
    if staff.profession != Profession.ASSISTANT_NURSE:
        refusals.append(
            Refusal(
                "not_assistant_nurse",
                f"{staff.full_name} är {_label(Profession, staff.profession).lower()}. "
                "Fast omsorgskontakt ska vara undersköterska.",
            )
        )
    if unit.pk not in {u.pk for u in social_care_units(person, on=on)}:
        where = "hemtjänstbeslut"
        if config.social_care_contact_in_nursing_homes():
            where = "hemtjänstbeslut eller bor på särskilt boende"
        refusals.append(
            Refusal(
                "no_home_care",
                f"{person.full_name} har inget {where} hos {unit.name} {on.isoformat()}. "
                "Fast omsorgskontakt erbjuds den som har hemtjänst.",
            )
        )
    return refusals


def check_named_contact(
    *,
    person: Person,
    role: str,
    staff: Staff,
    unit: CareUnit,
    on: date,
    equivalent_competence: bool = False,
) -> list[Refusal]:
    """Everything that stops `staff` from being `person`'s named contact in `role` at `unit`
    from `on`; an empty list means the appointment is allowed."""
    if person.death_date is not None and person.death_date < on:
        return [Refusal("deceased", f"{person.full_name} avled {person.death_date.isoformat()}.")]
    if role == NamedContactRole.NAMED_DOCTOR:
        refusals = _doctor_refusals(person, staff, unit, on, equivalent_competence)
    elif role == NamedContactRole.NAMED_CARE_CONTACT:
        refusals = _care_contact_refusals(person, staff, on)
    elif role == NamedContactRole.NAMED_SOCIAL_CARE_CONTACT:
        refusals = _social_care_refusals(person, staff, unit, on)
    else:
        return [Refusal("unknown_role", f"Okänd roll: {role}.")]
    placement = assignment_refusal(staff, unit, on)
    if placement is not None:
        refusals.append(placement)
    return refusals


def is_unit_head(staff: Staff | None, unit: CareUnit, on: date) -> bool:
    return (
        staff is not None
        and Assignment.objects.filter(
            valid_on(on), staff=staff, unit=unit, role=AssignmentRole.UNIT_HEAD
        ).exists()
    )


def serves(staff: Staff | None, unit: CareUnit, on: date) -> bool:
    return (
        staff is not None
        and Assignment.objects.filter(valid_on(on), staff=staff, unit=unit).exists()
    )


def check_authority(
    *, actor_staff: Staff | None, role: str, unit: CareUnit, on: date
) -> Refusal | None:
    """May `actor_staff` appoint or end a named contact in `role` at `unit`? A named doctor is
    registered by anyone serving the listing unit (the person's choice, or the unit's decision);
    a named care contact is appointed by the unit head (HSF 4:1); a named social-care contact by
    the head of the home-care unit."""
    if role == NamedContactRole.NAMED_DOCTOR:
        if serves(actor_staff, unit, on):
            return None
        return Refusal(
            "not_authorised",
            f"Bara medarbetare på {unit.name} kan registrera fast läkarkontakt där.",
        )
    if is_unit_head(actor_staff, unit, on):
        return None
    what = (
        "fast vårdkontakt" if role == NamedContactRole.NAMED_CARE_CONTACT else "fast omsorgskontakt"
    )
    return Refusal("not_authorised", f"Bara verksamhetschefen för {unit.name} kan utse {what} där.")


def default_unit(
    person: Person, role: str, on: date, staff: Staff | None = None
) -> CareUnit | None:
    """The unit an appointment is in when the caller names none: the listing unit for a named
    doctor, the (single) home-care unit for a social-care contact, and for a care contact the
    single unit `staff` serves."""
    if role == NamedContactRole.NAMED_DOCTOR:
        listing = current_listing(person, on=on)
        return listing.unit if listing else None
    if role == NamedContactRole.NAMED_SOCIAL_CARE_CONTACT:
        units = social_care_units(person, on=on)
        return units[0] if len(units) == 1 else None
    if staff is not None:
        units = list(
            CareUnit.objects.filter(
                pk__in=Assignment.objects.filter(valid_on(on), staff=staff).values("unit")
            )
        )
        return units[0] if len(units) == 1 else None
    return None


HEALTH_CENTRE = UnitKind.HEALTH_CENTRE
