"""Follow-up's indicator catalogue as the roadmap needs it: id, Swedish name, how a target for it
is written (percent for shares, a number otherwise).

Importing the indicator definitions pulls in the analytics stack (Ibis), so the catalogue is read
on first use and kept; views that only show a stored target use the name copied onto `Target`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from navet.roadmap.models import TargetUnit


@dataclass(frozen=True)
class IndicatorInfo:
    id: str
    name: str
    definition: str
    target_unit: str  # TargetUnit
    unit_label: str
    reference: str


@cache
def indicator_catalogue() -> dict[str, IndicatorInfo]:
    import navet.followup.indicators  # noqa: F401  (registers every indicator)
    from navet.followup.registry import REGISTRY, Unit

    result = {}
    for indicator in REGISTRY:
        share = indicator.unit == Unit.SHARE
        label = ""
        if indicator.unit == Unit.RATE and indicator.scale != 1:
            label = f"per {int(indicator.scale):,}".replace(",", " ")
        elif indicator.unit == Unit.MEAN:
            label = "medelvärde"
        result[indicator.id] = IndicatorInfo(
            id=indicator.id,
            name=indicator.name,
            definition=indicator.definition,
            target_unit=TargetUnit.PERCENT if share else TargetUnit.NUMBER,
            unit_label=label,
            reference=indicator.reference,
        )
    return result


def indicator_choices() -> list[tuple[str, str]]:
    return sorted(((i.id, i.name) for i in indicator_catalogue().values()), key=lambda c: c[1])
