"""The long result table: its columns, one row per key, month grain, not computable rows."""

import datetime as dt

import pytest

from navet.followup import runner
from navet.followup.days import Period
from navet.followup.registry import REGISTRY
from navet.followup.results import RESULT_COLUMNS
from navet.followup.tests.builder import SnapshotBuilder
from navet.followup.tests.support import YEAR_2025, cell, run

IDS = (
    "continuity_coc", "continuity_coc_share_0_7", "continuity_upc", "continuity_mmci",
    "continuity_secon", "named_doctor_coverage", "named_doctor_coverage_population",
    "listing_active_choice", "listed_per_doctor_fte", "named_doctor_persons_per_fte",
    "ready_for_discharge_days_mean", "ready_for_discharge_days_total",
    "ready_for_discharge_days_per_1000_65plus",
    "admission_notice_within_24h", "sip_call_within_3d", "discharge_notice_on_time",
    "named_care_contact_before_discharge",
    "readmission_30d", "readmission_7d",
    "readmission_3d", "avoidable_inpatient_care", "frequent_ed_attenders",
    "phone_answered_same_day", "medical_assessment_within_3d", "most_ill_elderly",
    "sip_active_per_1000", "sip_followup_on_time", "sip_with_own_goals",
    "sip_meetings_remote_share",
)  # fmt: skip
KEY = [
    "indicator",
    "period_start",
    "period_end",
    "level",
    "level_value",
    "breakdown",
    "breakdown_value",
]


def _small_county() -> SnapshotBuilder:
    b = SnapshotBuilder()
    b.person("A", birth="1940-01-01").listing("A").named_contact("A")
    b.visit("A", "2025-02-01").visit("A", "2025-03-01", staff="D2")
    b.episode("e1", "A", "2025-03-01 10:00", "2025-03-05 10:00", ready="2025-03-03 10:00")
    b.ed_visit("A", "2025-04-01 10:00").phone_call("2025-04-01 10:00", True)
    b.care_request("A", "2025-04-01", "2025-04-02")
    b.person("B", sex="M", birth="2010-01-01", municipality="1981").listing("B", "HC2")
    return b


def test_every_indicator_of_the_issue_is_registered():
    assert tuple(indicator.id for indicator in REGISTRY) == IDS


def test_one_row_per_key_with_the_exact_columns(tmp_path):
    table = run(_small_county(), tmp_path, *IDS)
    assert tuple(table.columns) == RESULT_COLUMNS
    assert not table.duplicated(KEY).any()
    assert set(table.indicator) == set(IDS)
    assert set(table.level) == {"county", "subarea", "municipality", "unit"}
    ages = set(table.breakdown_value[table.breakdown == "age_band"])
    assert ages == {"0-17", "18-64", "65-79", "80+"}
    shares = table[table.indicator.map(lambda i: REGISTRY[i].unit.value == "share")]
    assert shares.value.dropna().between(0, 1).all()
    # Every indicator reports each of its levels, values and breakdown values.
    coverage = table[table.indicator == "named_doctor_coverage"]
    assert len(coverage) == (1 + 2 + 2 + 2) * (1 + 2 + 4 + 4)  # levels × breakdown values


def test_month_grain_adds_one_set_per_calendar_month(tmp_path):
    period = Period(dt.date(2025, 1, 15), dt.date(2025, 3, 31))
    table = run(
        _small_county(),
        tmp_path,
        "readmission_30d",
        "named_doctor_coverage",
        period=period,
        grain="month",
    )
    periods = sorted(set(zip(table.period_start, table.period_end, strict=True)))
    assert periods == [
        (dt.date(2025, 1, 15), dt.date(2025, 1, 31)),
        (dt.date(2025, 1, 15), dt.date(2025, 3, 31)),
        (dt.date(2025, 2, 1), dt.date(2025, 2, 28)),
        (dt.date(2025, 3, 1), dt.date(2025, 3, 31)),
    ]
    assert not table.duplicated(KEY).any()
    march = Period(dt.date(2025, 3, 1), dt.date(2025, 3, 31))
    assert cell(table, "readmission_30d", period=march).denominator == 1
    assert cell(table, "readmission_30d", period=period).denominator == 1


def test_missing_optional_input_is_not_computable_never_zero(tmp_path):
    table = run(_small_county(), tmp_path, "listed_per_doctor_fte", "listing_active_choice")
    assert set(table.status) == {"not_computable"}
    assert table[["numerator", "denominator", "value"]].isna().all().all()
    assert (table.note != "").all()


def test_unknown_indicator_or_parameter_is_refused(tmp_path):
    root = _small_county().write(tmp_path / "snap")
    with pytest.raises(KeyError, match="Okända indikatorer: nope"):
        runner.run(root, YEAR_2025, only=["nope"])
    with pytest.raises(KeyError, match="okänd parameter window"):
        runner.run(root, YEAR_2025, parameters={"readmission_30d": {"window": 5}})
    with pytest.raises(ValueError, match="upplösning"):
        runner.run(root, YEAR_2025, grain="week")


def test_the_run_describes_itself_for_storage(tmp_path):
    root = _small_county().write(tmp_path / "snap")
    result = runner.run(root, YEAR_2025, only=["readmission_30d"])
    assert result.engine == "duckdb" and result.min_subjects == 5
    assert result.parameters["readmission_30d"]["window_days"] == 30
    assert result.snapshot.manifest["source"] == "test"
    assert set(result.seconds) == {"readmission_30d"}
