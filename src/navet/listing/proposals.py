"""Named-doctor proposals (issue 5 part 4): the assignment problem and its solver.

Pure code, no database: `proposal_runs.py` builds an `Instance` for one health centre from the
records, `solve` proposes, `greedy` is the baseline it is measured against.

The problem is a min-cost flow (OR-Tools `SimpleMinCostFlow`) per health centre:

    source ─1─▶ person ─1─▶ doctor ═segments═▶ sink
                   └─1─▶ "unassigned" ─────────▶ sink

Every person sends one unit, to a doctor who may be their named doctor (a paediatrician only for
a child, a geriatrician only for an older person) or, at a penalty, to "unassigned". A doctor
reaches the sink through convex piecewise arcs: one per tenth of the guide value still free
(cost 0, 1, … 9: a fuller doctor costs more, which balances load), and, when an overshoot is
configured, one more arc above the guide value that costs more still.

The objective is lexicographic — (1) as many persons as capacity allows, (2) the persons with the
highest need, (3) continuity: each to the doctor they have seen most in the last 18 months,
(4) balanced load — encoded in integer weights. The weights need not outweigh the whole
instance: any improvement of an optimal flow is a simple cycle in the residual graph, a simple
cycle passes each doctor node at most once, so it moves at most `D + 3` persons. Each level's
weight exceeds what such a cycle can change on all lower levels, so no trade of a higher level
for lower ones can pay (see `_weights`). The numbers stay small (≈ 10⁶ for 20 doctors).
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from ortools.graph.python import min_cost_flow

LOAD_SEGMENTS = 10  # the guide value in tenths
OVERSHOOT_COST = 2 * LOAD_SEGMENTS  # a unit above the guide value costs more than any tenth
NEED_STEPS = 4  # the solver ranks need in quarter points of the need weight
NEED_MAX = 8 * NEED_STEPS  # need weights of 8 and above rank alike (the defaults reach 6)
UNSEEN, SEEN, MOST_SEEN = 2, 1, 0  # continuity cost levels


def need_level(need_weight: float) -> int:
    """The capacity dashboard's need weight (`capacity.NeedWeights`: 0.7 for a child … 6.0) as
    the small non-negative integer the solver's costs need: quarter points, capped at NEED_MAX.
    One definition of need for the dashboard and the proposals; only the scale differs."""
    return max(0, min(NEED_MAX, round(need_weight * NEED_STEPS)))


@dataclass(frozen=True)
class Doctor:
    id: int
    guide: int  # guide value × FTE: persons the doctor should have as named doctor
    current: int  # persons who have them as named doctor already
    limit: int  # guide plus the allowed overshoot (= guide when the limit is hard)
    serves: str = "all"  # "all", "children" (paediatrician) or "older" (geriatrician)

    @property
    def room(self) -> int:
        return max(0, self.limit - self.current)


@dataclass(frozen=True)
class Candidate:
    """A listed person without a named doctor."""

    id: int
    need: int
    age: int
    visits: dict[int, int] = field(default_factory=dict)  # doctor id → visits in 18 months


@dataclass(frozen=True)
class Instance:
    doctors: list[Doctor]
    persons: list[Candidate]
    child_below_age: int = 18
    older_from_age: int = 65

    def may_serve(self, doctor: Doctor, person: Candidate) -> bool:
        if doctor.serves == "children":
            return person.age < self.child_below_age
        if doctor.serves == "older":
            return person.age >= self.older_from_age
        return True

    def eligible(self, person: Candidate) -> list[Doctor]:
        return [d for d in self.doctors if self.may_serve(d, person)]


@dataclass
class Solution:
    assigned: dict[int, int]  # person id → doctor id
    unassigned: list[int]  # person ids, highest need first
    seconds: float = 0.0


def continuity_level(person: Candidate, doctor_id: int, eligible: list[Doctor]) -> int:
    """MOST_SEEN for the eligible doctor(s) the person has seen most, SEEN for another one they
    have seen, UNSEEN otherwise."""
    seen = person.visits.get(doctor_id, 0)
    if seen == 0:
        return UNSEEN
    best = max(person.visits.get(d.id, 0) for d in eligible)
    return MOST_SEEN if seen == best else SEEN


def _weights(doctor_count: int) -> tuple[int, int, int]:
    """(continuity weight, need weight, base penalty) for the lexicographic objective."""
    persons_per_cycle = doctor_count + 3
    load_per_cycle = 2 * persons_per_cycle * OVERSHOOT_COST
    w_continuity = load_per_cycle + 1
    w_need = persons_per_cycle * UNSEEN * w_continuity + load_per_cycle + 1
    # A cycle through "unassigned" swaps at most two persons' needs; the base makes one more
    # person assigned worth more than any such swap.
    base = 2 * NEED_MAX + 1
    return w_continuity, w_need, base


def _load_arcs(doctor: Doctor) -> list[tuple[int, int]]:
    """(capacity, unit cost) of the doctor's convex arcs to the sink, from their current load."""
    arcs = []
    bounds = [doctor.guide * k // LOAD_SEGMENTS for k in range(LOAD_SEGMENTS + 1)]
    for k in range(LOAD_SEGMENTS):
        free = bounds[k + 1] - max(bounds[k], doctor.current)
        if free > 0:
            arcs.append((free, k))
    above = doctor.limit - max(doctor.guide, doctor.current)
    if above > 0:
        arcs.append((above, OVERSHOOT_COST))
    return arcs


def _person_arcs(instance: Instance, w_continuity: int):
    """(person index, doctor index, cost) arrays of the person → doctor arcs. Persons who have
    seen none of their eligible doctors all get the same arcs: built in numpy blocks."""
    doctors = instance.doctors
    by_class: dict[tuple[bool, bool], tuple[list[Doctor], list[int]]] = {}
    unseen: dict[tuple[bool, bool], list[int]] = defaultdict(list)
    persons_, doctors_, costs = [], [], []
    for i, person in enumerate(instance.persons):
        key = (person.age < instance.child_below_age, person.age >= instance.older_from_age)
        if key not in by_class:
            eligible = instance.eligible(person)
            room = [j for j, d in enumerate(doctors) if d.room > 0 and d in eligible]
            by_class[key] = (eligible, room)
        eligible, room = by_class[key]
        best = max((person.visits.get(d.id, 0) for d in eligible), default=0)
        if best == 0:
            unseen[key].append(i)
            continue
        for j in room:
            seen = person.visits.get(doctors[j].id, 0)
            level = UNSEEN if seen == 0 else MOST_SEEN if seen == best else SEEN
            persons_.append(i)
            doctors_.append(j)
            costs.append(w_continuity * level)
    blocks = [(np.array(persons_, dtype=np.int64), np.array(doctors_), np.array(costs))]
    for key, members in unseen.items():
        room = np.array(by_class[key][1], dtype=np.int64)
        block = np.repeat(np.array(members, dtype=np.int64), len(room))
        blocks.append(
            (block, np.tile(room, len(members)), np.full(len(block), w_continuity * UNSEEN))
        )
    return tuple(np.concatenate([b[k] for b in blocks]).astype(np.int64) for k in range(3))


def solve(instance: Instance) -> Solution:
    """The optimal proposal for one health centre (see the module docstring)."""
    started = time.perf_counter()
    persons, doctors = instance.persons, instance.doctors
    by_need = sorted(persons, key=lambda p: (-p.need, p.id))
    if not persons:
        return Solution({}, [], time.perf_counter() - started)
    w_continuity, w_need, base = _weights(len(doctors))
    source, sink, unassigned, first_doctor = 0, 1, 2, 3
    first_person = first_doctor + len(doctors)
    count = len(persons)
    fixed = [(unassigned, sink, count, 0)]
    for j, doctor in enumerate(doctors):
        fixed += [(first_doctor + j, sink, c, cost) for c, cost in _load_arcs(doctor)]
    nodes = np.arange(first_person, first_person + count, dtype=np.int64)
    needs = np.array([min(p.need, NEED_MAX) for p in persons], dtype=np.int64)
    person_index, doctor_index, person_costs = _person_arcs(instance, w_continuity)
    fixed_arcs = np.array(fixed, dtype=np.int64).reshape(-1, 4)
    tails = np.concatenate(
        [fixed_arcs[:, 0], np.full(count, source), nodes, first_person + person_index]
    )
    heads = np.concatenate(
        [fixed_arcs[:, 1], nodes, np.full(count, unassigned), first_doctor + doctor_index]
    )
    caps = np.concatenate(
        [fixed_arcs[:, 2], np.ones(2 * count + len(person_index), dtype=np.int64)]
    )
    costs = np.concatenate(
        [fixed_arcs[:, 3], np.zeros(count, dtype=np.int64), w_need * (base + needs), person_costs]
    )
    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32), heads.astype(np.int32), caps, costs.astype(np.int64)
    )
    supplies = np.zeros(first_person + count, dtype=np.int64)
    supplies[source], supplies[sink] = count, -count
    flow.set_nodes_supplies(np.arange(len(supplies), dtype=np.int32), supplies)
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed with status {status}")
    used = flow.flows(arcs[len(arcs) - len(person_index) :]) > 0
    assigned = {
        persons[i].id: doctors[j].id
        for i, j in zip(person_index[used].tolist(), doctor_index[used].tolist(), strict=True)
    }
    left = [p.id for p in by_need if p.id not in assigned]
    return Solution(assigned, left, time.perf_counter() - started)


def greedy(instance: Instance) -> Solution:
    """The baseline: persons by need, each to the doctor they have seen most who has room (then
    the next most seen), else to the doctor with the most room. For comparison only."""
    started = time.perf_counter()
    room = {d.id: d.room for d in instance.doctors}
    assigned, left = {}, []
    for person in sorted(instance.persons, key=lambda p: (-p.need, p.id)):
        eligible = [d for d in instance.eligible(person) if room[d.id] > 0]
        seen = sorted(
            (d for d in eligible if person.visits.get(d.id, 0) > 0),
            key=lambda d: (-person.visits[d.id], d.id),
        )
        pick = seen[0] if seen else max(eligible, key=lambda d: (room[d.id], -d.id), default=None)
        if pick is None:
            left.append(person.id)
            continue
        assigned[person.id] = pick.id
        room[pick.id] -= 1
    return Solution(assigned, left, time.perf_counter() - started)


@dataclass(frozen=True)
class Quality:
    assigned: int
    unassigned: int
    need_assigned: int  # the sum of the assigned persons' need
    most_seen: int  # persons assigned to the doctor they have seen most
    visits_with_assigned: int  # visits the persons had with the doctor they were assigned


def quality(instance: Instance, solution: Solution) -> Quality:
    persons = {p.id: p for p in instance.persons}
    most_seen = visits = need = 0
    for pid, did in solution.assigned.items():
        person = persons[pid]
        need += person.need
        visits += person.visits.get(did, 0)
        eligible = instance.eligible(person)
        most_seen += continuity_level(person, did, eligible) == MOST_SEEN
    return Quality(len(solution.assigned), len(solution.unassigned), need, most_seen, visits)


def compare_with_greedy(instance: Instance) -> dict[str, Quality | float]:
    """The solver's and the greedy baseline's quality on the same instance, with run times."""
    optimal, baseline = solve(instance), greedy(instance)
    return {
        "solver": quality(instance, optimal),
        "greedy": quality(instance, baseline),
        "solver_seconds": optimal.seconds,
        "greedy_seconds": baseline.seconds,
    }
