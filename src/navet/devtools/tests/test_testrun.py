"""The test runner behind `./navet test`."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import navet
from navet.devtools import testrun
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


# --- The two lanes -------------------------------------------------------------------------------

PG = "postgres://postgres@127.0.0.1:5432/navet_run_x"


def _marker(lane: testrun.Lane) -> str:
    return lane.command[lane.command.index("-m", lane.command.index("pytest") + 1) + 1]


def test_lanes_split_browser_and_spark_tests_between_the_databases():
    lanes, decided = testrun.plan([], "py", PG, None, ci=True)
    assert decided == []
    sqlite, postgres = lanes
    assert sqlite.env["DATABASE_URL"].startswith("sqlite:///")
    assert sqlite.env["DATABASE_URL"].endswith("var/test.sqlite3")
    assert _marker(sqlite) == "not browser"  # Spark tests run here, once
    assert postgres.env["DATABASE_URL"] == PG
    assert _marker(postgres) == "not spark"  # browser tests run here, once
    assert sqlite.log != postgres.log


def test_pytest_arguments_go_to_both_lanes_and_a_marker_is_combined():
    lanes, _ = testrun.plan(["src/navet/identifiers", "-q", "-m", "slow"], "py", PG, None, False)
    for lane in lanes:
        assert lane.command[:3] == ["py", "-m", "pytest"]
        assert "src/navet/identifiers" in lane.command and "-q" in lane.command
        assert lane.command.count("-m") == 2  # `python -m pytest` and the lane's marker
    assert [_marker(lane) for lane in lanes] == ["(slow) and not browser", "(slow) and not spark"]
    assert testrun.split_marker(["-mspark", "-x"]) == (["-x"], "spark")


def test_unreachable_postgres_fails_under_ci():
    lanes, decided = testrun.plan([], "py", PG, "connection refused", ci=True)
    assert [lane.tag for lane in lanes] == ["sqlite"]
    (step,) = decided
    assert not step.ok and "CI requires it" in step.note and "connection refused" in step.note


def test_unreachable_postgres_is_a_reported_skip_outside_ci():
    lanes, decided = testrun.plan([], "py", PG, "connection refused", ci=False)
    assert [lane.tag for lane in lanes] == ["sqlite"]
    (step,) = decided
    assert step.ok and step.note.startswith("SKIPPED") and "Browser tests did not run" in step.note


def test_a_lane_in_which_no_test_ran_fails_unless_the_user_chose_the_other_lanes_tests(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(testrun, "LOG_DIR", tmp_path)
    lane = testrun.Lane("pytest on PostgreSQL", "postgres", [], {})
    assert testrun.judge(lane, 0, 1.0, user_args=False, others_ran=True).ok
    assert not testrun.judge(lane, 1, 1.0, user_args=False, others_ran=True).ok
    assert not testrun.judge(lane, 5, 1.0, user_args=False, others_ran=True).ok
    assert not testrun.judge(lane, 5, 1.0, user_args=True, others_ran=False).ok
    chosen_elsewhere = testrun.judge(lane, 5, 1.0, user_args=True, others_ran=True)
    assert chosen_elsewhere.ok and chosen_elsewhere.note.startswith("SKIPPED")
    assert testrun.narrows(["src/navet/followup", "-q"]) and testrun.narrows(["-k", "parity"])
    assert not testrun.narrows(["-q", "-x"])


def _fake_lane(tag: str, code: str) -> "testrun.Lane":
    return testrun.Lane(f"fake {tag}", tag, [sys.executable, "-c", textwrap.dedent(code)], {})


def test_lanes_run_at_the_same_time_and_each_log_is_printed_whole(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(testrun, "LOG_DIR", tmp_path / "logs")
    signal = tmp_path / "first-started"
    # The second lane ends only once the first has started, and the first only once the second
    # has seen it: run one after the other, they would wait forever (the timeout fails them).
    first = _fake_lane(
        "first",
        f"""
        import pathlib, sys, time
        pathlib.Path({str(signal)!r}).write_text("")
        print("first: line one")
        for _ in range(300):
            if pathlib.Path({str(signal)!r} + ".seen").exists():
                print("first: failed test in full")
                print("=== 1 failed, 2 passed in 0.5s ===")
                sys.exit(1)
            time.sleep(0.05)
        sys.exit(3)
        """,
    )
    second = _fake_lane(
        "second",
        f"""
        import pathlib, sys, time
        for _ in range(300):
            if pathlib.Path({str(signal)!r}).exists():
                pathlib.Path({str(signal)!r} + ".seen").write_text("")
                print("second: saw the first lane")
                sys.exit(0)
            time.sleep(0.05)
        sys.exit(3)
        """,
    )
    results = testrun.run_lanes([first, second], user_args=False, tick=0.05)
    assert [(r.name, r.ok) for r in results] == [("fake first", False), ("fake second", True)]
    assert results[0].note.startswith("1 failed, 2 passed; the log: ")
    out = capsys.readouterr().out
    assert "first: line one\nfirst: failed test in full\n=== 1 failed" in out
    assert "second: saw the first lane\n" in out
    assert (tmp_path / "logs" / "first.log").read_text().startswith("first: line one\n")


def test_the_summary_lists_every_step_with_its_status_and_seconds():
    text = testrun.summary(
        [
            testrun.StepResult("ruff check", True, 1.25),
            testrun.StepResult("pytest on PostgreSQL", False, 700.0, "exit code 1"),
        ],
        712.3,
    )
    lines = text.splitlines()
    assert lines[0] == "=== summary"
    assert lines[1].split() == ["ok", "ruff", "check", "1.2", "s"]
    assert lines[2].split()[:5] == ["FAILED", "pytest", "on", "PostgreSQL", "700.0"]
    assert lines[2].endswith("exit code 1") and "712.3 s" in lines[3]
