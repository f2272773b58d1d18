"""Where Navet keeps its files: the repository root, `var/` for local state, the shared data."""

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
