from decimal import Decimal

import pytest

from navet.monitoring.values import ValueError_, check


def test_a_value_is_stored_in_the_canonical_unit():
    assert check("weight", "72,4", "kg").value == Decimal("72.40")
    assert check("weight", 72400, "g").value == Decimal("72.40")
    assert check("glucose", 180, "mg/dL").value == Decimal("9.99")


@pytest.mark.parametrize(
    ("measure", "value", "unit", "reason"),
    [
        ("spo2", 130, "%", "inte ett möjligt värde"),
        ("weight", 1.8, "m", "Enheten m passar inte för vikt"),
        ("pulse", "snabb", "/min", "ett tal"),
        ("bp_systolic", "NaN", "mm[Hg]", "ett tal"),
        ("symptom_score", 11, "{score}", "inte ett möjligt värde"),
        ("height", 180, "cm", "Okänt mått"),
    ],
)
def test_impossible_values_and_units_are_refused_with_the_reason(measure, value, unit, reason):
    with pytest.raises(ValueError_) as caught:
        check(measure, value, unit)
    assert reason in caught.value.reason
