"""The indicator benchmark's smoke run works, and its pandas figures equal the engine's."""

import subprocess
import sys

from navet.paths import REPO_ROOT

BENCH = REPO_ROOT / "bench" / "indicators_bench.py"


def test_benchmark_smoke_run_agrees_with_pandas():
    completed = subprocess.run(
        [sys.executable, str(BENCH), "--smoke", "--cases", "duckdb-issue,duckdb-three,pandas"],
        capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stdout + completed.stderr[-3000:]
    assert completed.stdout.count(" ok") == 3
    assert "\nduckdb-issue " in completed.stdout  # the issue's own suite was measured too
