"""The indicator reference in docs/indicators.md, rendered from the registry so it cannot drift.

    python -m navet.followup.catalogue docs/indicators.md   # rewrite the generated part

The part between the two marker lines is generated; everything else in the file is written by
hand. A test fails when the file and the registry disagree.
"""

from __future__ import annotations

import sys
from pathlib import Path

import navet.followup.indicators  # noqa: F401  (registers every indicator)
from navet.followup.contract import TABLES
from navet.followup.registry import LEVELS, REGISTRY, Indicator, Subjects, Unit

BEGIN = "<!-- BEGIN GENERATED: python -m navet.followup.catalogue docs/indicators.md -->"
END = "<!-- END GENERATED -->"
UNITS = {
    Unit.SHARE: "share (0–1)",
    Unit.RATE: "rate",
    Unit.MEAN: "mean",
    Unit.COUNT: "count (no denominator)",
}


def _value(value) -> str:
    if isinstance(value, tuple):
        return ", ".join(str(v) for v in value) if value else "(none)"
    return str(value)


def _unit(indicator: Indicator) -> str:
    text = UNITS[indicator.unit]
    if indicator.unit is Unit.RATE and indicator.scale != 1:
        text += f" per {int(indicator.scale):,}".replace(",", " ")
    return text


def _suppression(indicator: Indicator) -> str:
    def counted(mode: Subjects) -> str:
        return "distinct persons" if mode is Subjects.DISTINCT else "records"

    sides = []
    if "denominator" in indicator.suppress_on:
        sides.append(f"the denominator's {counted(indicator.denominator_subjects)}")
    if "numerator" in indicator.suppress_on or indicator.numerator_only_breakdowns:
        sides.append(f"the numerator's {counted(indicator.numerator_subjects)}")
    return " and ".join(sides)


def render_indicator(indicator: Indicator) -> str:
    lines = [
        f"### `{indicator.id}` — {indicator.name}",
        "",
        indicator.definition,
        "",
        f"- **Numerator (täljare):** {indicator.numerator}",
        f"- **Denominator (nämnare):** {indicator.denominator}",
        f"- **Unit:** {_unit(indicator)}",
        f"- **Levels:** {', '.join(level for level in LEVELS if level in indicator.levels)}"
        + (f" (units: {', '.join(indicator.unit_kinds)})" if "unit" in indicator.levels else ""),
        f"- **Breakdowns:** {', '.join(indicator.breakdowns)}",
        f"- **Small cells judged on:** {_suppression(indicator)}",
        f"- **Reads:** {', '.join(indicator.tables)}",
    ]
    for requirement in indicator.requires:
        what = (
            f"`{requirement.table}.{requirement.column}`"
            if requirement.column
            else (f"`{requirement.table}`")
        )
        lines.append(f"- **Not computable without:** {what} — note: “{requirement.reason}”")
    if indicator.reference:
        lines.append(f"- **Reference value:** {indicator.reference}")
    lines.append(
        f"- **Source:** {indicator.source}"
        + (" — **unverified definition** (flag in the UI)" if indicator.unverified else "")
    )
    if indicator.parameters:
        lines += ["", "| parameter | default | meaning |", "|---|---|---|"]
        lines += [
            f"| `{p.name}` | `{_value(p.default)}` | {p.description} |"
            for p in indicator.parameters
        ]
    return "\n".join(lines)


def render() -> str:
    assert set(TABLES)  # the contract is importable: the reference names its tables
    parts = [
        BEGIN,
        "",
        "Texts describe the default parameters. *Records* are one per person (one per call for "
        "phone calls); *distinct persons* are counted once however many episodes or requests "
        "they have.",
        "",
    ]
    family = None
    for indicator in REGISTRY:
        if indicator.family != family:
            family = indicator.family
            parts += [f"## Family: {family}", ""]
        parts += [render_indicator(indicator), ""]
    parts.append(END)
    return "\n".join(parts)


def generated_part(text: str) -> str:
    start, end = text.index(BEGIN), text.index(END) + len(END)
    return text[start:end]


def rewrite(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(generated_part(text), render()), encoding="utf-8")


if __name__ == "__main__":
    rewrite(Path(sys.argv[1]))
