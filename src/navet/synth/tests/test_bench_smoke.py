"""The benchmark script runs end to end at scale 0.01 (the CI smoke run)."""

from __future__ import annotations

import os
import subprocess
import sys
from urllib.parse import quote

import pytest
from django.conf import settings

from navet.paths import REPO_ROOT


@pytest.mark.synth_smoke
def test_bench_smoke():
    env = dict(os.environ)
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        db = settings.DATABASES["default"]
        login = quote(db["USER"] or "postgres") + (
            f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
        )
        env["DATABASE_URL"] = (
            f"postgres://{login}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/postgres"
        )
    result = subprocess.run(
        [sys.executable, "bench/synth_bench.py", "--smoke"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["case", "scale", "seconds"]
    for case in ("vm-parquet", "vgr-parquet", "demo-sqlite"):
        row = next(line for line in lines if line.startswith(case)).split()
        assert row[1] == "0.01" and float(row[2]) > 0
