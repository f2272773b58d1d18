"""Entry points: generate a county into Parquet files or into the operational database."""

from __future__ import annotations

import time
from datetime import date, datetime
from datetime import time as clock
from pathlib import Path
from zoneinfo import ZoneInfo

from navet.synth.checks import check_identities, check_tables
from navet.synth.config import NAMED_DOCTOR_SHARE
from navet.synth.generate import Params, Progress, generate, validate_params
from navet.synth.tables import build_tables
from navet.synth.writers import check_target, write_snapshot

DEFAULT_END_DATE = date(2025, 12, 31)


def created_stamp(end_date: date) -> str:
    """The manifest's `created`: the last second of the end date in Swedish local time, not the
    wall clock, so that two runs with the same arguments write byte-identical snapshots. (In UTC
    that second would already be the next day in Sweden, and the snapshot's local date with it.)"""
    moment = datetime.combine(end_date, clock(23, 59, 59), ZoneInfo("Europe/Stockholm"))
    return moment.isoformat()


def _timed(progress: Progress, label: str, started: float) -> float:
    now = time.perf_counter()
    if progress:
        progress(f"{label} ({now - started:.1f} s)")
    return now


def generate_to_parquet(
    *,
    county_code: str,
    seed: int,
    scale: float,
    years: int = 3,
    end_date: date = DEFAULT_END_DATE,
    out_dir: str | Path,
    progress: Progress = None,
    named_doctor_share: float = NAMED_DOCTOR_SHARE,
) -> dict[str, int]:
    """Write the snapshot (contract version 1) to `out_dir`, a folder or an object-storage URI
    (see writers.write_snapshot); returns row counts per table."""
    params = Params(
        str(county_code), int(seed), float(scale), int(years), end_date, float(named_doctor_share)
    )
    validate_params(params)
    check_target(out_dir)
    generated = generate(params, progress=progress)
    started = time.perf_counter()
    tables = build_tables(generated)
    started = _timed(progress, "Tabeller enligt kontraktet", started)
    check_tables(tables, generated.county.codes, end_date)
    check_identities(generated.persons, end_date)
    started = _timed(progress, "Kontroller av utdata", started)
    counts = write_snapshot(tables, out_dir, created=created_stamp(end_date), source=params.source)
    _timed(progress, f"Parquet-filer i {out_dir}", started)
    return counts


def generate_into_database(
    *,
    county_code: str,
    seed: int,
    scale: float,
    years: int = 3,
    end_date: date = DEFAULT_END_DATE,
    progress: Progress = None,
    named_doctor_share: float = NAMED_DOCTOR_SHARE,
):
    """Load the county into the operational database in one transaction.

    Returns the GeneratedCounty row. Raises AlreadyGeneratedError if the county is loaded.
    """
    from navet.synth.loader import load_county_into_database

    params = Params(
        str(county_code), int(seed), float(scale), int(years), end_date, float(named_doctor_share)
    )
    validate_params(params)
    return load_county_into_database(params, progress=progress)
