"""`./navet test` (and CI): ruff, then pytest in two lanes that run at the same time.

- lane "SQLite": every test not marked `browser`, on SQLite (in memory); this includes the
  `spark` tests, which need no database server;
- lane "PostgreSQL": every test not marked `spark`, on a throw-away PostgreSQL database named for
  this run (pytest-django creates it as test_<name> and drops it at the end); the `browser`
  tests run here.

So every test runs on both databases except the browser tests (PostgreSQL only) and the Spark
tests (once, in the SQLite lane). Pytest arguments (`./navet test src/navet/identifiers -q`) go to
both lanes; a `-m` expression is combined with the lane's own.

Each lane writes its output to var/testrun/<lane>.log; the log is printed whole when the lane
ends, and a progress line shows both lanes while they run. The summary lists every step.

Rules: a lane in which no test ran (pytest's exit code 5) is a failure, except when your own
arguments selected only tests of the other lane; PostgreSQL that does not answer is a failure
under CI=true and otherwise a reported skip (then the browser tests do not run).
"""

import os
import re
import shlex
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from navet.paths import REPO_ROOT, VAR_DIR

DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres"
LOG_DIR = VAR_DIR / "testrun"
NO_TESTS = 5  # pytest.ExitCode.NO_TESTS_COLLECTED (pytest is not imported here)
PROGRESS_EVERY = 60.0  # seconds between progress lines
_PERCENT = re.compile(rb"\[\s*(\d+)%\]")
_OUTCOME = re.compile(rb"(\d+ (?:passed|failed|errors?|skipped|deselected|x\w+)[\w, ]*) in ")


@dataclass
class StepResult:
    name: str
    ok: bool
    seconds: float
    note: str = ""


@dataclass
class Lane:
    name: str  # "pytest on SQLite"
    tag: str  # "sqlite": log file name and progress label
    command: list[str]
    env: dict[str, str]
    log: Path = field(init=False)

    def __post_init__(self) -> None:
        self.log = LOG_DIR / f"{self.tag}.log"


def _is_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _run(name: str, command: list[str], env: dict[str, str] | None = None) -> StepResult:
    print(f"\n=== {name}: {shlex.join(command)}", flush=True)
    started = time.perf_counter()
    completed = subprocess.run(command, cwd=REPO_ROOT, env=env, check=False)  # noqa: S603
    return StepResult(name, completed.returncode == 0, time.perf_counter() - started)


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


def split_marker(argv: list[str]) -> tuple[list[str], str | None]:
    """The arguments without `-m EXPR` / `-mEXPR`, and the (last) expression given."""
    rest, marker, args = [], None, iter(argv)
    for arg in args:
        if arg == "-m":
            marker = next(args, None)
        elif arg.startswith("-m") and not arg.startswith("--"):
            marker = arg[2:]
        else:
            rest.append(arg)
    return rest, marker


def narrows(argv: list[str]) -> bool:
    """Whether the arguments choose tests (paths, node ids, -k, -m) rather than only options."""
    return any(not arg.startswith("-") or arg[:2] in {"-k", "-m"} for arg in argv)


def _lane_marker(own: str, user: str | None) -> str:
    return f"({user}) and {own}" if user else own


def plan(
    argv: list[str], python: str, postgres: str | None, problem: str | None, ci: bool
) -> tuple[list[Lane], list[StepResult]]:
    """The lanes to run, and the steps already decided (PostgreSQL unreachable).

    `postgres` is the throw-away database's URL; `problem` why the server did not answer."""
    args, user_marker = split_marker(argv)
    pytest = [python, "-m", "pytest", "-p", "no:cacheprovider", *args]
    # Lanes write to files: flush every line, and keep colours when a person is watching.
    base = {**os.environ, "PYTHONUNBUFFERED": "1"}
    if sys.stdout.isatty():
        pytest.append("--color=yes")
    sqlite_url = "sqlite:///" + str(VAR_DIR / "test.sqlite3")
    lanes = [
        Lane(
            "pytest on SQLite",
            "sqlite",
            [*pytest, "-m", _lane_marker("not browser", user_marker)],
            {**base, "DATABASE_URL": sqlite_url},
        )
    ]
    decided: list[StepResult] = []
    if problem is None:
        lanes.append(
            Lane(
                "pytest on PostgreSQL",
                "postgres",
                [*pytest, "-m", _lane_marker("not spark", user_marker)],
                {**base, "DATABASE_URL": postgres},
            )
        )
    elif ci:
        decided.append(
            StepResult(
                "pytest on PostgreSQL",
                False,
                0.0,
                f"PostgreSQL is not reachable at {_postgres_url()} ({problem}); CI requires it. "
                "Start it (pg_ctlcluster <version> main start) or set NAVET_TEST_POSTGRES_URL.",
            )
        )
    else:
        decided.append(
            StepResult(
                "pytest on PostgreSQL",
                True,
                0.0,
                f"SKIPPED: PostgreSQL is not reachable at {_postgres_url()} ({problem}). "
                "Browser tests did not run.",
            )
        )
    return lanes, decided


def judge(
    lane: Lane, returncode: int, seconds: float, user_args: bool, others_ran: bool
) -> StepResult:
    """A lane's step: ok only when its pytest exited 0. Exit code 5 (no test ran) is a failure,
    except when the user's own arguments chose only tests that belong to another lane."""
    if returncode == 0:
        return StepResult(lane.name, True, seconds, outcome(lane))
    if returncode == NO_TESTS:
        if user_args and others_ran:
            return StepResult(
                lane.name, True, seconds, "SKIPPED: none of the chosen tests runs in this lane"
            )
        return StepResult(
            lane.name, False, seconds, "no test ran: a run with no executed test is a failure"
        )
    counts = outcome(lane) or f"exit code {returncode}"
    return StepResult(lane.name, False, seconds, f"{counts}; the log: {lane.log}")


def _tail(path: Path, size: int = 4096) -> bytes:
    try:
        with path.open("rb") as log:
            log.seek(max(log.seek(0, os.SEEK_END) - size, 0))
            return log.read()
    except OSError:
        return b""


def _progress(lane: Lane) -> str:
    """The lane's last "[ NN%]" from its log, or "running" before the first one."""
    found = _PERCENT.findall(_tail(lane.log))
    return f"{int(found[-1])}%" if found else "running"


def outcome(lane: Lane) -> str:
    """Pytest's closing count from the lane's log ("2 failed, 1400 passed, 3 skipped"), or ""."""
    found = _OUTCOME.findall(_tail(lane.log))
    return found[-1].decode(errors="replace") if found else ""


def _print_log(lane: Lane, returncode: int, seconds: float) -> None:
    print(f"\n=== {lane.name} ended (exit code {returncode}, {seconds:.0f} s)", flush=True)
    with lane.log.open("rb") as log:
        for chunk in iter(lambda: log.read(1 << 16), b""):
            sys.stdout.buffer.write(chunk)
    sys.stdout.flush()


def run_lanes(lanes: list[Lane], user_args: bool, tick: float = 1.0) -> list[StepResult]:
    """Start every lane at once, print each one's log whole as it ends, and judge them."""
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    running: dict[str, tuple[Lane, subprocess.Popen]] = {}
    ended: dict[str, tuple[int, float]] = {}
    try:
        for lane in lanes:
            print(f"\n=== {lane.name}: {shlex.join(lane.command)}", flush=True)
            print(f"    output in {lane.log}, printed whole when the lane ends", flush=True)
            with lane.log.open("wb") as log:
                process = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
                    lane.command, cwd=REPO_ROOT, env=lane.env, stdout=log, stderr=subprocess.STDOUT
                )
            running[lane.tag] = (lane, process)
        last_progress = started
        while running:
            time.sleep(tick)
            for tag, (lane, process) in list(running.items()):
                if process.poll() is not None:
                    seconds = time.perf_counter() - started
                    ended[tag] = (process.returncode, seconds)
                    del running[tag]
                    _print_log(lane, process.returncode, seconds)
            now = time.perf_counter()
            if running and now - last_progress >= PROGRESS_EVERY:
                last_progress = now
                state = ", ".join(f"[{t}] {_progress(lane)}" for t, (lane, _) in running.items())
                print(f"... {now - started:.0f} s: {state}", flush=True)
    finally:
        for _, process in running.values():  # interrupted: leave no pytest behind
            process.terminate()
            process.wait()
    results = []
    for lane in lanes:
        returncode, seconds = ended[lane.tag]
        others_ran = any(code in {0, 1} for tag, (code, _) in ended.items() if tag != lane.tag)
        results.append(judge(lane, returncode, seconds, user_args, others_ran))
    return results


def summary(results: list[StepResult], total: float) -> str:
    lines = ["=== summary"]
    for result in results:
        status = "ok " if result.ok else "FAILED"
        lines.append(f"{status:6} {result.name:24} {result.seconds:7.1f} s  {result.note}".rstrip())
    lines.append(f"{'':6} {'total (wall clock)':24} {total:7.1f} s")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    started = time.perf_counter()
    python = sys.executable
    results: list[StepResult] = []

    results.append(_run("ruff check", [python, "-m", "ruff", "check", "."]))
    results.append(_run("ruff format --check", [python, "-m", "ruff", "format", "--check", "."]))

    url = _postgres_url()
    problem = _postgres_reachable(url)
    postgres = _with_database(url, f"navet_run_{uuid.uuid4().hex[:10]}")
    lanes, decided = plan(argv, python, postgres, problem, _is_ci())
    results.extend(run_lanes(lanes, user_args=narrows(argv)))
    results.extend(decided)

    print("\n" + summary(results, time.perf_counter() - started))
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
