"""Writing the snapshot: one Parquet file per table plus manifest.json, all or nothing.

Files are written into a temporary folder beside the target and renamed into place only when
every file is complete, so a failed run leaves nothing behind. A target in object storage (a URI,
see followup.storage) has no rename: the folder is written locally first and then uploaded, the
manifest last, so a reader never finds a manifest without its tables, and a failed upload
removes what it had put there. Writer options are fixed and no wall-clock time is stored
anywhere, so the same arguments give byte-identical files.
"""

from __future__ import annotations

import contextlib
import json
import secrets
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from navet.followup.contract import CONTRACT_VERSION, OPTIONAL_TABLES, REQUIRED_TABLES
from navet.followup.storage import Location, StorageError, locate
from navet.parallel import run_all
from navet.synth.errors import SynthInputError
from navet.synth.tables import with_schema

PARQUET_OPTIONS = {
    "compression": "zstd",
    "compression_level": 3,
    "use_dictionary": True,
    "write_statistics": True,
    "version": "2.6",
    "data_page_version": "1.0",
    # No Arrow schema in the file metadata: readers see plain strings rather than Arrow
    # dictionaries, and the file carries nothing but the Parquet schema and the data.
    "store_schema": False,
}
# Readers split their work by row group (DuckDB reads one group per thread), so a table of one
# group is read on one core; groups of a million rows let every core read.
ROW_GROUP_ROWS = 1 << 20
MANIFEST = "manifest.json"


def check_target(out: str | Path) -> Location:
    """Where the snapshot goes: a local folder or a URI (followup.storage). Refuse a target that
    exists and is not an empty folder, or a store that cannot be opened."""
    try:
        target = locate(out)
    except StorageError as error:
        raise SynthInputError(f"{error} Välj en annan plats med --out.") from error
    _refuse_taken(target)
    return target


def _refuse_taken(target: Location) -> None:
    try:
        kind = target.kind()
        if kind == pafs.FileType.NotFound and not target.local:
            target.check_container()
        content = (
            target.filesystem.get_file_info(pafs.FileSelector(target.base))
            if kind == pafs.FileType.Directory
            else []
        )
    except (StorageError, OSError) as error:
        message = error if isinstance(error, StorageError) else f"{target} går inte att nå: {error}"
        raise SynthInputError(f"{message} Välj en annan plats med --out.") from error
    if kind == pafs.FileType.File or content:
        raise SynthInputError(
            f"Utmappen {target} finns redan och är inte tom. Ta bort den eller välj en annan "
            "sökväg med --out."
        )


def _present(tables: dict[str, pa.Table]) -> tuple[str, ...]:
    """Every required table, then the optional ones the writer has (a snapshot without an
    optional table means "no data", which is not the same as an empty table), in the contract's
    order."""
    return (*REQUIRED_TABLES, *(name for name in OPTIONAL_TABLES if name in tables))


def manifest(tables: dict[str, pa.Table], created: str, source: str) -> dict:
    return {
        "contract_version": CONTRACT_VERSION,
        "created": created,
        "row_counts": {name: tables[name].num_rows for name in _present(tables)},
        "source": source,
    }


def write_parquet(table: pa.Table, path: Path) -> None:
    """One Parquet file in row groups of ROW_GROUP_ROWS, each dictionary column of each group
    carrying only the values that group uses. (The generator's string columns are dictionary
    arrays over every person's key: written as they are, each table would store all 1.8 million
    keys of a VGR-sized county in every group, and readers would decode them all.)"""
    with pq.ParquetWriter(path, table.schema, **PARQUET_OPTIONS) as writer:
        for start in range(0, max(table.num_rows, 1), ROW_GROUP_ROWS):
            group = table.slice(start, ROW_GROUP_ROWS)
            writer.write_table(used_values_only(group), row_group_size=ROW_GROUP_ROWS)


def used_values_only(table: pa.Table) -> pa.Table:
    """`table` with every dictionary column reduced to the values its rows use, in their
    order (codes keep the order of the values)."""
    columns = [
        pa.chunked_array([_compact(chunk) for chunk in column.chunks], column.type)
        if pa.types.is_dictionary(column.type)
        else column
        for column in table.columns
    ]
    return pa.Table.from_arrays(columns, schema=table.schema)


def _compact(array: pa.DictionaryArray) -> pa.DictionaryArray:
    null = array.is_null().to_numpy(zero_copy_only=False)
    codes = pc.fill_null(array.indices, 0).to_numpy(zero_copy_only=False)
    used = np.zeros(len(array.dictionary), dtype=bool)
    used[codes[~null]] = True
    new_code = np.cumsum(used, dtype=np.int64) - 1
    indices = pa.array(new_code[codes].astype(array.type.index_type.to_pandas_dtype()), mask=null)
    return pa.DictionaryArray.from_arrays(indices, array.dictionary.take(np.flatnonzero(used)))


def write_snapshot(
    tables: dict[str, pa.Table], out: str | Path, *, created: str, source: str
) -> dict[str, int]:
    """Write the snapshot to a local folder or to object storage; returns the row counts."""
    target = check_target(out)
    if target.local:
        return _write_folder(tables, Path(target.base), created, source)
    with tempfile.TemporaryDirectory(prefix="navet-snapshot-") as scratch:
        counts = _write_folder(tables, Path(scratch) / "snapshot", created, source)
        _upload(Path(scratch) / "snapshot", target)
    return counts


def _write_folder(
    tables: dict[str, pa.Table], out_dir: Path, created: str, source: str
) -> dict[str, int]:
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    # A hidden sibling with a random name; mkdir applies the user's umask like any new folder.
    temporary = out_dir.parent / f".{out_dir.name}.tmp-{secrets.token_hex(6)}"
    temporary.mkdir()
    try:

        def write(name: str) -> None:
            write_parquet(with_schema(tables[name], name), temporary / f"{name}.parquet")

        # Files are independent and pyarrow releases the GIL: write two at a time.
        run_all(write, _present(tables), workers=2)
        content = manifest(tables, created, source)
        (temporary / MANIFEST).write_text(
            json.dumps(content, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        check_target(out_dir)
        if out_dir.exists():
            out_dir.rmdir()
        temporary.rename(out_dir)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    return content["row_counts"]


def _upload(folder: Path, target: Location) -> None:
    """Copy the written folder into the store, the tables first and the manifest last; on any
    failure remove what was copied, so the store holds the whole snapshot or nothing of it."""
    names = [*sorted(p.name for p in folder.iterdir() if p.name != MANIFEST), MANIFEST]
    copied: list[str] = []
    try:
        _refuse_taken(target)  # nobody else wrote there meanwhile
        for name in names:
            copied.append(target.inside(name))
            target.upload(folder / name, name)
    except BaseException as error:
        for path in copied:
            # (Not copied yet, or the store is gone: nothing more to do about that path.)
            with contextlib.suppress(OSError):
                target.filesystem.delete_file(path)
        if isinstance(error, OSError):
            raise SynthInputError(
                f"Ögonblicksbilden kunde inte skrivas till {target}: {error}. Inget av den "
                "finns kvar där; försök igen."
            ) from error
        raise
