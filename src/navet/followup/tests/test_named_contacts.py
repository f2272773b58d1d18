"""Named doctor coverage and listing by active choice, on the period end (research §2.5)."""

from navet.followup.tests.builder import SnapshotBuilder
from navet.followup.tests.support import cell, figures, run


def _county() -> SnapshotBuilder:
    b = SnapshotBuilder()
    b.person("A").listing("A").named_contact("A")  # listed, named doctor
    b.person("B").listing("B")  # listed, no named doctor
    b.person("C").named_contact("C")  # not listed (a contact without a listing)
    b.person("ENDED").listing("ENDED").named_contact("ENDED", end="2025-12-30")
    b.person("LAST_DAY").listing("LAST_DAY").named_contact("LAST_DAY", end="2025-12-31")
    b.person("NURSE").listing("NURSE").named_contact("NURSE", role="named_care_contact")
    b.person("DEAD", death="2025-12-01").listing("DEAD").named_contact("DEAD")
    b.person("FUTURE").listing("FUTURE").named_contact("FUTURE", start="2026-01-01")
    return b


def test_coverage_counts_listed_persons_with_a_valid_named_doctor(tmp_path):
    table = run(_county(), tmp_path, "named_doctor_coverage")
    # Listed and alive: A, B, ENDED, LAST_DAY, NURSE, FUTURE. Named doctor on 31 Dec: A and
    # LAST_DAY (valid_to is inclusive).
    assert figures(table, "named_doctor_coverage") == (2, 6, 2 / 6)
    assert figures(table, "named_doctor_coverage", level="unit", value="HC1") == (2, 6, 2 / 6)


def test_population_coverage_has_all_living_residents_as_denominator(tmp_path):
    table = run(_county(), tmp_path, "named_doctor_coverage_population")
    # Residents alive on 31 Dec: the six listed and C; C has a named doctor but no listing.
    assert figures(table, "named_doctor_coverage_population") == (2, 7, 2 / 7)
    assert "unit" not in set(table.level)


def test_residents_are_counted_where_they_live_on_the_period_end(tmp_path):
    b = SnapshotBuilder()
    b.person("MOVER", municipality="1981").listing("MOVER").named_contact("MOVER")
    b.residence("MOVER", "1980", "2000-01-01", "2025-10-31").residence(
        "MOVER", "1981", "2025-11-01"
    )
    b.person("GONE").residence("GONE", "1980", "2000-01-01", "2025-05-31")  # moved out
    table = run(b, tmp_path, "named_doctor_coverage_population")
    assert figures(
        table, "named_doctor_coverage_population", level="municipality", value="1981"
    ) == (1, 1, 1)
    assert cell(
        table, "named_doctor_coverage_population", level="municipality", value="1980"
    ).suppressed  # nobody lives there on 31 Dec
    assert figures(table, "named_doctor_coverage_population") == (1, 1, 1)


def test_active_choice_share_leaves_unknown_origins_out(tmp_path):
    b = SnapshotBuilder()
    b.person("A").listing("A", origin="active_choice")
    b.person("B").listing("B", origin="automatic")
    b.person("C").listing("C", origin="active_choice", end="2025-06-30")  # ended
    b.person("D").listing("D", origin="active_choice", start="2025-07-01", unit="HC2")
    table = run(b, tmp_path, "listing_active_choice")
    assert figures(table, "listing_active_choice") == (2, 3, 2 / 3)
    assert figures(table, "listing_active_choice", level="unit", value="HC2") == (1, 1, 1)


def test_active_choice_without_origin_column_is_not_computable(tmp_path):
    b = SnapshotBuilder()
    b.person("A").listing("A")  # no origin column at all
    table = run(b, tmp_path, "listing_active_choice")
    rows = table[table.indicator == "listing_active_choice"]
    assert set(rows.status) == {"not_computable"}
    assert rows.numerator.isna().all() and rows.value.isna().all()
    assert rows.note.str.contains("origin").all()
    assert not rows.suppressed.any()
