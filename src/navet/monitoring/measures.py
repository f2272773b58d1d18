"""The measures of home monitoring: code (LOINC where one fits), canonical UCUM unit, the units
accepted (with their conversion), the range a real measurement can have, and the default
thresholds a unit starts from when it enrols a person (changed per person).

Default thresholds (documented in docs/monitoring.md) follow common Swedish home-monitoring
protocols for heart failure, COPD, hypertension and diabetes; they are a starting point, the
responsible unit sets each person's own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

LOINC = "http://loinc.org"
NAVET_CODES = "urn:navet:monitoring"  # measures without a fitting LOINC code
UCUM = "http://unitsofmeasure.org"


@dataclass(frozen=True)
class Measure:
    key: str
    label: str  # Swedish
    system: str
    code: str
    unit: str  # canonical UCUM code, the unit stored
    unit_label: str
    plausible: tuple[Decimal, Decimal]  # a value outside is impossible: refused
    low: Decimal | None  # default threshold: below → alert
    high: Decimal | None  # default threshold: above → alert
    # Other UCUM units accepted, with the factor to the canonical unit.
    conversions: dict[str, Decimal] = field(default_factory=dict)
    decimals: int = 0


def D(text: str) -> Decimal:
    return Decimal(text)


MEASURES: dict[str, Measure] = {
    m.key: m
    for m in (
        Measure(
            "bp_systolic", "Blodtryck, systoliskt", LOINC, "8480-6", "mm[Hg]", "mmHg",
            (D("40"), D("300")), D("90"), D("160"),
        ),
        Measure(
            "bp_diastolic", "Blodtryck, diastoliskt", LOINC, "8462-4", "mm[Hg]", "mmHg",
            (D("20"), D("200")), D("50"), D("100"),
        ),
        Measure(
            "weight", "Vikt", LOINC, "29463-7", "kg", "kg",
            (D("1"), D("400")), None, None, {"g": D("0.001")}, decimals=1,
        ),
        Measure(
            "spo2", "Syremättnad (SpO2)", LOINC, "59408-5", "%", "%",
            (D("50"), D("100")), D("92"), None,
        ),
        Measure(
            "pulse", "Puls", LOINC, "8867-4", "/min", "slag/min",
            (D("20"), D("250")), D("50"), D("110"), {"{beats}/min": D("1")},
        ),
        Measure(
            "glucose", "Blodsocker", LOINC, "15074-8", "mmol/L", "mmol/l",
            (D("0.5"), D("50")), D("4"), D("15"), {"mg/dL": D("1") / D("18.016")}, decimals=1,
        ),
        Measure(
            "symptom_score", "Symtomskattning (0–10)", NAVET_CODES, "symptom-score",
            "{score}", "poäng", (D("0"), D("10")), None, D("6"),
        ),
    )
}  # fmt: skip

BY_CODE: dict[tuple[str, str], Measure] = {(m.system, m.code): m for m in MEASURES.values()}


def choices() -> list[tuple[str, str]]:
    return [(m.key, m.label) for m in MEASURES.values()]
