"""The `./navet` launcher: help before any install, plain-words failures."""

import subprocess

from navet.paths import REPO_ROOT

LAUNCHER = REPO_ROOT / "navet"


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LAUNCHER), *args], capture_output=True, text=True, timeout=30, check=False
    )


def test_help_lists_every_command_without_touching_the_venv():
    result = _run("--help")
    assert result.returncode == 0
    for command in ("demo", "test", "manage", "synth", "import-activity", "indicators", "--help"):
        assert command in result.stdout
    assert "installing" not in result.stderr


def test_unknown_command_says_what_to_do_and_fails():
    result = _run("frobnicate")
    assert result.returncode != 0
    assert "Unknown command: frobnicate" in result.stderr
    assert "How to fix" in result.stderr


def test_ci_script_runs_the_readme_test_command():
    ci = (REPO_ROOT / ".ci" / "run").read_text()
    readme_head = (REPO_ROOT / "README.md").read_text().splitlines()[:4]
    assert "CI=true exec ./navet test" in ci
    assert readme_head[1:3] == ["./navet demo", "./navet test"]
