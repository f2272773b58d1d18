"""`./navet test` (and CI): ruff, then pytest on SQLite, then the same suite on PostgreSQL.

Browser and Spark tests run once, on PostgreSQL. The PostgreSQL run uses a throw-away database named
for this run; pytest-django creates it (as test_<name>) and drops it at the end.
"""

import os
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from navet.paths import REPO_ROOT

DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres"
ONCE_ONLY_MARKERS = "browser or spark"


@dataclass
class StepResult:
    name: str
    ok: bool
    seconds: float
    note: str = ""


def _is_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _run(name: str, command: list[str], env: dict[str, str] | None = None) -> StepResult:
    print(f"\n=== {name}: {' '.join(command)}", flush=True)
    started = time.perf_counter()
    completed = subprocess.run(command, cwd=REPO_ROOT, env=env, check=False)  # noqa: S603
    seconds = time.perf_counter() - started
    note = ""
    if completed.returncode == 5:
        note = "no test was collected: a run with no executed test is a failure"
    return StepResult(name, completed.returncode == 0, seconds, note)


def _postgres_url() -> str:
    return os.environ.get("NAVET_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)


def _postgres_reachable(url: str) -> str | None:
    """None when PostgreSQL answers at `url`, else the reason in plain words."""
    import psycopg

    parts = urlsplit(url)
    try:
        with psycopg.connect(
            host=parts.hostname,
            port=parts.port or 5432,
            user=parts.username or "postgres",
            password=parts.password,
            dbname=parts.path.lstrip("/") or "postgres",
            connect_timeout=5,
        ):
            return None
    except psycopg.Error as error:
        return str(error).strip().splitlines()[0]


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def main(argv: list[str]) -> int:
    python = sys.executable
    results: list[StepResult] = []
    pytest = [python, "-m", "pytest", "-p", "no:cacheprovider", *argv]

    results.append(_run("ruff check", [python, "-m", "ruff", "check", "."]))
    results.append(_run("ruff format --check", [python, "-m", "ruff", "format", "--check", "."]))

    sqlite_env = {**os.environ, "DATABASE_URL": "sqlite:///" + str(REPO_ROOT / "var/test.sqlite3")}
    results.append(
        _run("pytest on SQLite", [*pytest, "-m", f"not ({ONCE_ONLY_MARKERS})"], sqlite_env)
    )

    url = _postgres_url()
    problem = _postgres_reachable(url)
    if problem is None:
        database = f"navet_run_{uuid.uuid4().hex[:10]}"
        postgres_env = {**os.environ, "DATABASE_URL": _with_database(url, database)}
        results.append(_run("pytest on PostgreSQL", pytest, postgres_env))
    elif _is_ci():
        results.append(
            StepResult(
                "pytest on PostgreSQL",
                False,
                0.0,
                f"PostgreSQL is not reachable at {url} ({problem}); CI requires it. Start it "
                "(pg_ctlcluster <version> main start) or set NAVET_TEST_POSTGRES_URL.",
            )
        )
    else:
        results.append(
            StepResult(
                "pytest on PostgreSQL",
                True,
                0.0,
                f"SKIPPED: PostgreSQL is not reachable at {url} ({problem}). "
                "Browser and Spark tests did not run.",
            )
        )

    print("\n=== summary")
    for result in results:
        status = "ok " if result.ok else "FAILED"
        print(f"{status:6} {result.name:24} {result.seconds:7.1f} s  {result.note}")
    failed = [r for r in results if not r.ok]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
