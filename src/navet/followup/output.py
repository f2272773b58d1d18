"""Writing the result table as CSV, Parquet or Excel, all or nothing.

The file is written beside the target under a temporary name and renamed over it only when
complete, so a failed run leaves the previous results in place. A target in object storage (a
URI, see storage.py) is written to a local temporary file and then uploaded as one object, which
replaces the previous one only once it is complete.
"""

from __future__ import annotations

import contextlib
import csv
import math
import os
import tempfile
from pathlib import Path, PurePosixPath

import pandas as pd
import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from navet.followup.registry import REGISTRY
from navet.followup.storage import StorageError, locate

FORMATS = (".csv", ".parquet", ".xlsx")
SCHEMA = pa.schema(
    [
        ("indicator", pa.string()),
        ("period_start", pa.date32()),
        ("period_end", pa.date32()),
        ("level", pa.string()),
        ("level_value", pa.string()),
        ("breakdown", pa.string()),
        ("breakdown_value", pa.string()),
        ("numerator", pa.float64()),
        ("denominator", pa.float64()),
        ("value", pa.float64()),
        ("suppressed", pa.bool_()),
        ("status", pa.string()),
        ("note", pa.string()),
    ]
)
NUMBERS = ("numerator", "denominator", "value")


def check_target(target: str | Path) -> None:
    """Refuse a target in a store that cannot be opened or in a bucket that is not there, before
    anything is computed (the format is the caller's to check first: `FORMATS`)."""
    location = locate(target)
    if not location.local and location.kind() == pafs.FileType.NotFound:
        location.check_container()


def write(table: pd.DataFrame, target: str | Path) -> str:
    """Write the result table to a file or an object-storage URI; returns where it went."""
    suffix = _suffix(target)
    location = locate(target)
    if not location.local:
        with tempfile.TemporaryDirectory(prefix="navet-results-") as scratch:
            local = Path(scratch) / f"results{suffix}"
            _write_file(table, local, suffix)
            try:
                location.upload(local)
            except OSError as error:
                raise StorageError(
                    f"Resultatet kunde inte skrivas till {location}: {error}"
                ) from error
        return location.given
    target = Path(location.base)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
    )
    os.close(handle)
    try:
        _write_file(table, Path(temporary), suffix)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp creates 0600; results are shared files
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    return location.given


def _suffix(target: str | Path) -> str:
    suffix = PurePosixPath(str(target)).suffix
    if suffix.lower() not in FORMATS:
        raise ValueError(f"Okänt filformat {suffix!r}: välj {', '.join(FORMATS)}.")
    return suffix.lower()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def as_arrow(table: pd.DataFrame) -> pa.Table:
    return pa.Table.from_pandas(table, schema=SCHEMA, preserve_index=False)


def number_text(value: float) -> str:
    """Shortest text that reads back to the same float; whole numbers without a decimal part,
    empty for a missing value. Always a dot as decimal mark."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value))


def _csv(table: pd.DataFrame, path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        write_csv(table, handle)


def write_csv(table: pd.DataFrame, handle) -> None:
    """The CSV form of the result table (see docs/indicators.md) into a text stream."""
    text = table.copy()
    for column in NUMBERS:
        text[column] = [number_text(v) for v in text[column]]
    text["suppressed"] = text["suppressed"].map({True: "true", False: "false"})
    for column in ("period_start", "period_end"):
        text[column] = [d.isoformat() for d in text[column]]
    text.to_csv(handle, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")


def write_excel(table: pd.DataFrame, handle) -> None:
    """The Excel form of the result table into a binary stream."""
    _excel(table, handle)


def _parquet(table: pd.DataFrame, path: Path) -> None:
    pq.write_table(as_arrow(table), path, compression="zstd")


def _excel(table: pd.DataFrame, path) -> None:
    """Two sheets: the results, and the definitions of the indicators in them. `path` may also
    be a binary stream."""
    ids = list(dict.fromkeys(table["indicator"]))
    definitions = pd.DataFrame(
        [
            {
                "indikator": i,
                "namn": REGISTRY[i].name,
                "enhet": REGISTRY[i].unit.value,
                "definition": REGISTRY[i].definition,
                "täljare": REGISTRY[i].numerator,
                "nämnare": REGISTRY[i].denominator,
            }
            for i in ids
            if i in REGISTRY.indicators
        ]
    )
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        table.to_excel(writer, sheet_name="resultat", index=False)
        definitions.to_excel(writer, sheet_name="definitioner", index=False)


def _write_file(table: pd.DataFrame, path: Path, suffix: str) -> None:
    {".csv": _csv, ".parquet": _parquet, ".xlsx": _excel}[suffix](table, path)
