"""Benchmark of the indicator engine: DuckDB, Spark local, and what an analyst writes in pandas.

    .venv/bin/python bench/indicators_bench.py --snapshot /tmp/vgr      # VGR scale, see README
    .venv/bin/python bench/indicators_bench.py --smoke                  # tiny snapshot (CI)
    … --cases duckdb,duckdb-three,pandas --repeat 3                     # rounds, on a busy machine
    … --cases duckdb,duckdb-three --threads 1                           # DuckDB on one thread
    … --cases duckdb --lanes 1                                          # families one at a time
    … --cases duckdb-issue --no-batch                                   # one query per indicator

Cases, each in its own process so that peak memory (ru_maxrss) is that case's alone:
  duckdb        the full suite (every indicator, level and breakdown) on DuckDB
  duckdb-issue  the 21 indicators the follow-up issue names (every family but safe discharge
                and SIP, which later issues added): what its speed goal was set for
  duckdb-three  the engine on the three indicators the pandas case computes
  pandas        idiomatic pandas (vectorised groupby, no Python loops over rows) for COC,
                30-day readmission and days ready for discharge, county figures only
  pandas-pushdown  the same, but the visits are filtered while they are read (`filters=`)
  spark         the full suite on Spark local[2]
Seconds are the computation alone (reading the snapshot included; Python start-up and imports
not). The pandas figures are checked against the engine's county cells, and Spark's rows and
county figures against DuckDB's when both run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

PERIOD = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
THREE = ("continuity_coc", "readmission_30d", "ready_for_discharge_days_mean")
CASES = ("duckdb", "duckdb-issue", "duckdb-three", "pandas", "pandas-pushdown", "spark")
# Families later issues (safe discharge, coordinated care) added to the suite.
LATER_FAMILIES = ("safe_discharge", "sip")
ZONE = "Europe/Stockholm"


# The engine -------------------------------------------------------------------------------


def run_engine(
    snapshot: str,
    engine: str,
    only=None,
    threads: int | None = None,
    lanes: int | None = None,
    batch: bool = True,
) -> dict:
    from navet.followup import runner
    from navet.followup.days import Period
    from navet.followup.engine import connect

    if engine == "duckdb":
        active = connect("duckdb", threads=threads)
    else:
        active = connect("spark", shuffle_partitions=4)
    jvm = _jvm_process() if engine == "spark" else None
    started = time.perf_counter()
    result = runner.run(
        snapshot, Period(*PERIOD), engine=active, only=only, lanes=lanes, batch=batch
    )
    seconds = time.perf_counter() - started
    active.close()
    if jvm is not None:  # stop the JVM and wait for it, so RUSAGE_CHILDREN includes it
        jvm.terminate()
        jvm.wait()
    table = result.table
    county = table[(table.level == "county") & (table.breakdown == "total")]
    return {
        "seconds": seconds,
        "rows": len(table),
        "per_indicator": {k: round(v, 2) for k, v in result.seconds.items()},
        "county": {r.indicator: r.value for r in county.itertuples() if r.value == r.value},
    }


def _jvm_process():
    from pyspark import SparkContext

    return SparkContext._gateway.proc


# What an analyst writes in pandas --------------------------------------------------------


def run_pandas(snapshot: str, pushdown: bool = False) -> dict:
    root = Path(snapshot)
    started = time.perf_counter()
    start, end = pd.Timestamp(PERIOD[0]), pd.Timestamp(PERIOD[1])
    persons = pd.read_parquet(
        root / "persons.parquet", columns=["person_key", "birth_date", "death_date"]
    )
    episodes = pd.read_parquet(root / "episodes.parquet")
    figures = {
        "continuity_coc": pandas_coc(root, persons, start, end, pushdown),
        "readmission_30d": pandas_readmission(episodes, persons, start, end),
        "ready_for_discharge_days_mean": pandas_days_ready(episodes, start, end),
    }
    return {"seconds": time.perf_counter() - started, "county": figures}


def local_date(moments):
    """Swedish local calendar date as a naive midnight timestamp (exact day differences)."""
    return moments.dt.tz_convert(ZONE).dt.tz_localize(None).dt.normalize()


def age_on(birth, day):
    birth, day = pd.to_datetime(birth), pd.to_datetime(day)
    before_birthday = (day.dt.month * 100 + day.dt.day) < (birth.dt.month * 100 + birth.dt.day)
    return day.dt.year - birth.dt.year - before_birthday.astype(int)


def pandas_coc(root: Path, persons, start, end, pushdown: bool = False) -> float:
    window_start = (end + pd.Timedelta(days=1)) - pd.DateOffset(months=18)
    forms = ["physical", "home", "phone", "video"]
    if pushdown:  # let pyarrow skip the rows while reading (pandas' `filters`)
        visits = pd.read_parquet(
            root / "visits.parquet",
            columns=["person_key", "staff_key"],
            filters=[
                ("profession", "==", "doctor"),
                ("care_level", "==", "primary"),
                ("form", "in", forms),
                ("visit_date", ">=", window_start.date()),
                ("visit_date", "<=", end.date()),
            ],
        )
    else:
        visits = pd.read_parquet(
            root / "visits.parquet",
            columns=["person_key", "staff_key", "profession", "care_level", "form", "visit_date"],
        )
        visits = visits[
            (visits.profession == "doctor")
            & (visits.care_level == "primary")
            & visits.form.isin(forms)
        ]
        visits = visits[pd.to_datetime(visits["visit_date"]).between(window_start, end)]
    per_doctor = visits.groupby(["person_key", "staff_key"], observed=True).size()
    per_person = pd.DataFrame(
        {
            "n": per_doctor.groupby(level=0, observed=True).sum(),
            "squares": (per_doctor**2).groupby(level=0, observed=True).sum(),
        }
    )
    alive = persons.person_key[
        persons.death_date.isna() | (pd.to_datetime(persons.death_date) > end)
    ]
    eligible = per_person[(per_person.n >= 2) & per_person.index.isin(alive)]
    coc = (eligible.squares - eligible.n) / (eligible.n * (eligible.n - 1))
    return float(coc.mean())


def pandas_care_episodes(episodes):
    e = episodes.sort_values(["person_key", "admission_time", "episode_id"]).reset_index(drop=True)
    by_person = e.groupby("person_key", observed=True)
    gap = e.admission_time - by_person.discharge_time.shift()
    linked = by_person.discharge_destination.shift().isin(["other_ward", "other_hospital"]) & (
        gap <= pd.Timedelta(hours=24)
    )
    e["care_no"] = (~linked).astype(int).groupby(e.person_key, observed=True).cumsum()
    first = (
        e.groupby(["person_key", "care_no"], observed=True)
        .head(1)
        .set_index(["person_key", "care_no"])
    )
    last = (
        e.groupby(["person_key", "care_no"], observed=True)
        .tail(1)
        .set_index(["person_key", "care_no"])
    )
    return pd.DataFrame(
        {
            "admitted": local_date(first.admission_time),
            "admission_type": first.admission_type,
            "care_type": first.care_type,
            "discharged": local_date(last.discharge_time),
            "destination": last.discharge_destination,
        }
    ).reset_index()


def pandas_readmission(episodes, persons, start, end) -> float:
    stays = pandas_care_episodes(episodes)
    index = stays[
        stays.discharged.between(start, end)
        & (stays.care_type == "somatic")
        & (stays.destination != "deceased")
    ].merge(persons[["person_key", "birth_date"]], on="person_key")
    index = index[age_on(index.birth_date, index.discharged) >= 65]
    outcomes = stays.loc[
        (stays.admission_type == "acute") & (stays.care_type == "somatic"),
        ["person_key", "admitted"],
    ]
    pairs = index[["person_key", "care_no", "discharged"]].merge(outcomes, on="person_key")
    days = (pairs.admitted - pairs.discharged).dt.days
    readmitted = pairs[days.between(1, 30)][["person_key", "care_no"]].drop_duplicates()
    return len(readmitted) / len(index)


def pandas_days_ready(episodes, start, end) -> float:
    done = episodes[episodes.discharge_time.notna() & episodes.ready_time.notna()]
    discharged = local_date(done.discharge_time)
    days = (discharged - local_date(done.ready_time)).dt.days
    counted = days[discharged.between(start, end) & (days >= 1)]
    return float(counted.mean())


def issue_indicators() -> list[str]:
    import navet.followup.indicators  # noqa: F401  (registers every indicator)
    from navet.followup.registry import REGISTRY

    return [i.id for i in REGISTRY if i.family not in LATER_FAMILIES]


# Driver -----------------------------------------------------------------------------------


def child(case: str, snapshot: str, threads: int | None, lanes: int | None, batch: bool) -> None:
    options = {"threads": threads, "lanes": lanes, "batch": batch}
    if case == "pandas":
        result = run_pandas(snapshot)
    elif case == "pandas-pushdown":
        result = run_pandas(snapshot, pushdown=True)
    elif case == "duckdb-issue":
        result = run_engine(snapshot, "duckdb", only=issue_indicators(), **options)
    elif case == "duckdb-three":
        result = run_engine(snapshot, "duckdb", only=THREE, **options)
    else:
        result = run_engine(snapshot, case, **options)
    me, jvm = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    own, children = me.ru_maxrss, jvm.ru_maxrss  # children: the JVM, for Spark
    result["peak_mb"] = round((own + children) / 1024)
    result["python_peak_mb"] = round(own / 1024)
    # CPU seconds of the whole case (all threads, and the JVM): steadier than wall time on a
    # shared machine; on an idle 2-core machine wall time is at least half of it.
    result["cpu_seconds"] = me.ru_utime + me.ru_stime + jvm.ru_utime + jvm.ru_stime
    print(json.dumps(result, default=float))


def measure(
    case: str,
    snapshot: str,
    threads: int | None = None,
    lanes: int | None = None,
    batch: bool = True,
) -> dict:
    load = os.getloadavg()[0]
    started = time.perf_counter()
    completed = subprocess.run(  # noqa: S603
        [sys.executable, __file__, "--child", case, "--snapshot", snapshot,
         *(["--threads", str(threads)] if threads else []),
         *(["--lanes", str(lanes)] if lanes else []), *([] if batch else ["--no-batch"])],
        capture_output=True, text=True, check=False, cwd=ROOT,
    )  # fmt: skip
    if completed.returncode:
        sys.stderr.write(completed.stderr[-4000:])
        raise SystemExit(f"{case} failed")
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    result["process_seconds"] = time.perf_counter() - started
    result["load"] = load  # the 1-minute load average when the case began
    return result


def smoke_snapshot(folder: Path) -> str:
    """The synthetic county at scale 0.01 when the generator is installed, else the tests'
    random county."""
    target = folder / "snapshot"
    try:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "navet.settings")
        import django

        django.setup()  # the generator's organisation tables are Django models
        from navet.synth.services import generate_to_parquet
    except ImportError:
        from navet.followup.tests import random_county

        return str(random_county.build().write(target))
    generate_to_parquet(
        county_code="19", seed=42, scale=0.01, years=2, end_date=PERIOD[1], out_dir=target
    )
    return str(target)


def report(runs: dict[str, list[dict]]) -> int:
    """Every run, then the ratios from each case's fastest run (wall) and least CPU."""
    columns = ("seconds", "process s", "CPU s", "peak MB", "load")
    print(f"\n{'case':16} {'run':>3} " + " ".join(f"{c:>9}" for c in columns))
    for case, results in runs.items():
        for number, result in enumerate(results, 1):
            print(
                f"{case:16} {number:3} {result['seconds']:9.2f} {result['process_seconds']:9.2f} "
                f"{result['cpu_seconds']:9.1f} {result['peak_mb']:9} {result['load']:9.1f}"
            )
    best = {case: min(results, key=lambda r: r["seconds"]) for case, results in runs.items()}
    least_cpu = {case: min(r["cpu_seconds"] for r in results) for case, results in runs.items()}
    problems = 0
    for variant in ("pandas", "pandas-pushdown"):
        if variant not in best or "duckdb-three" not in best:
            continue
        ratio = best[variant]["seconds"] / best["duckdb-three"]["seconds"]
        cpu_ratio = least_cpu[variant] / least_cpu["duckdb-three"]
        print(
            f"\n{variant} ÷ engine (three indicators): {ratio:.1f}× wall, {cpu_ratio:.1f}× CPU "
            "(goal ≥ 20×)"
        )
        for indicator, value in best[variant]["county"].items():
            engine = best["duckdb-three"]["county"].get(indicator)
            same = engine is not None and abs(engine - value) <= 1e-9 * max(1.0, abs(value))
            problems += not same
            verdict = "ok" if same else "DIFFERS"
            print(f"  {indicator:32} pandas {value:.10g}  engine {engine}  {verdict}")
    if "duckdb" in best and "spark" in best:
        problems += _compare_engines(best["duckdb"], best["spark"])
    if "duckdb" in best:
        print("\nDuckDB per indicator (s):", json.dumps(best["duckdb"]["per_indicator"]))
    return 1 if problems else 0


def _compare_engines(duck: dict, spark: dict) -> int:
    """Spark must give as many rows as DuckDB and the same county figures (within 1e-9)."""
    differing = [
        indicator
        for indicator in sorted(set(duck["county"]) | set(spark["county"]))
        if indicator not in duck["county"]
        or indicator not in spark["county"]
        or abs(duck["county"][indicator] - spark["county"][indicator])
        > 1e-9 * max(1.0, abs(duck["county"][indicator]))
    ]
    same_rows = duck["rows"] == spark["rows"]
    print(
        f"\nSpark vs DuckDB: {spark['rows']} / {duck['rows']} rows, "
        f"{len(duck['county']) - len(differing)} of {len(duck['county'])} county figures equal"
        + ("" if not differing else f"; DIFFERS: {', '.join(differing)}")
    )
    return int(not same_rows) + len(differing)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--snapshot", help="snapshot folder (VGR scale for the real figures)")
    parser.add_argument("--smoke", action="store_true", help="a tiny snapshot, for CI")
    parser.add_argument("--cases", default=None, help=f"comma-separated, from {','.join(CASES)}")
    parser.add_argument("--repeat", type=int, default=1, help="run every case this many times")
    parser.add_argument("--threads", type=int, help="DuckDB threads (default: one per core)")
    parser.add_argument(
        "--lanes", type=int, help="indicator families run at once (default: one per core, ≤ 2)"
    )
    parser.add_argument(
        "--no-batch",
        dest="batch",
        action="store_false",
        help="one query per indicator (default: indicators sharing their records in one)",
    )
    parser.add_argument("--json", action="store_true", help="print the results as JSON too")
    parser.add_argument("--child", choices=CASES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.snapshot, args.threads, args.lanes, args.batch)
        return 0
    default = "duckdb,duckdb-three,pandas" if args.smoke else ",".join(CASES)
    cases = (args.cases or default).split(",")
    unknown = set(cases) - set(CASES)
    if unknown:
        parser.error(f"unknown cases: {', '.join(sorted(unknown))}")
    with tempfile.TemporaryDirectory() as folder:
        snapshot = smoke_snapshot(Path(folder)) if args.smoke else args.snapshot
        if not snapshot:
            parser.error("--snapshot DIR or --smoke")
        runs: dict[str, list[dict]] = {case: [] for case in cases}
        for _ in range(args.repeat):  # rounds, so that each case meets the same load
            for case in cases:
                runs[case].append(measure(case, snapshot, args.threads, args.lanes, args.batch))
    status = report(runs)
    if args.json:
        print(json.dumps(runs, indent=2, default=float))
    return status


if __name__ == "__main__":
    sys.exit(main())
