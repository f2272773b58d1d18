"""Listed persons and named-doctor persons per doctor FTE (research §2.5)."""

import pytest

from navet.followup.tests.builder import SnapshotBuilder
from navet.followup.tests.support import cell, figures, run


def _county() -> SnapshotBuilder:
    b = SnapshotBuilder()
    b.staff("D3", grade="specialist", fte=0.4).staff("N1", profession="nurse", fte=1.0)
    for key in ("P1", "P2", "P3"):
        b.person(key).listing(key, "HC1").named_contact(key, staff="D1")
    b.person("P4").listing("P4", "HC1").named_contact("P4", staff="D2")
    b.person("P5").listing("P5", "HC2")
    b.assignment("D1", "HC1", fte=0.8)
    b.assignment("D2", "HC1", fte=0.4)
    b.assignment("D3", "HC1", fte=0.4, end="2025-11-30")  # ended before the period end
    b.assignment("N1", "HC1", fte=1.0)  # not a doctor
    return b


def test_listed_per_doctor_fte_uses_assignments_on_the_period_end(tmp_path):
    table = run(_county(), tmp_path, "listed_per_doctor_fte")
    assert figures(table, "listed_per_doctor_fte", level="unit", value="HC1") == pytest.approx(
        (4, 1.2, 4 / 1.2)
    )
    assert figures(table, "listed_per_doctor_fte") == pytest.approx((5, 1.2, 5 / 1.2))
    no_doctor = cell(table, "listed_per_doctor_fte", level="unit", value="HC2")
    assert (no_doctor.numerator, no_doctor.denominator) == (1, 0)
    assert no_doctor.status == "ok" and "noll" in no_doctor.note
    assert set(table.breakdown) == {"total"}


def test_listed_per_doctor_fte_without_assignments_is_not_computable(tmp_path):
    b = _county()
    b.rows["staff_assignments"].clear()
    table = run(b, tmp_path, "listed_per_doctor_fte")
    assert set(table.status) == {"not_computable"}
    assert table.note.str.contains("staff_assignments").all()
    assert table.value.isna().all()


def test_named_doctor_load_divides_persons_by_their_doctors_fte(tmp_path):
    table = run(_county(), tmp_path, "named_doctor_persons_per_fte")
    # D1 (1.0 FTE in `staff`) is named doctor for three, D2 (0.5) for one.
    assert figures(
        table, "named_doctor_persons_per_fte", level="unit", value="HC1"
    ) == pytest.approx((4, 1.5, 4 / 1.5))
    st_only = {"named_doctor_persons_per_fte": {"doctor_grades": ["st"]}}
    table = run(_county(), tmp_path, "named_doctor_persons_per_fte", parameters=st_only)
    assert figures(table, "named_doctor_persons_per_fte") == (1, 0.5, 2)
