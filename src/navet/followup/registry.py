"""The indicator registry: each indicator is declared once, with its metadata and one builder.

A builder turns the snapshot's tables into a *records* table (one Ibis expression that runs
unchanged on DuckDB and Spark). Each record is one thing counted — a person, an episode, a
call — with its contribution to the numerator and the denominator and the keys of every level
and breakdown the indicator supports:

    num          float   contribution to the numerator (1/0 for a share, days for a mean, …)
    den          float   contribution to the denominator (1, an FTE, 0 for a numerator-only row)
    subject      int     who the record is about, for small-cell suppression: a person's pid
                         (null: no one, or a person missing from `persons`)
    subject_key  string  the person_key of a person missing from `persons` (else null)
    num_counted  int     1 when the subject counts in the numerator (num > 0), else 0
    den_counted  int     the same for the denominator
    municipality string  4-digit code; county and subarea are derived from it
    unit         string  unit_id (null: the record has no unit)
    sex, age_band, living_situation, visit_band  string, as the breakdowns need

The runner aggregates records per level and breakdown on the engine, then completes, suppresses
and formats the small result in Python. Builders never aggregate across levels themselves, so a
definition cannot drift between levels or engines.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any

LEVELS = ("county", "subarea", "municipality", "unit")
BREAKDOWNS = ("total", "sex", "age_band", "living_situation", "visit_band")
PERSON_BREAKDOWNS = ("total", "sex", "age_band", "living_situation")
GEOGRAPHY = ("county", "subarea", "municipality")
RECORD_COLUMNS = (
    "num", "den", "subject", "subject_key", "num_counted", "den_counted", "municipality", "unit",
)  # fmt: skip


class Unit(StrEnum):
    SHARE = "share"  # a proportion 0–1: num ÷ den
    RATE = "rate"  # num ÷ den × scale (per 1 000, per 100 000, per FTE with scale 1)
    MEAN = "mean"  # num ÷ den, den counting what the mean is over
    COUNT = "count"  # num; the denominator is not shown


class Subjects(StrEnum):
    """How the runner counts the subjects of a cell for suppression."""

    ROWS = "rows"  # each record is its own subject (one row per person, or per call)
    DISTINCT = "distinct"  # records may repeat a subject (episodes of one person): count distinct


@dataclass(frozen=True)
class Parameter:
    name: str
    default: Any
    description: str  # plain Swedish, shown with the definition


@dataclass(frozen=True)
class Requirement:
    """An optional input: without it the indicator is reported as not computable."""

    table: str
    column: str | None = None
    reason: str = ""  # Swedish, written into `note`


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str  # Swedish
    definition: str  # plain Swedish
    numerator: str
    denominator: str
    unit: Unit
    build: Callable[..., Any]  # build(inputs, period, params) -> ibis.Table of records
    family: str
    source: str
    scale: float = 1.0
    parameters: tuple[Parameter, ...] = ()
    tables: tuple[str, ...] = ()  # contract tables the builder reads
    requires: tuple[Requirement, ...] = ()
    levels: tuple[str, ...] = LEVELS
    breakdowns: tuple[str, ...] = PERSON_BREAKDOWNS
    unit_kinds: tuple[str, ...] = ()  # which units make up the `unit` level
    # "denominator": suppress when the denominator rests on too few subjects;
    # "numerator": when 1 … k−1 subjects make up the numerator (zero is shown).
    suppress_on: tuple[str, ...] = ("denominator",)
    # How the subjects of each side are counted: ROWS when a record is its own subject (one row
    # per person, or per call), DISTINCT when a subject may have several records (episodes).
    numerator_subjects: Subjects = Subjects.ROWS
    denominator_subjects: Subjects = Subjects.ROWS
    # Breakdowns that only the numerator has (visit_band): the denominator is the cell's total.
    numerator_only_breakdowns: tuple[str, ...] = ()
    unverified: bool = False  # definition rests on an unverified source: flag in the UI
    reference: str = ""  # a target or guide value to show beside the figure

    def defaults(self) -> dict[str, Any]:
        return {p.name: p.default for p in self.parameters}

    def params(self, overrides: Mapping[str, Any] | None = None) -> Mapping[str, Any]:
        merged = self.defaults()
        for name, value in (overrides or {}).items():
            if name not in merged:
                known = ", ".join(merged) or "inga"
                raise KeyError(f"{self.id}: okänd parameter {name} (kända: {known}).")
            merged[name] = tuple(value) if isinstance(value, list) else value
        return MappingProxyType(merged)


@dataclass
class Registry:
    indicators: dict[str, Indicator] = field(default_factory=dict)

    def add(self, indicator: Indicator) -> Indicator:
        if indicator.id in self.indicators:
            raise ValueError(f"Indicator {indicator.id} is registered twice.")
        unknown = set(indicator.levels) - set(LEVELS) | set(indicator.breakdowns) - set(BREAKDOWNS)
        if unknown:
            raise ValueError(f"Indicator {indicator.id}: unknown levels/breakdowns {unknown}.")
        self.indicators[indicator.id] = indicator
        return indicator

    def __iter__(self):
        return iter(self.indicators.values())

    def __getitem__(self, indicator_id: str) -> Indicator:
        return self.indicators[indicator_id]

    def __len__(self) -> int:
        return len(self.indicators)


REGISTRY = Registry()


def register(**fields: Any) -> Indicator:
    return REGISTRY.add(Indicator(**fields))
