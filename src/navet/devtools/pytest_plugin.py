"""A pytest plugin for Navet's test runs: a run in which no test actually executed is a failure.

pytest already fails (exit 5) when nothing is collected; a run where everything was skipped or
deselected exits 0, and that would let a broken environment look green.
"""

import pytest

_executed = 0


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    global _executed
    if report.when == "call" and report.outcome in {"passed", "failed"}:
        _executed += 1


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if exitstatus == 0 and _executed == 0:
        session.exitstatus = pytest.ExitCode.NO_TESTS_COLLECTED


def pytest_terminal_summary(terminalreporter, exitstatus: int) -> None:
    if _executed == 0:
        terminalreporter.write_line(
            "navet: no test executed in this run: that is a failure", red=True
        )
