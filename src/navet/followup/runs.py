"""Indicator runs: request one (one at a time), compute it from a fresh snapshot, store its rows.

    run = request_run(trigger=RunTrigger.COMMAND)  # queued; RunInProgress if one is active
    execute_run(run.pk)                             # snapshot → engine → IndicatorResult rows

`./navet manage compute_indicators` does both in its own process (what the nightly timer runs);
the dashboards' "start" button requests a run and enqueues `navet.followup.tasks.compute_indicators`
for the background worker, which calls `execute_run`. The pages read only the latest successful
run (`latest_run`), so a run that fails or is still writing leaves the previous results visible.

A run computes `periods` consecutive periods of `months` months ending on `period_end` (by default
two years: the last 12 months and the 12 before them, for the trend arrow), each with its calendar
months when `grain` is "month" (the trend charts).
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from navet.followup import runner
from navet.followup.contract import Snapshot, read_snapshot
from navet.followup.days import Period, months_before
from navet.followup.engine import ENGINES, connect
from navet.followup.models import (
    ACTIVE_STATUSES,
    IndicatorResult,
    IndicatorRun,
    ResultKind,
    RunStatus,
    RunTrigger,
)
from navet.followup.registry import REGISTRY
from navet.identifiers.scb import COUNTY_NAMES

STORE_BATCH = 5_000
FAILED_RUNS_KEPT_DAYS = 90

Progress = Callable[[str], None]


class RunInProgress(Exception):
    """Another run is queued or running; only one at a time."""

    def __init__(self, active: IndicatorRun | None) -> None:
        self.active = active
        when = ""
        if active is not None:
            when = f" (startad {timezone.localtime(active.created_at):%Y-%m-%d %H:%M})"
        super().__init__(
            f"En beräkning av indikatorerna pågår redan{when}. Vänta tills den är klar."
        )


@dataclass(frozen=True)
class RunOptions:
    period_end: dt.date | None = None
    months: int = 12
    periods: int = 2
    grain: str = "month"
    engine: str = "duckdb"
    min_subjects: int = runner.DEFAULT_MIN_SUBJECTS
    overrides: dict | None = None
    only: tuple[str, ...] = ()

    def check(self) -> None:
        """Refuse bad options with a Swedish message before anything is stored."""
        if self.months < 1 or self.periods < 1:
            raise ValueError("Antal månader och antal perioder måste vara minst 1.")
        if self.grain not in runner.GRAINS:
            choices = " eller ".join(runner.GRAINS)
            raise ValueError(f"Okänd upplösning {self.grain!r}: välj {choices}.")
        if self.engine not in ENGINES:
            raise ValueError(f"Okänd motor {self.engine!r}: välj {' eller '.join(ENGINES)}.")
        if self.min_subjects < 1:
            raise ValueError("Gränsen för små celler måste vara minst 1.")
        unknown = [i for i in self.only if i not in REGISTRY.indicators]
        if unknown:
            raise ValueError(f"Okända indikatorer: {', '.join(unknown)}.")
        for indicator_id, values in (self.overrides or {}).items():
            if indicator_id not in REGISTRY.indicators:
                raise ValueError(f"Parametrar för en okänd indikator: {indicator_id}.")
            try:
                REGISTRY[indicator_id].params(values)
            except KeyError as error:
                raise ValueError(str(error).strip("'\"")) from error


# --- Which period ---------------------------------------------------------------------------


def default_period_end(today: dt.date | None = None) -> dt.date:
    """The last day of the previous calendar month; NAVET_INDICATORS_TO when set; and for a
    generated (synthetic) county never later than the generator's end date, after which it has
    no data."""
    configured = getattr(settings, "NAVET_INDICATORS_TO", "")
    if configured:
        return dt.date.fromisoformat(configured)
    today = today or timezone.localdate()
    end = today.replace(day=1) - dt.timedelta(days=1)
    from navet.synth.models import GeneratedCounty

    generated = GeneratedCounty.objects.order_by("-end_date").values_list("end_date", flat=True)
    if generated.exists():
        end = min(end, generated.first())
    return end


def run_periods(period_end: dt.date, months: int, periods: int) -> list[Period]:
    """`periods` consecutive periods of `months` months each, the last ending on `period_end`;
    oldest first."""
    result, end = [], period_end
    for _ in range(periods):
        start = months_before(end, months)
        result.append(Period(start, end))
        end = start - dt.timedelta(days=1)
    return result[::-1]


# --- Lifecycle --------------------------------------------------------------------------------


def fail_stale_runs(now: dt.datetime | None = None) -> int:
    """Mark runs still queued or running after NAVET_INDICATOR_RUN_TIMEOUT_HOURS as failed (a
    worker that died, a machine restarted mid-run), so that they no longer block new runs."""
    now = now or timezone.now()
    hours = settings.NAVET_INDICATOR_RUN_TIMEOUT_HOURS
    limit = now - dt.timedelta(hours=hours)
    stale = IndicatorRun.objects.filter(status__in=ACTIVE_STATUSES, created_at__lt=limit)
    ids = list(stale.values_list("pk", flat=True))
    if not ids:
        return 0
    IndicatorResult.objects.filter(run_id__in=ids).delete()
    return IndicatorRun.objects.filter(pk__in=ids, status__in=ACTIVE_STATUSES).update(
        status=RunStatus.FAILED,
        active=None,
        finished_at=now,
        error=(
            f"Avbruten: körningen var inte klar efter {hours:g} timmar "
            "(stoppades arbetsprocessen eller servern?)."
        ),
    )


def request_run(
    *, trigger: RunTrigger, user=None, options: RunOptions | None = None
) -> IndicatorRun:
    """A new queued run. Raises RunInProgress when another run is queued or running: the
    database's unique `active` column decides, so two requests at the same moment (a double
    click, two analysts, the timer) start exactly one run."""
    options = options or RunOptions()
    options.check()
    fail_stale_runs()
    name = ""
    if user is not None and user.is_authenticated:
        name = user.get_full_name() or user.get_username()
    try:
        with transaction.atomic():
            return IndicatorRun.objects.create(
                trigger=trigger,
                started_by=user if name else None,
                started_by_name=name,
                period_end=options.period_end,
                months=options.months,
                periods=options.periods,
                grain=options.grain,
                engine=options.engine,
                min_subjects=options.min_subjects,
                overrides=options.overrides or {},
                only=list(options.only),
            )
    except IntegrityError as error:
        raise RunInProgress(IndicatorRun.objects.filter(active=True).first()) from error


def latest_run() -> IndicatorRun | None:
    """The run whose results the dashboards show: the latest successful one."""
    return (
        IndicatorRun.objects.filter(status=RunStatus.SUCCEEDED)
        .order_by("-finished_at", "-pk")
        .first()
    )


def active_run() -> IndicatorRun | None:
    return IndicatorRun.objects.filter(active=True).first()


def _claim(run_id: int) -> bool:
    return bool(
        IndicatorRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
            status=RunStatus.RUNNING, started_at=timezone.now()
        )
    )


def execute_run(
    run_id: int, *, snapshot_dir: str | Path | None = None, progress: Progress | None = None
) -> IndicatorRun:
    """Compute a queued run and store its rows; returns the run, succeeded or failed.

    Without `snapshot_dir` the run first writes a pseudonymised snapshot of the database (the
    export logs it as a disclosure) into a temporary folder that is removed afterwards. Any
    failure marks the run failed with the error and removes the rows written so far; the
    exception is re-raised for the caller (the command's exit code, the task's status).
    A run that is no longer queued (another worker took it, it was failed as stale) is left
    alone and returned as it is.
    """
    say = progress or (lambda message: None)
    if not _claim(run_id):
        return IndicatorRun.objects.get(pk=run_id)
    run = IndicatorRun.objects.get(pk=run_id)
    started = time.perf_counter()
    try:
        period_end = run.period_end or default_period_end()
        with tempfile.TemporaryDirectory(prefix="navet-indicators-") as temporary:
            if snapshot_dir is None:
                from navet.followup.export import export_snapshot

                say(f"Ögonblicksbild av databasen per {period_end.isoformat()}")
                snapshot_dir = Path(temporary) / "snapshot"
                export_snapshot(out_dir=snapshot_dir, on=period_end, progress=say)
            snapshot = read_snapshot(snapshot_dir)
            table, parameters = compute(snapshot.root, run, period_end, say)
            labels, county = place_labels(snapshot)
        say(f"Sparar {len(table)} rader")
        count = store(run, table)
        with transaction.atomic():
            run.refresh_from_db()
            if run.status != RunStatus.RUNNING:  # failed as stale meanwhile: keep it so
                raise RuntimeError("Körningen avbröts medan den räknade.")
            run.status = RunStatus.SUCCEEDED
            run.active = None
            run.finished_at = timezone.now()
            run.period_end = period_end
            run.parameters = parameters
            run.snapshot_created = str(snapshot.manifest.get("created", ""))[:40]
            run.snapshot_source = str(snapshot.manifest.get("source", ""))[:300]
            run.snapshot_rows = snapshot.manifest.get("row_counts", {})
            run.labels = labels
            run.county_code = county
            run.row_count = count
            run.seconds = time.perf_counter() - started
            run.save()
        prune()
        return run
    except BaseException as error:
        _fail(run, error, time.perf_counter() - started)
        raise


def _fail(run: IndicatorRun, error: BaseException, seconds: float) -> None:
    IndicatorResult.objects.filter(run=run).delete()
    if isinstance(error, SystemExit | KeyboardInterrupt):
        message = "Avbruten: processen stoppades under beräkningen."
    else:
        message = str(error).strip("'\"") or type(error).__name__
    IndicatorRun.objects.filter(pk=run.pk).update(
        status=RunStatus.FAILED,
        active=None,
        finished_at=timezone.now(),
        error=message[:2000],
        seconds=seconds,
    )
    run.refresh_from_db()


def prune() -> None:
    """Keep the results of the NAVET_INDICATOR_RUNS_KEPT latest successful runs; forget failed
    runs after FAILED_RUNS_KEPT_DAYS days."""
    kept = max(1, settings.NAVET_INDICATOR_RUNS_KEPT)
    succeeded = IndicatorRun.objects.filter(status=RunStatus.SUCCEEDED).order_by(
        "-finished_at", "-pk"
    )
    old = list(succeeded.values_list("pk", flat=True)[kept:])
    if old:
        IndicatorRun.objects.filter(pk__in=old).delete()
    limit = timezone.now() - dt.timedelta(days=FAILED_RUNS_KEPT_DAYS)
    IndicatorRun.objects.filter(status=RunStatus.FAILED, created_at__lt=limit).delete()


# --- Computing and storing ------------------------------------------------------------------


def compute(
    snapshot_dir: Path | str, run: IndicatorRun, period_end: dt.date, say: Progress
) -> tuple[pd.DataFrame, dict]:
    """The result table of every period of the run (with a `kind` column) and the parameters
    used."""
    frames, parameters = [], {}
    with connect(run.engine) as engine:
        for period in run_periods(period_end, run.months, run.periods):
            # A period of one calendar month is its own month: no separate month rows.
            grain = run.grain if len(period.months()) > 1 else "period"
            say(f"Indikatorer för {period.start.isoformat()} – {period.end.isoformat()}")
            result = runner.run(
                snapshot_dir,
                period,
                engine=engine,
                grain=grain,
                min_subjects=run.min_subjects,
                parameters=run.overrides or None,
                only=run.only or None,
            )
            table = result.table
            whole = (table.period_start == period.start) & (table.period_end == period.end)
            frames.append(
                table.assign(kind=np.where(whole, ResultKind.PERIOD.value, ResultKind.MONTH.value))
            )
            parameters = result.parameters
    return pd.concat(frames, ignore_index=True), _jsonable(parameters)


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def _number(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def store(run: IndicatorRun, table: pd.DataFrame) -> int:
    """Insert the rows in batches (short transactions: a long one would hold SQLite's write
    lock against every other writer). Invisible to the pages until the run succeeds."""
    rows = (
        IndicatorResult(
            run_id=run.pk,
            kind=row.kind,
            indicator=row.indicator,
            period_start=row.period_start,
            period_end=row.period_end,
            level=row.level,
            level_value=str(row.level_value),
            breakdown=row.breakdown,
            breakdown_value=str(row.breakdown_value),
            numerator=_number(row.numerator),
            denominator=_number(row.denominator),
            value=_number(row.value),
            suppressed=bool(row.suppressed),
            status=row.status,
            note=str(row.note or "")[:300],
        )
        for row in table.itertuples(index=False)
    )
    count = 0
    for batch in _batches(rows, STORE_BATCH):
        with transaction.atomic():
            IndicatorResult.objects.bulk_create(batch)
        count += len(batch)
    return count


def _batches(items: Iterable, size: int):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def place_labels(snapshot: Snapshot) -> tuple[dict[str, dict[str, str]], str]:
    """Names for the level values (county, municipality, unit) and the installation's county,
    from the snapshot (units, areas) and the county list, so the pages never need the
    operational tables to name a place."""
    units = snapshot.read_table("units", columns=["unit_id", "name", "municipality_code"])
    unit_names = dict(
        zip(units.column("unit_id").to_pylist(), units.column("name").to_pylist(), strict=True)
    )
    municipalities: dict[str, str] = {}
    counties = Counter(code[:2] for code in units.column("municipality_code").to_pylist())
    if snapshot.has("areas"):
        areas = snapshot.read_table("areas", columns=["municipality_code", "municipality_name"])
        codes = areas.column("municipality_code").to_pylist()
        names = areas.column("municipality_name").to_pylist()
        municipalities.update(zip(codes, names, strict=True))
        counties = Counter(code[:2] for code in codes) or counties
    municipalities.update(_other_municipality_names(set(municipalities)))
    county = counties.most_common(1)[0][0] if counties else ""
    return {
        "county": dict(COUNTY_NAMES),
        "municipality": municipalities,
        "unit": unit_names,
    }, county


def _other_municipality_names(known: set[str]) -> dict[str, str]:
    """Municipalities outside the county (people who moved) by the names Navet knows."""
    from navet.organisation.models import Municipality

    return {
        code: name
        for code, name in Municipality.objects.values_list("code", "name")
        if code not in known
    }
