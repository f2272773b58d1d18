"""The proposal solver on hand-built instances whose optimal answer is known (no database)."""

from __future__ import annotations

from navet.listing.proposals import (
    NEED_MAX,
    Candidate,
    Doctor,
    Instance,
    compare_with_greedy,
    greedy,
    need_level,
    quality,
    solve,
)


def doctor(pk, guide, current=0, limit=None, serves="all"):
    return Doctor(pk, guide, current, guide if limit is None else limit, serves)


def person(pk, need=0, age=50, **visits):
    return Candidate(pk, need, age, {int(k[1:]): v for k, v in visits.items()})


def test_continuity_beats_greedy_where_the_optimum_is_known():
    # A (highest need) has seen X most, then Y, once Z; B only X; C and D only Y. X 1 place,
    # Y 2, Z 1. Greedy gives A X, then B the doctor with most room (Y), which pushes D to Z. The
    # one optimum sends A to Z, whom A has seen: B to X, C and D to Y — three persons with the
    # doctor they saw most and the fourth with one they have seen.
    instance = Instance(
        [doctor(1, 1), doctor(2, 2), doctor(3, 1)],
        [
            person(10, 9, d1=3, d2=2, d3=1),
            person(11, 8, d1=4),
            person(12, 7, d2=2),
            person(13, 6, d2=1),
        ],
    )
    assert solve(instance).assigned == {10: 3, 11: 1, 12: 2, 13: 2}
    assert greedy(instance).assigned == {10: 1, 11: 2, 12: 2, 13: 3}
    compared = compare_with_greedy(instance)
    assert compared["solver"].most_seen == 3 and compared["greedy"].most_seen == 2
    assert compared["solver"].visits_with_assigned == 8 > compared["greedy"].visits_with_assigned


def test_need_comes_before_continuity():
    # One place: the person in greater need gets it even though the other has seen the doctor.
    instance = Instance([doctor(1, 1)], [person(10, 1, d1=9), person(11, 5)])
    solution = solve(instance)
    assert solution.assigned == {11: 1}
    assert solution.unassigned == [10]


def test_the_number_assigned_comes_before_need():
    # The paediatrician can take only the child; the adult in greatest need cannot use that
    # place, so the optimum assigns two (the child and one adult), the higher-need adult.
    instance = Instance(
        [doctor(1, 1, serves="children"), doctor(2, 1)],
        [person(10, 0, age=5), person(11, 9), person(12, 4)],
    )
    solution = solve(instance)
    assert solution.assigned == {10: 1, 11: 2}
    assert solution.unassigned == [12]


def test_unassigned_are_listed_by_need():
    instance = Instance(
        [doctor(1, 1)], [person(10, 2), person(11, 7), person(12, 4), person(13, 0)]
    )
    solution = solve(instance)
    assert solution.assigned == {11: 1}
    assert solution.unassigned == [12, 10, 13]


def test_capacity_is_hard_and_counts_current_named_doctor_persons():
    instance = Instance([doctor(1, 5, current=4)], [person(i, 3) for i in range(10, 15)])
    assert len(solve(instance).assigned) == 1


def test_an_overshoot_makes_capacity_soft():
    instance = Instance([doctor(1, 2, limit=3)], [person(i, 3) for i in range(10, 15)])
    assert len(solve(instance).assigned) == 3


def test_load_is_balanced_when_nothing_else_decides():
    instance = Instance([doctor(1, 10), doctor(2, 10)], [person(i) for i in range(10, 16)])
    counts = list(solve(instance).assigned.values())
    assert counts.count(1) == counts.count(2) == 3


def test_the_overshoot_is_used_only_when_the_guide_value_is_full():
    instance = Instance([doctor(1, 2, limit=4), doctor(2, 2)], [person(i) for i in range(10, 14)])
    counts = list(solve(instance).assigned.values())
    assert counts.count(1) == counts.count(2) == 2


def test_geriatrician_only_for_older_persons():
    instance = Instance([doctor(1, 5, serves="older")], [person(10, 5, age=40), person(11, 0, 80)])
    assert solve(instance).assigned == {11: 1}


def test_empty_instances():
    assert solve(Instance([], [person(10)])).unassigned == [10]
    assert solve(Instance([doctor(1, 3)], [])).assigned == {}
    assert quality(Instance([], []), greedy(Instance([], []))).assigned == 0


def test_need_level_is_the_need_weight_in_quarter_points():
    assert need_level(0.7) == 3  # a child with no addition
    assert need_level(1.0) == 4  # an adult of working age
    assert need_level(6.0) == 24  # 85+, every addition (the defaults' highest)
    assert need_level(2.6) == 10
    assert need_level(50.0) == NEED_MAX
    assert need_level(-1.0) == 0
