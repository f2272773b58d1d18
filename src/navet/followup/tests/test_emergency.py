"""Frequent ED attenders over 12 months, with visit bands (research §2.7)."""

import datetime as dt

from navet.followup.tests.builder import SnapshotBuilder
from navet.followup.tests.support import cell, figures, run

ID = "frequent_ed_attenders"


def _visits(b: SnapshotBuilder, person: str, count: int, unit="ED1", start="2025-02-01"):
    first = dt.date.fromisoformat(start)
    for offset in range(count):
        b.ed_visit(person, f"{first + dt.timedelta(days=offset)} 12:00", unit=unit)


def test_four_visits_in_twelve_months_make_a_frequent_attender(tmp_path):
    b = SnapshotBuilder()
    b.person("FOUR").person("THREE").person("EDGE")
    _visits(b, "FOUR", 4)
    _visits(b, "THREE", 3)
    # 23:30 on 31 Dec 2024 is outside the window; 00:30 on 1 Jan 2025 (23:30 UTC) is inside.
    b.ed_visit("EDGE", "2024-12-31 23:30").ed_visit("EDGE", "2025-01-01 00:30")
    _visits(b, "EDGE", 2)
    table = run(b, tmp_path, ID)
    assert figures(table, ID) == (1, 3, 1 / 3)


def test_persons_dead_on_the_period_end_do_not_count(tmp_path):
    b = SnapshotBuilder()
    b.person("A").person("DEAD", death="2025-10-01")
    _visits(b, "A", 1)
    _visits(b, "DEAD", 5)
    table = run(b, tmp_path, ID)
    assert figures(table, ID) == (0, 1, 0)


def test_visit_bands_split_the_numerator_over_the_same_denominator(tmp_path):
    b = SnapshotBuilder()
    for key, count in (("V4", 4), ("V9", 9), ("V10", 10), ("V19", 19), ("V20", 20), ("V1", 1)):
        b.person(key)
        _visits(b, key, count)
    table = run(b, tmp_path, ID)
    assert figures(table, ID) == (5, 6, 5 / 6)
    for band, count in (("4-9", 2), ("10-19", 2), ("20+", 1)):
        assert figures(table, ID, breakdown="visit_band", breakdown_value=band) == (
            count,
            6,
            count / 6,
        )
    assert set(table.breakdown_value[table.breakdown == "visit_band"]) == {"4-9", "10-19", "20+"}


def test_a_person_belongs_to_the_ed_visited_most(tmp_path):
    b = SnapshotBuilder()
    b.unit("ED2", kind="emergency_department", municipality="1981", subarea="Nod Sala")
    b.person("A")
    _visits(b, "A", 2, unit="ED1")
    _visits(b, "A", 3, unit="ED2", start="2025-05-01")
    b.person("B")
    _visits(b, "B", 1, unit="ED1")
    table = run(b, tmp_path, ID)
    assert figures(table, ID, level="unit", value="ED2") == (1, 1, 1)
    assert figures(table, ID, level="unit", value="ED1") == (0, 1, 0)
    assert cell(table, ID, level="municipality", value="1980").denominator == 2  # homes
