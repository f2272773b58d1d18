"""Secret files in var/ (the Django secret key, the snapshot key) are created once, whole, even
when the two lanes of `./navet test` start on a fresh checkout at the same moment."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import navet
from navet.paths import read_or_create

SRC = str(Path(navet.__file__).resolve().parent.parent)


def test_a_missing_file_is_created_for_the_owner_only(tmp_path):
    path = tmp_path / "var" / "secret_key"
    assert read_or_create(path, lambda: "first\n") == "first"
    assert path.stat().st_mode & 0o077 == 0
    assert read_or_create(path, lambda: "second") == "first"  # an existing file is kept
    assert sorted(p.name for p in path.parent.iterdir()) == ["secret_key"]  # no draft left


def test_processes_starting_together_all_read_the_one_key(tmp_path):
    path = tmp_path / "secret_key"
    go = tmp_path / "go"
    code = textwrap.dedent(
        f"""
        import os, pathlib, time
        from navet.paths import read_or_create
        while not pathlib.Path({str(go)!r}).exists():
            time.sleep(0.001)
        print(read_or_create(pathlib.Path({str(path)!r}), lambda: str(os.getpid()) * 500))
        """
    )
    env = {**os.environ, "PYTHONPATH": SRC}
    processes = [
        subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=env)
        for _ in range(6)
    ]
    go.write_text("")
    keys = {process.communicate(timeout=60)[0].strip() for process in processes}
    assert all(process.returncode == 0 for process in processes)
    assert keys == {path.read_text().strip()}
    assert len(keys.pop()) >= 500
