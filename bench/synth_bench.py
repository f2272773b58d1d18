#!/usr/bin/env python3
"""Benchmark of the synthetic county generator (`navet.synth`). Not a test: run it by hand.

    .venv/bin/python bench/synth_bench.py                  # all cases at full size
    .venv/bin/python bench/synth_bench.py vm-parquet       # one case
    .venv/bin/python bench/synth_bench.py --smoke          # every case at scale 0.01 (CI)

Cases and limits:
    vm-parquet   Västmanland (19), scale 1.0 → Parquet      ≤ 30 s
    vgr-parquet  Västra Götaland (14), scale 1.0 → Parquet  ≤ 300 s
    vm-postgres  Västmanland (19), scale 1.0 → PostgreSQL   ≤ 180 s
    demo-sqlite  Västmanland (19), scale 0.1 → SQLite       ≤ 60 s (the demo)

Each case runs in its own process; seconds are the generator call alone (the database is
created and migrated before), peak memory is that process's maximum resident set size.
PostgreSQL cases create a throw-away database through --pg-url (default: the server in
DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres) and drop it afterwards; with
--smoke they run only when DATABASE_URL points at PostgreSQL or --pg-url is given.
Exit status 1 if a full-size case is over its limit.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
CASES = {  # name: (county, scale, target, limit in seconds, description)
    "vm-parquet": ("19", 1.0, "parquet", 30, "Västmanland 1.0 → Parquet"),
    "vgr-parquet": ("14", 1.0, "parquet", 300, "Västra Götaland 1.0 → Parquet"),
    "vm-postgres": ("19", 1.0, "postgres", 180, "Västmanland 1.0 → PostgreSQL"),
    "demo-sqlite": ("19", 0.1, "sqlite", 60, "Västmanland 0.1 → SQLite (demo)"),
}
SEED = 42


def _child(case: str, scale: float, out: str | None) -> None:
    """Runs inside the case's own process; prints one JSON line."""
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "navet.settings")
    import django

    django.setup()
    from navet.synth import services

    county = CASES[case][0]
    started = time.perf_counter()
    if out:
        counts = services.generate_to_parquet(
            county_code=county, seed=SEED, scale=scale, out_dir=Path(out)
        )
        rows = sum(counts.values())
    else:
        record = services.generate_into_database(county_code=county, seed=SEED, scale=scale)
        rows = record.persons
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": round(seconds, 1), "peak_mb": round(peak), "rows": rows}))


def _admin_url(explicit: str | None) -> str | None:
    if explicit:
        return explicit
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return urlunsplit(urlsplit(url)._replace(path="/postgres"))
    return None


def _with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def _run(command: list[str], env: dict) -> subprocess.CompletedProcess:
    # Our own interpreter and scripts, with arguments built here: no untrusted input.
    return subprocess.run(  # noqa: S603
        command, cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


def run_case(case: str, scale: float, pg_url: str | None, keep: bool) -> dict:
    target = CASES[case][2]
    env = dict(os.environ, PYTHONPATH=str(ROOT), DJANGO_SETTINGS_MODULE="navet.settings")
    scratch = Path(tempfile.mkdtemp(prefix=f"synth-bench-{case}-"))
    database = None
    try:
        command = [sys.executable, __file__, "--child", case, "--scale", str(scale)]
        if target == "parquet":
            command += ["--out", str(scratch / "snapshot")]
        elif target == "sqlite":
            env["DATABASE_URL"] = f"sqlite:///{scratch / 'bench.sqlite3'}"
        else:
            import psycopg

            database = f"navet_synth_bench_{os.getpid()}"
            with psycopg.connect(pg_url, autocommit=True) as connection:
                connection.execute(f"DROP DATABASE IF EXISTS {database}")
                connection.execute(f"CREATE DATABASE {database}")
            env["DATABASE_URL"] = _with_database(pg_url, database)
        if target != "parquet":
            migrated = _run([sys.executable, "manage.py", "migrate", "-v0"], env)
            if migrated.returncode:
                raise RuntimeError(migrated.stderr)
        result = _run(command, env)
        if result.returncode:
            raise RuntimeError(result.stderr[-3000:])
        figures = json.loads(result.stdout.strip().splitlines()[-1])
        if keep and target == "parquet":
            print(f"  kept {scratch / 'snapshot'}")
        return figures
    finally:
        if database and not keep:
            import psycopg

            with psycopg.connect(pg_url, autocommit=True) as connection:
                connection.execute(f"DROP DATABASE IF EXISTS {database}")
        if not keep:
            shutil.rmtree(scratch, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "cases", nargs="*", metavar="CASE", help=f"one or more of {', '.join(CASES)} (default: all)"
    )
    parser.add_argument("--smoke", action="store_true", help="every case at scale 0.01, quickly")
    parser.add_argument("--scale", type=float, help="override the scale of every case")
    parser.add_argument("--pg-url", help="PostgreSQL server (any database) for throw-away DBs")
    parser.add_argument("--keep", action="store_true", help="keep outputs and databases")
    parser.add_argument("--child", choices=list(CASES), help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args.child, args.scale, args.out)
        return 0
    if unknown := [c for c in args.cases if c not in CASES]:
        parser.error(f"unknown case {', '.join(unknown)}; choose from {', '.join(CASES)}")
    cases = args.cases or list(CASES)
    pg_url = _admin_url(args.pg_url)
    if not args.smoke and not pg_url:
        pg_url = "postgres://postgres@127.0.0.1:5432/postgres"
    slow = []
    print(f"{'case':<14}{'scale':>7}{'seconds':>9}{'limit':>7}{'peak MB':>9}{'rows':>12}")
    for case in cases:
        _, scale, target, limit, _ = CASES[case]
        scale = 0.01 if args.smoke else (args.scale or scale)
        if target == "postgres" and not pg_url:
            print(f"{case:<14}{scale:>7}  skipped (no PostgreSQL: set DATABASE_URL or --pg-url)")
            continue
        figures = run_case(case, scale, pg_url, args.keep)
        over = not args.smoke and scale == CASES[case][1] and figures["seconds"] > limit
        slow += [case] if over else []
        print(
            f"{case:<14}{scale:>7}{figures['seconds']:>9}{limit:>7}{figures['peak_mb']:>9}"
            f"{figures['rows']:>12}{'  OVER LIMIT' if over else ''}",
            flush=True,
        )
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
