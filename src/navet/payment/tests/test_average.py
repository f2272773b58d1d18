"""The average model against hand-computed figures. Month billed: March 2022; window January–March
2022 (3 months). Somatic 3 free days, psychiatric 5; no noon cut-off (notices at 09:00)."""

from datetime import date
from decimal import Decimal

from navet.payment.basis import invoice_basis
from navet.payment.rules import Model, RuleParams
from navet.payment.tests.helpers import AMOUNTS, stay
from navet.payment.timeline import CareType

AVERAGE = RuleParams(model=Model.AVERAGE, free_days_somatic=3, free_days_psychiatric=5)

# Somatic episodes and their ready days (discharge date − day 0):
#   E0  1 Dec 2021 → 31 Dec 2021: 30 days, closed before the window → not counted
#   E1 10 Jan → 16 Jan: 6      E2 20 Jan → 21 Jan: 1
#   E3  1 Feb →  9 Feb: 8      E4 14 Feb → 14 Feb: 0 (day 0: counts only with day_zero)
#   E5  1 Mar →  6 Mar: 5      E6 10 Mar → 20 Mar: 10
#   E7 25 Mar → still in hospital: not closed → not counted, not billed in March
#   P1 psychiatric 1 Mar → 4 Mar: 3
EPISODES = [
    stay(
        "E0", ready=["2021-12-01 09:00"], discharged="2021-12-31 09:00", admitted="2021-11-30 08:00"
    ),
    stay("E1", ready=["2022-01-10 09:00"], discharged="2022-01-16 09:00"),
    stay("E2", ready=["2022-01-20 09:00"], discharged="2022-01-21 09:00"),
    stay("E3", ready=["2022-02-01 09:00"], discharged="2022-02-09 09:00"),
    stay("E4", ready=["2022-02-14 09:00"], discharged="2022-02-14 15:00"),
    stay("E5", ready=["2022-03-01 09:00"], discharged="2022-03-06 09:00"),
    stay("E6", ready=["2022-03-10 09:00"], discharged="2022-03-20 09:00"),
    stay("E7", ready=["2022-03-25 09:00"]),
    stay(
        "P1", ready=["2022-03-01 09:00"], discharged="2022-03-04 09:00", care=CareType.PSYCHIATRIC
    ),
]


def march(timelines, params):
    return invoice_basis(
        timelines, municipality_code="1980", month=date(2022, 3, 1), params=params, amounts=AMOUNTS
    )


def test_the_rolling_three_month_average():
    """Counted: E1 6 + E2 1 + E3 8 + E5 5 + E6 10 = 30 days over 5 episodes = 6.00 days.
    Excess over 3 free days = 3.00 per episode. March's episodes E5, E6: 3.00 days each × 9 300 =
    27 900 kr each; 6 days, 55 800 kr. Psychiatric: P1 alone, 3.00 ≤ 5 free days → 0."""
    result = march(EPISODES, AVERAGE)
    lines = {line.episode_ref: line for line in result.lines}
    assert set(lines) == {"E5", "E6", "P1"}
    assert lines["E5"].liable_days == lines["E6"].liable_days == Decimal("3.00")
    assert lines["E5"].amount == Decimal("27900.00")
    assert lines["P1"].liable_days == 0
    assert (result.total_days, result.total_amount) == (Decimal("6.00"), Decimal("55800.00"))
    somatic = next(f for f in result.averages if f.care_type is CareType.SOMATIC)
    assert (somatic.episodes, somatic.ready_days, somatic.average) == (5, 30, Decimal("6.00"))
    assert "genomsnitt 6.00 dagar över 5 vårdtillfällen 2022-01–2022-03" in lines["E5"].explanation


def test_day_zero_counts_in_the_average():
    """With day 0: E4 (0 days) joins: 30 days / 6 episodes = 5.00; excess 2.00; March: E5, E6
    2.00 each = 4 days × 9 300 = 37 200 kr. N1, never ready for discharge, is not an episode of
    the average at all."""
    never_ready = stay("N1", discharged="2022-03-05 09:00")
    result = march([*EPISODES, never_ready], RuleParams(**{**AVERAGE.__dict__, "day_zero": True}))
    assert (result.total_days, result.total_amount) == (Decimal("4.00"), Decimal("37200.00"))


def test_a_one_month_window():
    """rolling_months = 1: March only, E5 5 + E6 10 = 15 / 2 = 7.50; excess 4.50; 9.00 days =
    83 700 kr."""
    params = RuleParams(**{**AVERAGE.__dict__, "rolling_months": 1})
    result = march(EPISODES, params)
    assert (result.total_days, result.total_amount) == (Decimal("9.00"), Decimal("83700.00"))


def test_missing_notices_and_gap_days_leave_the_average():
    """E8 (March, 20 days) without admission notice: billed 0 and not in the average. E6 gets
    10–14 March excluded (the region's gap, 5 of its 10 days): E6 counts 5. Average (6 + 1 + 8
    + 5 + 5) / 5 = 5.00; excess 2.00; E5, E6 2.00 each = 4 days."""
    episodes = [e for e in EPISODES if e.episode_ref != "E6"] + [
        stay(
            "E6",
            ready=["2022-03-10 09:00"],
            discharged="2022-03-20 09:00",
            excluded=[("2022-03-10", "2022-03-14", "vårdcentralen ej klar")],
        ),
        stay(
            "E8", ready=["2022-03-01 09:00"], discharged="2022-03-21 09:00", admission_notice=None
        ),
    ]
    result = march(episodes, AVERAGE)
    lines = {line.episode_ref: line for line in result.lines}
    assert lines["E8"].liable_days == 0 and "inskrivningsmeddelande" in lines["E8"].explanation
    assert lines["E6"].excluded_days == 5
    assert result.total_days == Decimal("4.00")


def test_no_excess_no_bill():
    """Only E5 (5 days) with 5 free days: average 5.00, excess 0."""
    params = RuleParams(model=Model.AVERAGE, free_days_somatic=5)
    assert march([EPISODES[5]], params).total_amount == 0
