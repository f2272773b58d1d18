"""Where a snapshot lives: a local folder, or a folder in object storage named by a URI.

`--snapshot` takes either. A URI (`s3://bucket/snapshots/2025-12-31`, `abfss://…`, `gs://…`,
`hdfs://…`, `file:///…`) is opened with pyarrow's file systems, which take their credentials and
endpoints the usual way for each store (for S3: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
AWS_REGION, AWS_ENDPOINT_URL, or the machine's role). The contract check reads the manifest and
the Parquet footers through that file system. Spark reads the files itself, under the scheme
Hadoop uses (`s3a://` for S3); DuckDB reads them through pyarrow (see engine.py), so that neither
needs anything but what is installed.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.fs as pafs
import pyarrow.parquet as pq

# The schemes a snapshot URI may have, and the one Spark (Hadoop) reads the same store under.
SPARK_SCHEMES = {
    "file": "file",
    "s3": "s3a",
    "s3a": "s3a",
    "gs": "gs",
    "gcs": "gs",
    "abfs": "abfs",
    "abfss": "abfss",
    "hdfs": "hdfs",
}
# pyarrow knows S3 only as s3://.
PYARROW_SCHEMES = {"s3a": "s3"}


class StorageError(ValueError):
    """A snapshot location that cannot be opened (unknown scheme, unreachable store, …)."""


@dataclass(frozen=True)
class TableFile:
    """One table file of a snapshot, as each reader wants it."""

    location: Location
    name: str  # e.g. "visits.parquet"

    @property
    def local_path(self) -> str | None:
        """A path on this machine (a local folder, or file://), else None."""
        return self.location.inside(self.name) if self.location.local else None

    @property
    def uri(self) -> str:
        """What Spark reads: a local path, or the URI under Hadoop's scheme."""
        return self.location.uri_of(self.name)

    def dataset(self) -> ds.Dataset:
        return ds.dataset(
            self.location.inside(self.name), filesystem=self.location.filesystem, format="parquet"
        )


@dataclass(frozen=True)
class Location:
    given: str  # as the user wrote it (for messages)
    filesystem: pafs.FileSystem
    base: str  # the folder, as a path inside `filesystem`
    scheme: str | None  # the URI's scheme; None for a plain local path

    def __str__(self) -> str:
        return self.given

    @property
    def local(self) -> bool:
        """On this machine's file system (a folder, or a file:// URI)."""
        return isinstance(self.filesystem, pafs.LocalFileSystem)

    def inside(self, name: str) -> str:
        return f"{self.base.rstrip('/')}/{name}" if self.base else name

    def uri_of(self, name: str) -> str:
        if self.scheme is None:
            return self.inside(name)
        rest = self.given.split("://", 1)[1].rstrip("/")
        return f"{SPARK_SCHEMES[self.scheme]}://{rest}/{name}"

    def file(self, name: str) -> TableFile:
        return TableFile(self, name)

    def kind(self, name: str | None = None) -> pafs.FileType:
        target = self.base if name is None else self.inside(name)
        try:
            return self.filesystem.get_file_info(target).type
        except OSError as error:
            raise StorageError(f"{self.given} går inte att nå: {error}") from error

    def check_container(self) -> None:
        """For a location that is not there yet: refuse it when nothing can be written there.
        Object stores create folders as files are written into them, but not the bucket (or
        container) itself, and a file cannot hold a folder."""
        path = posixpath.dirname(self.base.rstrip("/"))
        while path:
            kind = self.filesystem.get_file_info(path).type
            if kind == pafs.FileType.Directory:
                return
            if kind == pafs.FileType.File:
                raise StorageError(f"{self.given}: {path} i lagringen är en fil, inte en mapp.")
            if posixpath.dirname(path) == path:  # the root
                break
            path = posixpath.dirname(path)
        raise StorageError(f"{self.given}: lagringsplatsen (hinken) finns inte. Skapa den först.")

    def upload(self, local: Path, name: str | None = None) -> None:
        """Copy a local file to this location (or into it, as `name`)."""
        target = self.base if name is None else self.inside(name)
        pafs.copy_files(
            str(local), target,
            source_filesystem=pafs.LocalFileSystem(), destination_filesystem=self.filesystem,
        )  # fmt: skip

    def read_text(self, name: str) -> str:
        with self.filesystem.open_input_stream(self.inside(name)) as stream:
            return stream.read().decode("utf-8")

    def parquet_footer(self, name: str) -> tuple[pq.FileMetaData, pa.Schema]:
        with self.filesystem.open_input_file(self.inside(name)) as handle:
            parquet = pq.ParquetFile(handle)
            return parquet.metadata, parquet.schema_arrow

    def read_table(self, name: str, columns: list[str] | None = None) -> pa.Table:
        return pq.read_table(self.inside(name), columns=columns, filesystem=self.filesystem)


def locate(where: str | Path) -> Location:
    """A Location for a local folder or a URI; StorageError for an unknown scheme or a store
    that cannot be opened."""
    given = str(where)
    if "://" not in given:
        return Location(given, pafs.LocalFileSystem(), str(Path(given).absolute()), None)
    scheme = given.split("://", 1)[0].lower()
    if scheme not in SPARK_SCHEMES:
        known = ", ".join(f"{s}://" for s in SPARK_SCHEMES)
        raise StorageError(
            f"Okänt lagringsschema {scheme}:// i {given}. Ange en mapp eller en adress som "
            f"börjar med {known}."
        )
    if "?" in given:
        raise StorageError(
            f"{given}: adressen får inte ha parametrar (?…). Ange lagringens inställningar som "
            "miljövariabler (se docs/snapshot.md, Objektlagring)."
        )
    arrow_uri = PYARROW_SCHEMES.get(scheme, scheme) + given[len(scheme) :]
    try:
        filesystem, base = pafs.FileSystem.from_uri(arrow_uri)
    except (OSError, pa.ArrowInvalid) as error:
        raise StorageError(f"{given} går inte att öppna: {error}") from error
    return Location(given, filesystem, base, scheme)
