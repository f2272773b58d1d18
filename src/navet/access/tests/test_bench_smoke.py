"""The audit benchmark's smoke run (bench/audit_bench.py): the same code as the 20 M-row run,
on a few thousand rows, so that it cannot rot between full runs."""

import importlib.util

import pytest

from navet.paths import REPO_ROOT

pytestmark = pytest.mark.django_db


def load_bench():
    spec = importlib.util.spec_from_file_location("audit_bench", REPO_ROOT / "bench/audit_bench.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_audit_bench_smoke(demo_users, small_county, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    bench = load_bench()
    result = bench.run(3000, 5, progress=lambda message: None)
    assert result["rows"] >= 3000
    assert result["page_ms"] > 0 and result["audit_write_ms"] > 0
    assert set(result["searches_ms"]) >= {"person", "user", "everything, newest first"}
    assert all(ms < 1000 for ms in result["searches_ms"].values())
    assert "log search" in bench.report(result)
