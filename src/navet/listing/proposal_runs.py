"""Named-doctor proposals against the database: build the instance for one health centre, run
the solver and store the run, and accept proposals in one transaction.

Capacities here are the guide value × FTE at the unit (`capacity.guide_value`) minus the persons
who already have the doctor as named doctor; the guide value is the county's for the year
(`GuideValue`) or the default, the same as on the capacity dashboard. Persons whose own choice
of named doctor waits for the unit head (`choice.own_choice_person_ids`) are left out.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Sum
from django.utils import timezone

from navet.access.audit import Actor, record
from navet.access.models import AuditAction
from navet.access.purposes import Purpose
from navet.activity.models import Visit
from navet.listing import capacity, choice, config, rules, selectors
from navet.listing.errors import ListingError, NotAuthorised
from navet.listing.models import Proposal, ProposalRun, ProposalSource, ProposalStatus
from navet.listing.proposals import Candidate, Doctor, Instance, continuity_level, need_level
from navet.listing.proposals import solve as solve_instance
from navet.organisation.models import CareUnit, Staff
from navet.residents.models import (
    Listing,
    NamedContact,
    NamedContactRole,
    Person,
)
from navet.residents.selectors import alive_on, valid_on
from navet.residents.services import age_in_years

SERVES = {"general_practice": "all", "paediatrics": "children", "geriatrics": "older"}


def doctor_capacities(unit: CareUnit, *, on: date, overshoot: int | None = None) -> list[Doctor]:
    """The unit's doctors who may be named doctor, each with guide value × FTE, current load and
    the limit (the guide value plus the configured overshoot)."""
    overshoot = config.proposal_overshoot_percent() if overshoot is None else overshoot
    guide_value = capacity.guide_value(unit, on=on)  # the county's for the year, or the default
    doctors = selectors.eligible_named_doctors(unit, on=on)
    fte = dict(
        selectors.current_assignments([d.pk for d in doctors], unit, on=on)
        .values_list("staff")
        .annotate(total=Sum("fte"))
    )
    counts = selectors.named_doctor_counts(unit, on=on)
    out = []
    for doctor in doctors:
        guide = math.floor(guide_value.per_fte(doctor) * float(fte.get(doctor.pk, 0)))
        competence = rules.named_doctor_competence(doctor, person=None, on=on)
        out.append(
            Doctor(
                id=doctor.pk,
                guide=guide,
                current=counts.get(doctor.pk, 0),
                limit=guide * (100 + overshoot) // 100,
                serves=SERVES.get(competence, "all"),
            )
        )
    return out


def build_instance(unit: CareUnit, *, on: date, overshoot: int | None = None) -> Instance:
    """The proposal problem for `unit` on `on`: its doctors and the listed persons without a
    named doctor, with their need and their visits with each doctor in the last 18 months."""
    return build_instances([unit], on=on, overshoot=overshoot)[unit.pk]


def build_instances(units, *, on: date, overshoot: int | None = None) -> dict[int, Instance]:
    """`build_instance` for many health centres at once (a county): the persons and their
    visits come in a few queries for all of them, not a few per centre."""
    capacities = {u.pk: doctor_capacities(u, on=on, overshoot=overshoot) for u in units}
    doctor_ids = {d.id for doctors in capacities.values() for d in doctors}
    doctor = NamedContact.objects.filter(
        valid_on(on), person=OuterRef("person_id"), role=NamedContactRole.NAMED_DOCTOR
    )
    # The listings of living persons without a named doctor: `listed_without_named_doctor`
    # for all the centres in one anti-join.
    # A person's own choice (patientlagen 6:3) waiting for the unit head is never overridden.
    own_choices = set().union(*(choice.own_choice_person_ids(u, on=on) for u in units))
    listed = (
        Listing.objects.filter(valid_on(on), unit__in=list(capacities))
        .filter(alive_on(on, "person__"))
        .exclude(Exists(doctor))
        .exclude(person__in=own_choices)
    )
    persons = listed.values("person_id")
    window = Visit.objects.filter(person__in=persons, visit_date__lte=on)
    visits = defaultdict(dict)
    continuity_from = on - timedelta(days=config.continuity_window_days())
    for person, staff, n in (
        window.filter(visit_date__gt=continuity_from, staff__in=doctor_ids)
        .values_list("person", "staff")
        .annotate(n=Count("pk"))
    ):
        visits[person][staff] = n
    # The dashboard's need weights (§3a), so both rank the same persons first.
    needs = capacity.need_profiles_for(Person.objects.filter(pk__in=persons), on=on)
    candidates = defaultdict(list)
    for unit_id, pk, birth_date in listed.values_list(
        "unit", "person", "person__birth_date"
    ).order_by("person"):
        age = age_in_years(birth_date, on)
        need = need_level(needs[pk].score)
        candidates[unit_id].append(Candidate(pk, need, age, visits.get(pk, {})))
    rules_ = config.named_doctor_rules()
    return {
        unit_id: Instance(
            doctors, candidates[unit_id], rules_.child_below_age, rules_.older_from_age
        )
        for unit_id, doctors in capacities.items()
    }


def run_proposals(
    *,
    actor: Actor,
    unit: CareUnit,
    on: date | None = None,
    user=None,
    source: str = ProposalSource.CLI,
    key: str,
    overshoot: int | None = None,
    instance: Instance | None = None,
) -> ProposalRun:
    """Propose a named doctor for every listed person at `unit` without one, and store the run.
    The same `key` twice returns the first run. `instance`: already built (a county run)."""
    replay = ProposalRun.objects.filter(key=key).first()
    if replay is not None:
        return replay
    on = on or timezone.localdate()
    overshoot = config.proposal_overshoot_percent() if overshoot is None else overshoot
    instance = instance or build_instance(unit, on=on, overshoot=overshoot)
    solution = solve_instance(instance)
    with transaction.atomic():
        run = ProposalRun.objects.create(
            unit=unit,
            on=on,
            created_by=user,
            actor_name=actor.username,
            source=source,
            overshoot_percent=overshoot,
            candidates=len(instance.persons),
            proposed=len(solution.assigned),
            unassigned=len(solution.unassigned),
            solve_seconds=solution.seconds,
            doctors=[d.__dict__ for d in instance.doctors],
            key=key,
        )
        Proposal.objects.bulk_create(_proposals(run, instance, solution), batch_size=2000)
        record(
            actor,
            action=AuditAction.CREATE,
            object_type="proposalrun",
            object_id=run.pk,
            purpose=Purpose.CARE,
            detail=f"förslag på fast läkarkontakt, {unit.name}: {run.proposed} förslag",
        )
    return run


def _proposals(run, instance, solution) -> list[Proposal]:
    out = []
    for person in instance.persons:
        doctor_id = solution.assigned.get(person.id)
        level = None
        if doctor_id is not None:
            level = continuity_level(person, doctor_id, instance.eligible(person))
        out.append(
            Proposal(
                run=run,
                person_id=person.id,
                doctor_id=doctor_id,
                need=person.need,
                visits_with_doctor=person.visits.get(doctor_id, 0) if doctor_id else 0,
                most_seen=level == 0,
                status=ProposalStatus.PROPOSED if doctor_id else ProposalStatus.UNASSIGNED,
            )
        )
    return out


def county_units(county_code: str, *, on: date) -> list[CareUnit]:
    return list(
        selectors.health_centres_active(on)
        .filter(municipality__county__code=county_code)
        .order_by("name")
    )


# --- Accepting ----------------------------------------------------------------------------------


@dataclass
class AcceptResult:
    accepted: list[Proposal] = field(default_factory=list)
    skipped: list[tuple[Proposal, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _skip(result: AcceptResult, proposal: Proposal, why: str, now) -> None:
    proposal.status, proposal.note, proposal.decided_at = ProposalStatus.SKIPPED, why, now
    proposal.save(update_fields=["status", "note", "decided_at"])
    result.skipped.append((proposal, why))


@transaction.atomic
def accept_proposals(
    *, actor: Actor, run: ProposalRun, proposal_ids, by: Staff | None
) -> AcceptResult:
    """Appoint the chosen proposals' doctors, all in one transaction.

    Locks, in this fixed order so that two unit heads never deadlock: the run, the doctors'
    Staff rows by id, the persons' rows by id. Then capacity is counted again: a proposal that
    would take its doctor past the limit is not carried out and says so; one that goes past the
    guide value within an allowed overshoot is carried out with a warning. Accepted or decided
    proposals are left as they are, so a double submit changes nothing.
    """
    # Only the run's row: the unit's row is what listing locks after a person's.
    run = ProposalRun.objects.select_for_update(of=("self",)).select_related("unit").get(pk=run.pk)
    today = timezone.localdate()
    if by is not None and not rules.is_unit_head(by, run.unit, today):
        raise NotAuthorised(f"Bara verksamhetschefen för {run.unit.name} kan godkänna förslagen.")
    chosen = list(
        run.proposals.filter(
            pk__in=list(proposal_ids), status=ProposalStatus.PROPOSED, doctor__isnull=False
        )
        .select_related("doctor", "person")
        .order_by("person_id", "pk")
    )
    result = AcceptResult()
    if not chosen:
        return result
    doctor_ids, person_ids = {p.doctor_id for p in chosen}, {p.person_id for p in chosen}
    list(Staff.objects.select_for_update().filter(pk__in=doctor_ids).order_by("pk"))
    list(Person.objects.select_for_update().filter(pk__in=person_ids).order_by("pk"))
    capacity = {d.id: d for d in doctor_capacities(run.unit, on=today)}
    load = {d: c.current for d, c in capacity.items()}
    now = timezone.now()
    for proposal in chosen:
        doctor = capacity.get(proposal.doctor_id)
        name = proposal.doctor.full_name
        if selectors.named_doctor(proposal.person, on=today) is not None:
            _skip(result, proposal, "Personen har redan fått en fast läkarkontakt.", now)
            continue
        if doctor is None:
            _skip(result, proposal, f"{name} kan inte längre vara fast läkarkontakt här.", now)
            continue
        if load[doctor.id] + 1 > doctor.limit:
            why = (
                f"{name} har redan {load[doctor.id]} personer som fast läkarkontakt "
                f"(riktvärde {doctor.guide}): förslaget genomfördes inte."
            )
            _skip(result, proposal, why, now)
            result.warnings.append(why)
            continue
        try:
            with transaction.atomic():
                _appoint(actor, proposal, run.unit, by)
        except ListingError as error:
            _skip(result, proposal, error.message, now)
            continue
        load[doctor.id] += 1
        proposal.status, proposal.decided_at = ProposalStatus.ACCEPTED, now
        if load[doctor.id] > doctor.guide:
            proposal.note = (
                f"{name} har nu {load[doctor.id]} personer, över riktvärdet {doctor.guide}."
            )
            result.warnings.append(proposal.note)
        proposal.save(update_fields=["status", "note", "decided_at"])
        result.accepted.append(proposal)
    return result


def _appoint(actor, proposal, unit, by):
    from navet.listing.services import appoint_named_contact

    appoint_named_contact(
        actor=actor,
        person=proposal.person,
        role=NamedContactRole.NAMED_DOCTOR,
        staff=proposal.doctor,
        unit=unit,
        reason="Förslag på fast läkarkontakt, godkänt av verksamhetschefen.",
        by=by,
        key=f"proposal:{proposal.pk}",
    )


def over_capacity(unit: CareUnit, *, on: date) -> list[tuple[Staff, Doctor]]:
    """The unit's doctors at or above their guide value now (the warning every run page shows)."""
    doctors = [d for d in doctor_capacities(unit, on=on) if d.current >= d.guide]
    staff = Staff.objects.in_bulk([d.id for d in doctors])
    return [(staff[d.id], d) for d in doctors]
