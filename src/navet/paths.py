"""Where Navet keeps its files: the repository root, `var/` for local state, the shared data."""

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]  # src/navet/paths.py → the repository
VAR_DIR = REPO_ROOT / "var"


def shared_data_dir() -> Path:
    """The reference data folder `shared/data`, which lives beside the repository root.

    A clone may sit at any depth, so we walk up from the repository until `shared/data` appears.
    """
    for ancestor in [REPO_ROOT, *REPO_ROOT.parents]:
        candidate = ancestor / "shared" / "data"
        if (candidate / "municipalities.csv").is_file():
            return candidate
    raise FileNotFoundError(
        "Hittar inte referensdata (shared/data/municipalities.csv) bredvid repot "
        f"{REPO_ROOT}. Klona repot bredvid mappen shared/."
    )


def read_or_create(path: Path, make: Callable[[], str]) -> str:
    """The text of `path` (stripped); when the file is missing, it is created first with the text
    `make()`, readable only by its owner. Several processes may start at once (the two lanes of
    `./navet test` on a fresh checkout): the file appears whole or not at all, the first one
    written wins and every process reads that one."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, draft = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # mode 0600
        try:
            with os.fdopen(handle, "w") as file:
                file.write(make())
            with contextlib.suppress(FileExistsError):  # another process was first
                os.link(draft, path)
        finally:
            os.unlink(draft)
    return path.read_text().strip()
