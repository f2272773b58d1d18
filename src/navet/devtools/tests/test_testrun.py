"""The test runner behind `./navet test`."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import navet
from navet.devtools.testrun import _postgres_reachable, _with_database


def test_throwaway_database_replaces_only_the_database_name():
    url = "postgres://postgres:secret@127.0.0.1:5432/postgres?sslmode=disable"
    assert (
        _with_database(url, "navet_run_abc")
        == "postgres://postgres:secret@127.0.0.1:5432/navet_run_abc?sslmode=disable"
    )


def test_unreachable_postgres_is_reported_in_plain_words():
    # Port 9 (discard) is not a PostgreSQL server on any machine we run on.
    problem = _postgres_reachable("postgres://postgres@127.0.0.1:9/postgres")
    assert problem
    assert "127.0.0.1" in problem or "refused" in problem.lower() or "connect" in problem.lower()


def _pytest_exit_code(tmp_path, body: str) -> int:
    (tmp_path / "test_sample.py").write_text(textwrap.dedent(body))
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:django",
            "-p",
            "no:cacheprovider",
            "-p",
            "navet.devtools.pytest_plugin",
            str(tmp_path),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(Path(navet.__file__).resolve().parent.parent)},
    ).returncode


def test_a_run_where_every_test_is_skipped_fails(tmp_path):
    body = """
        import pytest

        @pytest.mark.skip(reason="no database")
        def test_skipped():
            pass
    """
    assert _pytest_exit_code(tmp_path, body) == 5


def test_a_run_with_an_executed_test_passes(tmp_path):
    assert _pytest_exit_code(tmp_path, "def test_ok():\n    assert True\n") == 0
