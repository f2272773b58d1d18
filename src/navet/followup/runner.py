"""Run the registered indicators on a snapshot and return the long result table.

The runner knows nothing of files or Django: it takes a snapshot folder and options and returns a
`RunResult` (the table plus what is needed to store or audit the run), so the command line, a
nightly task and the tests all call the same function.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

import navet.followup.indicators  # noqa: F401  (registers every indicator)
from navet.followup import aggregate, results
from navet.followup.contract import Snapshot, read_snapshot
from navet.followup.days import Period
from navet.followup.engine import Engine, connect
from navet.followup.inputs import Inputs
from navet.followup.registry import REGISTRY, Indicator
from navet.parallel import run_all

GRAINS = ("period", "month")
DEFAULT_MIN_SUBJECTS = 5


@dataclass
class RunResult:
    table: pd.DataFrame  # columns results.RESULT_COLUMNS
    snapshot: Snapshot
    engine: str
    period: Period
    grain: str
    min_subjects: int
    parameters: dict[str, dict[str, Any]]  # indicator id → parameters used
    seconds: dict[str, float] = field(default_factory=dict)  # indicator id → engine time


def load_places(inputs: Inputs) -> results.Places:
    units = inputs.table("units")
    units = units.select("unit_id", "kind", municipality=units.municipality_code).to_pandas()
    geography = inputs.geography().to_pandas()
    subarea_of = {m: s for m, s in zip(geography.municipality, geography.subarea, strict=True) if s}
    if inputs.has("areas"):
        municipalities = set(inputs.table("areas").municipality_code.to_pandas())
    else:
        persons = inputs.table("persons").municipality_code.as_table().distinct().to_pandas()
        municipalities = set(persons.municipality_code) | set(units.municipality)
    return results.Places(sorted(municipalities), subarea_of, units)


def missing_inputs(indicator: Indicator, snapshot: Snapshot) -> str | None:
    """The reason the indicator cannot be computed on this snapshot, or None."""
    for requirement in indicator.requires:
        if not snapshot.has(requirement.table, requirement.column):
            return requirement.reason
    return None


def run_family(
    family: list[Indicator],
    inputs: Inputs,
    places: results.Places,
    period: Period,
    params: Mapping[str, Mapping[str, Any]],
    min_subjects: int,
    batch: bool = True,
) -> dict[str, tuple[pd.DataFrame, float]]:
    """Each indicator's result table for `period` and the seconds it took. Indicators whose
    records differ only in their measures are computed in one query (aggregate.batches) unless
    `batch` is false; the time of such a query is shared out evenly, the time of building
    each one's records (the shared tables it was first to ask for included) is its own."""
    done: dict[str, tuple[pd.DataFrame, float]] = {}
    built, building = [], {}
    for indicator in family:
        started = time.perf_counter()
        reason = missing_inputs(indicator, inputs.snapshot)
        if reason:
            done[indicator.id] = (
                results.not_computable(indicator, period, places, reason),
                time.perf_counter() - started,
            )
            continue
        built.append((indicator, indicator.build(inputs, period, params[indicator.id])))
        building[indicator.id] = time.perf_counter() - started
    groups = aggregate.batches(built) if batch else [[one] for one in built]
    geography = inputs.geography()
    for group in groups:
        started = time.perf_counter()
        indicators = [indicator for indicator, _ in group]
        if len(group) == 1:  # as it is, without suffixes
            records, suffixes = group[0][1], ("",)
        else:
            records, suffixes = aggregate.combined(group), None
        cells = aggregate.execute_batch(
            inputs.engine, records, indicators, geography, inputs, suffixes
        )
        tables = [
            results.finish(indicator, period, c, places, min_subjects)
            for indicator, c in zip(indicators, cells, strict=True)
        ]
        share = (time.perf_counter() - started) / len(group)
        for indicator, table in zip(indicators, tables, strict=True):
            done[indicator.id] = (table, building[indicator.id] + share)
    return done


def run(
    snapshot_dir,
    period: Period,
    *,
    engine: str | Engine = "duckdb",
    grain: str = "period",
    min_subjects: int = DEFAULT_MIN_SUBJECTS,
    parameters: Mapping[str, Mapping[str, Any]] | None = None,
    only: Iterable[str] | None = None,
    spark_master: str | None = None,
    lanes: int | None = None,
    batch: bool = True,
) -> RunResult:
    """Compute the indicators (all, or the ids in `only`) for `period`, and per calendar month
    too when `grain` is "month". `parameters` overrides defaults per indicator id.

    On DuckDB, indicator families run in `lanes` threads at once (default: one per core, at
    most two), each on its own connection: much of a family's time is Python (compiling,
    suppression) or a step DuckDB runs on one thread, and another family's query fills the
    idle core meanwhile. The result does not depend on the number of lanes, nor on `batch`
    (indicators whose records differ only in their measures computed in one query)."""
    if grain not in GRAINS:
        raise ValueError(f"Okänd upplösning {grain!r}: välj {' eller '.join(GRAINS)}.")
    if min_subjects < 1:
        raise ValueError("Gränsen för små celler måste vara minst 1.")
    snapshot = read_snapshot(snapshot_dir)
    chosen = _choose(only)
    overrides = dict(parameters or {})
    unknown = set(overrides) - set(REGISTRY.indicators)
    if unknown:
        raise KeyError(f"Parametrar för okända indikatorer: {', '.join(sorted(unknown))}.")
    params = {i.id: i.params(overrides.get(i.id)) for i in chosen}
    periods = [period, *period.months()] if grain == "month" else [period]

    own_engine = isinstance(engine, str)
    active = connect(engine, spark_master=spark_master) if own_engine else engine
    inputs = Inputs(active, snapshot)
    done: dict[str, list[pd.DataFrame]] = {}
    seconds: dict[str, float] = {}

    def compute(family: list[Indicator]) -> None:
        for each in periods:
            computed = run_family(family, inputs, places, each, params, min_subjects, batch)
            for indicator in family:
                table, spent = computed[indicator.id]
                done.setdefault(indicator.id, []).append(table)
                seconds[indicator.id] = seconds.get(indicator.id, 0.0) + spent

    def in_lane(family: list[Indicator]) -> None:
        with active.lane():
            compute(family)

    try:
        places = load_places(inputs)
        families = _families(chosen)
        parallel = min(default_lanes(active, lanes), len(families))
        if parallel > 1:
            run_all(in_lane, families, parallel)
        else:
            for family in families:
                compute(family)
    finally:
        inputs.release()
        if own_engine:
            active.close()
    frames = [frame for indicator in chosen for frame in done[indicator.id]]
    table = pd.concat(frames, ignore_index=True) if frames else results.empty()
    return RunResult(
        table=table,
        snapshot=snapshot,
        engine=active.name,
        period=period,
        grain=grain,
        min_subjects=min_subjects,
        parameters={k: dict(v) for k, v in params.items()},
        seconds=seconds,
    )


def default_lanes(engine: Engine, requested: int | None = None) -> int:
    """The lanes a run uses: `requested`, else one per core (at most two), on DuckDB; always
    one on Spark, whose session is shared (Spark spreads each query over its own executors)."""
    if engine.name != "duckdb":
        return 1
    return requested or max(1, min(2, os.cpu_count() or 1))


def _families(indicators: list[Indicator]) -> list[list[Indicator]]:
    """The indicators grouped by family (they share intermediate tables), in order of first
    appearance."""
    families: dict[str, list[Indicator]] = {}
    for indicator in indicators:
        families.setdefault(indicator.family, []).append(indicator)
    return list(families.values())


def _choose(only: Iterable[str] | None) -> list[Indicator]:
    if only is None:
        return list(REGISTRY)
    wanted = list(only)
    unknown = [i for i in wanted if i not in REGISTRY.indicators]
    if unknown:
        raise KeyError(f"Okända indikatorer: {', '.join(unknown)}.")
    return [REGISTRY[i] for i in wanted]
