"""Small-cell suppression: primary, complementary within breakdowns and across geography."""

import numpy as np
import pandas as pd

from navet.followup import suppression
from navet.followup.tests.builder import SnapshotBuilder
from navet.followup.tests.support import cell, run


def _cells(rows, numerator_only=False) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=[*suppression.KEY, "num_subjects", "den_subjects"])
    frame["numerator_only"] = numerator_only
    return frame


def _hidden(frame, suppress_on=("denominator",), k=5, parents=None):
    hidden, _ = suppression.suppress(frame, suppress_on, k, parents or {})
    return dict(zip(frame.breakdown_value + "@" + frame.level_value, hidden, strict=True))


def test_a_lone_small_cell_takes_the_smallest_other_cell_with_it():
    frame = _cells([
        ("county", "19", "total", "total", 10, 40),
        ("county", "19", "age_band", "0-17", 0, 0),  # empty: hidden, but reveals nothing
        ("county", "19", "age_band", "18-64", 1, 3),  # small
        ("county", "19", "age_band", "65-79", 4, 12),
        ("county", "19", "age_band", "80+", 5, 25),
    ])  # fmt: skip
    hidden = _hidden(frame)
    assert hidden == {
        "total@19": False,
        "0-17@19": True,
        "18-64@19": True,
        "65-79@19": True,
        "80+@19": False,
    }


def test_two_small_cells_protect_each_other():
    frame = _cells([
        ("county", "19", "total", "total", 3, 8),
        ("county", "19", "sex", "F", 1, 4),
        ("county", "19", "sex", "M", 2, 4),
    ])  # fmt: skip
    assert _hidden(frame) == {"total@19": False, "F@19": True, "M@19": True}


def test_each_breakdown_is_its_own_group():
    frame = _cells([
        ("county", "19", "total", "total", 0, 30),
        ("county", "19", "sex", "F", 0, 27),
        ("county", "19", "sex", "M", 0, 3),
        ("county", "19", "living_situation", "own_home", 0, 20),
        ("county", "19", "living_situation", "home_care", 0, 10),
    ])  # fmt: skip
    hidden = _hidden(frame)
    assert hidden["M@19"] and hidden["F@19"]
    assert not hidden["own_home@19"] and not hidden["home_care@19"]


def test_a_hidden_total_needs_no_complement():
    frame = _cells([
        ("county", "19", "total", "total", 3, 4),
        ("county", "19", "sex", "F", 1, 1),
        ("county", "19", "sex", "M", 2, 3),
    ])  # fmt: skip
    assert all(_hidden(frame).values())


def test_municipalities_are_protected_within_their_county_and_subarea():
    frame = _cells([
        ("county", "19", "total", "total", 0, 30),
        ("subarea", "S1", "total", "total", 0, 30),
        ("municipality", "1980", "total", "total", 0, 3),
        ("municipality", "1981", "total", "total", 0, 20),
        ("municipality", "1982", "total", "total", 0, 7),
    ])  # fmt: skip
    parents = {
        "municipality": {
            m: [("subarea", "S1"), ("county", "19")] for m in ("1980", "1981", "1982")
        },
        "subarea": {"S1": [("county", "19")]},
    }
    hidden = _hidden(frame, parents=parents)
    assert hidden["total@1980"] and hidden["total@1982"] and not hidden["total@1981"]
    assert not hidden["total@19"] and not hidden["total@S1"]


def test_numerator_rule_shows_zero_and_hides_one_to_four():
    frame = _cells([
        ("county", "19", "total", "total", 0, 0),
        ("municipality", "1980", "total", "total", 3, 0),
        ("municipality", "1981", "total", "total", 0, 0),
    ])  # fmt: skip
    first = suppression.primary(frame, ("numerator",), 5).to_numpy()
    assert first.tolist() == [False, True, False]


def test_suppression_end_to_end_keeps_keys_and_empties_figures(tmp_path):
    b = SnapshotBuilder()
    for key in b.persons("F", 12, sex="F"):
        b.listing(key).named_contact(key)
    for key in b.persons("M", 3, sex="M"):
        b.listing(key)
    table = run(b, tmp_path, "named_doctor_coverage", min_subjects=5)
    total = cell(table, "named_doctor_coverage")
    assert (total.numerator, total.denominator, total.suppressed) == (12, 15, False)
    men = cell(table, "named_doctor_coverage", breakdown="sex", breakdown_value="M")
    women = cell(table, "named_doctor_coverage", breakdown="sex", breakdown_value="F")
    assert men.suppressed and "färre än 5" in men.note
    assert women.suppressed and "annan dold cell" in women.note  # else F = total − M
    for row in (men, women):
        assert np.isnan([row.numerator, row.denominator, row.value]).all()
        assert row.status == "ok"


def test_the_threshold_is_configurable(tmp_path):
    b = SnapshotBuilder()
    for key in b.persons("P", 3):
        b.listing(key)
    assert cell(
        run(b, tmp_path, "named_doctor_coverage", min_subjects=5), "named_doctor_coverage"
    ).suppressed
    assert not cell(
        run(b, tmp_path, "named_doctor_coverage", min_subjects=3), "named_doctor_coverage"
    ).suppressed
