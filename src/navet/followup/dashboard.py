"""What the dashboards show, read from one stored run (never from the operational tables).

Views call these functions with the run to show (`runs.latest_run()`) and render what they
return: tiles for the overview; the trend, the breakdown table and the definition for an
indicator's page; and the rows of a download, in the result table's columns.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd
from django.utils import formats

from navet.followup import results
from navet.followup.models import IndicatorResult, IndicatorRun, ResultKind
from navet.followup.registry import LEVELS, REGISTRY, Indicator, Unit

FAMILIES = {
    "continuity": "Kontinuitet hos läkare i primärvården",
    "named_contacts": "Fast läkarkontakt och listning",
    "workload": "Läkarnas arbetsbörda",
    "discharge": "Utskrivningsklara patienter",
    "safe_discharge": "Samverkan vid utskrivning",
    "readmission": "Återinskrivning",
    "avoidable": "Undvikbar slutenvård",
    "emergency": "Akutmottagningen",
    "care_guarantee": "Vårdgarantin",
    "most_ill": "Mest sjuka äldre",
    "sip": "Samordnad individuell plan (SIP)",
}
LEVEL_LABELS = {"county": "Län", "subarea": "Länsdel", "municipality": "Kommun", "unit": "Enhet"}
BREAKDOWN_LABELS = {
    "total": "Totalt",
    "sex": "Kön",
    "age_band": "Åldersgrupp",
    "living_situation": "Boendeform",
    "visit_band": "Antal besök",
}
BREAKDOWN_VALUE_LABELS = {
    "total": {"total": "Totalt"},
    "sex": {"F": "Kvinnor", "M": "Män"},
    "age_band": {
        "0-17": "0–17 år",
        "18-64": "18–64 år",
        "65-79": "65–79 år",
        "80+": "80 år och äldre",
    },
    "living_situation": {
        "own_home": "Eget boende",
        "home_care": "Eget boende med hemtjänst",
        "nursing_home": "Särskilt boende",
        "short_term_stay": "Korttidsboende",
    },
    "visit_band": {"4-9": "4–9 besök", "10-19": "10–19 besök", "20+": "20 besök eller fler"},
}
UNIT_KIND_LABELS = {
    "health_centre": "vårdcentraler",
    "inpatient_ward": "vårdavdelningar",
    "emergency_department": "akutmottagningar",
    "home_health_care": "kommunal hälso- och sjukvård",
    "social_services": "socialtjänst",
    "school_health": "elevhälsa",
    "mobile_team": "mobila team",
}
# Code values of parameters, in Swedish (the code itself is shown where none is known).
PARAMETER_VALUE_LABELS = {
    "active_choice": "aktivt val",
    "acute": "akut",
    "planned": "planerad",
    "primary": "primärvård",
    "specialist": "specialist",
    "st": "ST-läkare",
    "other": "övriga",
    "psychiatric": "psykiatrisk vård",
    "somatic": "somatisk vård",
    "or": "eller",
    "and": "och",
    "deceased": "avliden",
    "home": "hembesök",
    "phone": "telefon",
    "physical": "fysiskt besök",
    "video": "video",
    "written": "skriftlig kontakt",
    "doctor": "läkare",
    "new": "nytt besvär",
    "worsened": "försämring",
    "no_effect": "utebliven effekt",
    "named_doctor": "fast läkarkontakt",
    "named_care_contact": "fast vårdkontakt",
    "nursing_home": "särskilt boende",
    "short_term_stay": "korttidsboende",
    "other_hospital": "annat sjukhus",
    "other_ward": "annan avdelning",
}
NOT_COMPUTABLE = "not_computable"
SUPPRESSED_TEXT = "–"


# --- Formatting ---------------------------------------------------------------------------------


def number(value: float, decimals: int) -> str:
    """Swedish: decimal comma, a non-breaking space between thousands. Rounded first: Django's
    number_format cuts a float's decimals off (9.9999… would show as 9,9)."""
    return formats.number_format(
        round(float(value), decimals), decimals, use_l10n=True, force_grouping=True
    )


def unit_text(indicator: Indicator) -> str:
    if indicator.unit is Unit.SHARE:
        return "andel (procent)"
    if indicator.unit is Unit.MEAN:
        return "medelvärde"
    if indicator.unit is Unit.COUNT:
        return "antal"
    if indicator.scale != 1:
        return f"per {number(indicator.scale, 0)}"
    return "kvot"


def value_text(indicator: Indicator, value: float | None) -> str:
    """A figure as the UI shows it: shares in per cent with one decimal, means with two,
    rates with one (none from 100 up), counts whole."""
    if value is None or pd.isna(value):
        return SUPPRESSED_TEXT
    if indicator.unit is Unit.SHARE:
        return f"{number(value * 100, 1)}\u00a0%"
    if indicator.unit is Unit.MEAN:
        return number(value, 2)
    if indicator.unit is Unit.RATE:
        return number(value, 0 if abs(value) >= 100 else 1)
    return number(value, 0)


def count_text(value: float | None) -> str:
    if value is None or pd.isna(value):
        return SUPPRESSED_TEXT
    return number(value, 0 if float(value).is_integer() else 2)


def period_text(start: dt.date, end: dt.date) -> str:
    return f"{start.isoformat()} – {end.isoformat()}"


def month_text(start: dt.date) -> str:
    return f"{start:%Y-%m}"


def place_label(run: IndicatorRun, level: str, value: str) -> str:
    names = (run.labels or {}).get(level, {})
    if level == "subarea":
        return value
    name = names.get(value)
    if level == "county" and name:
        return name
    return f"{name} ({value})" if name else value


def chart_places(run: IndicatorRun, cells: list[Cell]) -> list[str]:
    """Labels of the cells' places for a chart: the bare names when they tell the places apart,
    else the names with their codes (as in the table)."""
    keys = list(dict.fromkeys(c.row.level_value for c in cells))
    names = {}
    for c in cells:
        name = (run.labels or {}).get(c.row.level, {}).get(c.row.level_value)
        names[c.row.level_value] = name or c.place
    if len(set(names.values())) == len(keys):
        return [names[c.row.level_value] for c in cells]
    return [c.place for c in cells]


def breakdown_value_label(breakdown: str, value: str) -> str:
    return BREAKDOWN_VALUE_LABELS.get(breakdown, {}).get(value, value)


def parameter_text(value) -> str:
    """A parameter's value in Swedish: codes translated, numbers with a decimal comma."""
    if isinstance(value, list | tuple):
        return ", ".join(parameter_text(v) for v in value) if value else "(inga)"
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, float):
        return number(value, 2).rstrip("0").rstrip(",")
    if isinstance(value, str):
        return PARAMETER_VALUE_LABELS.get(value, value)
    return str(value)


# --- Cells and trends ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One stored row as the pages show it."""

    row: IndicatorResult
    indicator: Indicator
    place: str
    group: str

    @property
    def shown(self) -> bool:
        return self.row.value is not None

    @property
    def text(self) -> str:
        if self.row.status == NOT_COMPUTABLE:
            return "Kan inte beräknas"
        return value_text(self.indicator, self.row.value)

    @property
    def numerator(self) -> str:
        return count_text(self.row.numerator)

    @property
    def denominator(self) -> str:
        if self.indicator.unit is Unit.COUNT:
            return ""
        return count_text(self.row.denominator)

    @property
    def note(self) -> str:
        return self.row.note


@dataclass(frozen=True)
class Trend:
    direction: str  # up | down | flat | none
    arrow: str
    text: str  # the arrow's text alternative, a whole sentence


def trend(indicator: Indicator, previous: IndicatorResult | None, latest: IndicatorResult | None):
    if latest is None or latest.value is None:
        return Trend("none", "", "Inget värde för den senaste perioden.")
    if previous is None or previous.value is None:
        return Trend("none", "", "Ingen jämförelse: föregående period saknar värde.")
    before, now = value_text(indicator, previous.value), value_text(indicator, latest.value)
    since = f"jämfört med {period_text(previous.period_start, previous.period_end)}"
    if before == now:
        return Trend("flat", "→", f"Oförändrat ({now}) {since}.")
    delta = latest.value - previous.value
    if indicator.unit is Unit.SHARE:
        change = f"{number(abs(delta) * 100, 1)} procentenheter"
    else:
        change = value_text(indicator, abs(delta))
    if delta > 0:
        return Trend("up", "↑", f"Ökar med {change}, från {before} till {now}, {since}.")
    return Trend("down", "↓", f"Minskar med {change}, från {before} till {now}, {since}.")


# --- The overview ---------------------------------------------------------------------------


@dataclass
class Tile:
    indicator: Indicator
    latest: IndicatorResult | None
    trend: Trend

    @property
    def value(self) -> str:
        if self.latest is None:
            return SUPPRESSED_TEXT
        if self.latest.status == NOT_COMPUTABLE:
            return "Kan inte beräknas"
        return value_text(self.indicator, self.latest.value)

    @property
    def period(self) -> str:
        if self.latest is None:
            return ""
        return period_text(self.latest.period_start, self.latest.period_end)

    @property
    def note(self) -> str:
        return self.latest.note if self.latest is not None else ""


@dataclass
class Family:
    label: str
    tiles: list[Tile] = field(default_factory=list)


def periods(run: IndicatorRun, indicator_id: str | None = None) -> list[tuple[dt.date, dt.date]]:
    """The run's periods, latest first."""
    rows = IndicatorResult.objects.filter(run=run, kind=ResultKind.PERIOD)
    if indicator_id:
        rows = rows.filter(indicator=indicator_id)
    pairs = rows.values_list("period_start", "period_end").distinct()
    return sorted(set(pairs), reverse=True)


def _totals(run: IndicatorRun, indicator_id: str | None = None):
    rows = IndicatorResult.objects.filter(
        run=run,
        kind=ResultKind.PERIOD,
        level="county",
        level_value=run.county_code,
        breakdown="total",
    )
    if indicator_id:
        rows = rows.filter(indicator=indicator_id)
    by_indicator: dict[str, list[IndicatorResult]] = {}
    for row in rows.order_by("period_start"):
        by_indicator.setdefault(row.indicator, []).append(row)
    return by_indicator


def overview(run: IndicatorRun) -> list[Family]:
    """One tile per indicator in the run, grouped by family in the registry's order: the
    county's value for the latest period and the arrow against the period before."""
    totals = _totals(run)
    families: dict[str, Family] = {}
    for indicator in REGISTRY:
        if indicator.id not in totals:
            continue
        rows = totals[indicator.id]
        latest = rows[-1]
        previous = rows[-2] if len(rows) > 1 else None
        family = families.setdefault(
            indicator.family, Family(FAMILIES.get(indicator.family, indicator.family))
        )
        family.tiles.append(Tile(indicator, latest, trend(indicator, previous, latest)))
    return list(families.values())


# --- An indicator's page ----------------------------------------------------------------------


@dataclass
class Selection:
    level: str
    breakdown: str
    period: tuple[dt.date, dt.date]

    def query(self) -> dict[str, str]:
        return {
            "niva": self.level,
            "indelning": self.breakdown,
            "period": self.period[0].isoformat(),
        }


def selection(indicator: Indicator, run_periods, params) -> Selection:
    """The level, breakdown and period asked for in the query string (`niva`, `indelning`,
    `period`), falling back to the county, no breakdown and the latest period."""
    level = params.get("niva")
    if level not in indicator.levels:
        level = "county"
    breakdown = params.get("indelning")
    if breakdown not in indicator.breakdowns:
        breakdown = "total"
    period = run_periods[0]
    wanted = params.get("period")
    for candidate in run_periods:
        if candidate[0].isoformat() == wanted:
            period = candidate
    return Selection(level, breakdown, period)


def _place_order(run: IndicatorRun, level: str, value: str) -> tuple:
    if level == "county":
        return (value != run.county_code, value)
    return (place_label(run, level, value).casefold(), value)


def breakdown_cells(run: IndicatorRun, indicator: Indicator, chosen: Selection) -> list[Cell]:
    """The rows of the breakdown table: every level value × breakdown value of the chosen
    period, places by name (the county first), breakdown values in their usual order."""
    rows = IndicatorResult.objects.filter(
        run=run,
        indicator=indicator.id,
        kind=ResultKind.PERIOD,
        level=chosen.level,
        breakdown=chosen.breakdown,
        period_start=chosen.period[0],
        period_end=chosen.period[1],
    )
    order = list(results.BREAKDOWN_VALUES.get(chosen.breakdown, ()))
    cells = [
        Cell(
            row,
            indicator,
            place_label(run, row.level, row.level_value),
            breakdown_value_label(row.breakdown, row.breakdown_value),
        )
        for row in rows
    ]
    cells.sort(
        key=lambda c: (
            _place_order(run, c.row.level, c.row.level_value),
            order.index(c.row.breakdown_value) if c.row.breakdown_value in order else len(order),
            c.row.breakdown_value,
        )
    )
    return cells


def monthly_cells(run: IndicatorRun, indicator: Indicator) -> list[Cell]:
    """The county's value per calendar month, oldest first (the trend chart)."""
    rows = IndicatorResult.objects.filter(
        run=run,
        indicator=indicator.id,
        kind=ResultKind.MONTH,
        level="county",
        level_value=run.county_code,
        breakdown="total",
    ).order_by("period_start")
    return [Cell(row, indicator, month_text(row.period_start), "") for row in rows]


def period_cells(run: IndicatorRun, indicator: Indicator) -> list[Cell]:
    rows = _totals(run, indicator.id).get(indicator.id, [])
    return [Cell(row, indicator, period_text(row.period_start, row.period_end), "") for row in rows]


@dataclass(frozen=True)
class ParameterRow:
    name: str
    description: str
    value: str
    default: str

    @property
    def changed(self) -> bool:
        return self.value != self.default


def parameter_rows(run: IndicatorRun, indicator: Indicator) -> list[ParameterRow]:
    used = (run.parameters or {}).get(indicator.id, {})
    return [
        ParameterRow(
            p.name,
            p.description,
            parameter_text(used.get(p.name, p.default)),
            parameter_text(p.default),
        )
        for p in indicator.parameters
    ]


def levels_text(indicator: Indicator) -> str:
    parts = [LEVEL_LABELS[level].lower() for level in LEVELS if level in indicator.levels]
    if "unit" in indicator.levels and indicator.unit_kinds:
        kinds = ", ".join(UNIT_KIND_LABELS.get(k, k) for k in indicator.unit_kinds)
        parts[-1] += f" ({kinds})"
    return ", ".join(parts)


def breakdowns_text(indicator: Indicator) -> str:
    return ", ".join(BREAKDOWN_LABELS[b].lower() for b in indicator.breakdowns if b != "total")


# --- Downloads ----------------------------------------------------------------------------------


def download_table(
    run: IndicatorRun,
    indicator: Indicator,
    *,
    level: str | None = None,
    breakdown: str | None = None,
    period: tuple[dt.date, dt.date] | None = None,
) -> pd.DataFrame:
    """Stored rows of one indicator in the result table's columns, optionally filtered (a
    `period` is one of the run's periods, its months not included); period rows before
    months."""
    rows = IndicatorResult.objects.filter(run=run, indicator=indicator.id)
    if level:
        rows = rows.filter(level=level)
    if breakdown:
        rows = rows.filter(breakdown=breakdown)
    if period:
        rows = rows.filter(kind=ResultKind.PERIOD, period_start=period[0], period_end=period[1])
    rows = rows.order_by("-kind", "period_start", "period_end", "pk")
    frame = pd.DataFrame.from_records(
        rows.values_list(*results.RESULT_COLUMNS), columns=list(results.RESULT_COLUMNS)
    )
    for column in ("numerator", "denominator", "value"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    frame["suppressed"] = frame["suppressed"].astype(bool)
    return frame
