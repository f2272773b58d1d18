"""The individual model and the statutory default against hand-computed days.

Convention (navet.payment.rules): day 0 is the day of the ready notice (the next day when the
noon cut-off applies and the notice came at or after 12:00); a ready day is a night in hospital,
from day 0 up to but not including the day of discharge or revocation; with F free days, days
0…F−1 are free and day F onwards is liable.
"""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from navet.payment.basis import MissingAmount, invoice_basis
from navet.payment.rules import RuleParams, statutory
from navet.payment.tests.helpers import AMOUNTS, at, stay
from navet.payment.timeline import CareType

MARCH = date(2022, 3, 1)


def basis(timelines, params, month=MARCH, amounts=AMOUNTS):
    return invoice_basis(
        timelines, municipality_code="1980", month=month, params=params, amounts=amounts
    )


def only(result):
    assert len(result.lines) == 1
    return result.lines[0]


def test_statutory_default_three_calendar_days_after_the_notice():
    """Notice Mon 2022-03-07 15:00 (no cut-off in the law), discharged Mon 2022-03-14.
    Ready days 7, 8, 9, 10, 11, 12, 13 March (7); free: 7, 8, 9 (day 0–2); liable 10–13 March
    = 4 days × 9 300 kr = 37 200 kr."""
    line = only(
        basis([stay(ready=["2022-03-07 15:00"], discharged="2022-03-14 10:00")], statutory(2022))
    )
    assert line.ready_days == 7
    assert line.liable_days == 4
    assert line.amount == Decimal("37200.00")
    assert "betalningsansvar 2022-03-10–2022-03-13" in line.explanation


def test_no_liability_without_the_admission_notice():
    """Same stay as above, but the municipality never got the admission notice → 0 days, 0 kr,
    and the line says why."""
    timeline = stay(
        ready=["2022-03-07 15:00"], discharged="2022-03-14 10:00", admission_notice=None
    )
    line = only(basis([timeline], statutory(2022)))
    assert (line.liable_days, line.amount) == (0, 0)
    assert "inte fått inskrivningsmeddelande" in line.explanation


def test_no_liability_without_the_ready_notice():
    timeline = stay(ready=[("2022-03-07 15:00", None, False)], discharged="2022-03-14 10:00")
    line = only(basis([timeline], statutory(2022)))
    assert (line.liable_days, line.amount) == (0, 0)
    assert "utskrivningsklar" in line.explanation


def test_counting_waits_for_a_late_admission_notice():
    """Ready notice 2022-03-07 09:00 but the admission notice reached the municipality only on
    2022-03-09 08:00: day 0 = 9 March; discharged 14 March → days 9–13 (5), liable 12, 13 = 2."""
    timeline = stay(
        ready=["2022-03-07 09:00"],
        discharged="2022-03-14 10:00",
        admission_notice="2022-03-09 08:00",
    )
    assert only(basis([timeline], statutory(2022))).liable_days == 2


@pytest.mark.parametrize(
    "notified, liable",
    [
        # 11:59 → day 0 = Mon 7 March; days 7–13 (7), liable 10–13 = 4
        ("2022-03-07 11:59", 4),
        # 12:00 is not before noon → day 0 = Tue 8 March; days 8–13 (6), liable 11–13 = 3
        ("2022-03-07 12:00", 3),
    ],
)
def test_noon_cut_off_both_sides(notified, liable):
    params = RuleParams(noon_cutoff=True)
    line = only(basis([stay(ready=[notified], discharged="2022-03-14 10:00")], params))
    assert line.liable_days == liable


def test_a_revoked_ready_status_restarts_the_count():
    """Ready Tue 1 March 09:00, revoked Sun 6 March 10:00: days 1–5 (day 0–4), liable 4, 5 March
    = 2. Ready again Thu 10 March 10:00, discharged Mon 14 March: days 10–13 (day 0–3), liable
    13 March = 1. The days 6–9 March (not ready) count for nothing. Total 3 days = 27 900 kr."""
    timeline = stay(
        ready=[("2022-03-01 09:00", "2022-03-06 10:00"), "2022-03-10 10:00"],
        discharged="2022-03-14 10:00",
    )
    line = only(basis([timeline], statutory(2022)))
    assert line.liable_days == 3
    assert line.amount == Decimal("27900.00")
    assert "återkallad 2022-03-06 10:00" in line.explanation


def test_psychiatric_and_somatic_free_days():
    """Agreement: somatic 3 free days, psychiatric 5. Both ready 7 March 09:00, discharged
    17 March: days 7–16 = 10. Somatic 10 − 3 = 7; psychiatric 10 − 5 = 5."""
    params = RuleParams(free_days_somatic=3, free_days_psychiatric=5)
    timelines = [
        stay("S", ready=["2022-03-07 09:00"], discharged="2022-03-17 09:00"),
        stay(
            "P",
            ready=["2022-03-07 09:00"],
            discharged="2022-03-17 09:00",
            care=CareType.PSYCHIATRIC,
        ),
    ]
    days = {line.episode_ref: line.liable_days for line in basis(timelines, params).lines}
    assert days == {"S": 7, "P": 5}


def test_the_2018_transitional_rule_for_psychiatry():
    assert statutory(2018).free_days_psychiatric == 30
    assert statutory(2019).free_days_psychiatric == 3


def test_days_caused_by_the_regions_own_gap_are_excluded():
    """Ready Mon 7 March 09:00, discharged 14 March: days 7–13, day 0–6; liable day 3–6 =
    10–13 March. The health centre was not ready 9–11 March: 10 and 11 are not paid → 12, 13
    March = 2 days = 18 600 kr. (9 March was a free day anyway.)"""
    timeline = stay(
        ready=["2022-03-07 09:00"],
        discharged="2022-03-14 10:00",
        excluded=[("2022-03-09", "2022-03-11", "vårdcentralen ej klar")],
    )
    line = only(basis([timeline], statutory(2022)))
    assert (line.liable_days, line.excluded_days, line.amount) == (2, 3, Decimal("18600.00"))
    assert "undantaget 2022-03-09–2022-03-11 (vårdcentralen ej klar)" in line.explanation


def test_month_boundary_splits_the_days():
    """Ready Thu 27 Jan 2022 09:00, discharged Fri 4 Feb: days 27 Jan–3 Feb (day 0–7); liable
    day 3–7 = 30, 31 Jan (January: 2) and 1, 2, 3 Feb (February: 3)."""
    timeline = stay(ready=["2022-01-27 09:00"], discharged="2022-02-04 10:00")
    january = only(basis([timeline], statutory(2022), month=date(2022, 1, 1)))
    february = only(basis([timeline], statutory(2022), month=date(2022, 2, 1)))
    assert (january.liable_days, january.ready_days) == (2, 5)
    assert (february.liable_days, february.ready_days) == (3, 3)


def test_a_patient_still_in_hospital_is_billed_to_the_month_end():
    """Ready 27 Jan 09:00, not discharged: January days 27–31 (day 0–4), liable 30, 31 = 2."""
    timeline = stay(ready=["2022-01-27 09:00"])
    assert only(basis([timeline], statutory(2022), month=date(2022, 1, 1))).liable_days == 2


def test_amount_per_year():
    """2019: 4 liable days × 7 800 = 31 200 kr; 2022: the same stay × 9 300 = 37 200 kr."""
    for year, expected in ((2019, "31200.00"), (2022, "37200.00")):
        timeline = stay(
            ready=[f"{year}-03-04 09:00"],
            discharged=f"{year}-03-11 09:00",
            admitted=f"{year}-03-01 08:00",
        )
        line = only(basis([timeline], statutory(year), month=date(year, 3, 1)))
        assert (line.liable_days, line.amount) == (4, Decimal(expected))


def test_each_day_is_paid_at_its_own_years_amount():
    """Ready 27 Dec 2021 09:00, discharged 4 Jan 2022: liable 30, 31 Dec (2021) and 1, 2, 3 Jan
    (2022). 1 000 kr for 2021 is a test figure, not Socialstyrelsen's. December 2 × 1 000 =
    2 000; January 3 × 9 300 = 27 900."""
    amounts = {**AMOUNTS, 2021: Decimal("1000")}
    timeline = stay(
        ready=["2021-12-27 09:00"], discharged="2022-01-04 09:00", admitted="2021-12-20 08:00"
    )
    december = only(basis([timeline], statutory(2021), month=date(2021, 12, 1), amounts=amounts))
    january = only(basis([timeline], statutory(2022), month=date(2022, 1, 1), amounts=amounts))
    assert (december.amount, january.amount) == (Decimal("2000.00"), Decimal("27900.00"))


def test_a_year_without_an_amount_is_refused():
    timeline = stay(ready=["2023-03-06 09:00"], discharged="2023-03-13 09:00")
    with pytest.raises(MissingAmount, match="2023"):
        basis([timeline], statutory(2023), month=date(2023, 3, 1))


def test_other_municipalities_and_unrelated_months_are_left_out():
    timelines = [
        stay("A", ready=["2022-03-07 09:00"], discharged="2022-03-14 09:00", municipality="1981"),
        stay("B", ready=["2022-01-03 09:00"], discharged="2022-01-05 09:00"),
    ]
    assert basis(timelines, statutory(2022)).lines == []
    assert at("2022-03-07 09:00").tzinfo is not None


def test_an_agreement_may_require_the_sip_call():
    """The statutory stay (4 liable days) needed both principals but no SIP call was sent: with
    an agreement that requires the call, 0 days; without that condition, still 4."""
    timeline = replace(
        stay(ready=["2022-03-07 15:00"], discharged="2022-03-14 10:00"), sip_call_required=True
    )
    strict = RuleParams(require_sip_call=True)
    assert only(basis([timeline], strict)).liable_days == 0
    assert "kallelse till SIP" in only(basis([timeline], strict)).explanation
    assert only(basis([timeline], RuleParams())).liable_days == 4
    sent = replace(timeline, sip_call_sent_at=at("2022-03-08 10:00"))
    assert only(basis([sent], strict)).liable_days == 4
