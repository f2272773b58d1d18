from datetime import date
from decimal import Decimal

import pytest

from navet.payment import services
from navet.payment.models import DailyAmount, ModelChoice, RuleSet
from navet.payment.rules import Model
from navet.payment.tests.helpers import stay

pytestmark = pytest.mark.django_db


def agreement(county, **fields):
    values = {"name": "Västmanlands överenskommelse", "valid_from_year": 2020, "version": 1}
    return RuleSet.objects.create(county=county, adopted_by="Länsledningen", **{**values, **fields})


def test_the_confirmed_amounts_are_there_and_no_other():
    assert {row.year: row.amount for row in DailyAmount.objects.all()} == {
        2019: Decimal("7800.00"),
        2022: Decimal("9300.00"),
    }


def test_without_an_agreement_the_statutory_default_applies(small_county):
    applied = services.rules_for(small_county.municipalities["vasteras"], date(2022, 3, 1))
    assert applied.rule_set is None and applied.label == services.STATUTORY_LABEL
    assert (applied.params.model, applied.params.free_days_somatic) == (Model.INDIVIDUAL, 3)


def test_the_highest_valid_version_applies_and_a_month_may_change_model(small_county):
    county, vasteras = small_county.county, small_county.municipalities["vasteras"]
    agreement(county, version=1, free_days_somatic=3)
    newer = agreement(county, version=2, valid_from_year=2022, free_days_somatic=2, model="average")
    agreement(county, version=3, valid_from_year=2024, free_days_somatic=1)  # not yet valid
    agreement(county, version=4, valid_from_year=2018, valid_to_year=2021)  # no longer valid
    ModelChoice.objects.create(
        rule_set=newer, municipality=vasteras, month=date(2022, 4, 17), model="individual"
    )
    march = services.rules_for(vasteras, date(2022, 3, 1))
    april = services.rules_for(vasteras, date(2022, 4, 1))
    assert march.rule_set == newer and march.params.free_days_somatic == 2
    assert (march.params.model, april.params.model) == (Model.AVERAGE, Model.INDIVIDUAL)
    assert services.rules_for(vasteras, date(2021, 3, 1)).rule_set.version == 4


def test_an_agreement_amount_overrides_the_table(small_county):
    rule_set = agreement(small_county.county, valid_to_year=2023, amount_per_day=Decimal("8000"))
    table = services.amounts(rule_set)
    assert table[2022] == Decimal("8000") and table[2019] == Decimal("7800.00")
    open_ended = agreement(small_county.county, version=2, amount_per_day=Decimal("8100"))
    assert services.amounts(open_ended)[2040] == Decimal("8100")


def test_produce_basis_with_the_agreement(small_county):
    """Agreement v1 from 2020: 2 free days somatic, noon cut-off. Ready Mon 7 March 2022 13:00 →
    day 0 = 8 March; discharged 14 March: days 8–13 (6), liable 10–13 = 4 × 9 300 = 37 200 kr."""
    agreement(small_county.county, free_days_somatic=2, noon_cutoff=True)
    basis = services.produce_basis(
        small_county.municipalities["vasteras"],
        date(2022, 3, 9),
        [stay(ready=["2022-03-07 13:00"], discharged="2022-03-14 09:00")],
    )
    assert basis.month == date(2022, 3, 1)
    assert (basis.total_days, basis.total_amount) == (4, Decimal("37200.00"))


def test_set_amount_twice_keeps_one_row():
    services.set_amount(2030, Decimal("1"), source="test", entered_by="a")
    services.set_amount(2030, Decimal("2"), source="test", entered_by="a")
    assert DailyAmount.objects.get(year=2030).amount == Decimal("2")
