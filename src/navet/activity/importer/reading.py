"""Finding the files in the import directory and reading their rows (CSV or Parquet).

Readers hand out raw values: CSV cells as stripped strings, Parquet cells as the Python values
pyarrow gives (str, int, bool, date, aware or naive datetime, None). Parsing is not done here.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from navet.activity.importer import fields
from navet.activity.importer.errors import ImportIssue
from navet.activity.importer.tables import TABLES, TABLES_BY_NAME, Table

FORMATS = ("csv", "parquet")
PARQUET_BATCH_ROWS = 65_536
Rows = Iterator[tuple[int, Sequence[object]]]


@dataclass(frozen=True)
class SourceFile:
    table: Table
    path: Path
    format: str  # "csv" or "parquet"

    @property
    def name(self) -> str:
        return self.path.name


@dataclass
class OpenedFile:
    header: list[str]
    rows: Rows
    reported_columns: set[str] = field(default_factory=set)  # already have a column-level issue


def discover(directory: Path, issues: list[ImportIssue]) -> list[SourceFile]:
    """The activity files in `directory`, in table order. Hidden files (".name") are ignored."""
    if not directory.is_dir():
        issues.append(ImportIssue(str(directory), "katalogen finns inte"))
        return []
    found: dict[str, SourceFile] = {}
    for path in sorted(directory.iterdir()):
        if path.name.startswith("."):
            continue
        stem, _, extension = path.name.rpartition(".")
        table = TABLES_BY_NAME.get(stem) if extension in FORMATS and path.is_file() else None
        if table is None:
            allowed = ", ".join(t.name for t in TABLES)
            reason = f"okänt filnamn; tillåtna är <tabell>.csv eller <tabell>.parquet för {allowed}"
            issues.append(ImportIssue(path.name, reason))
        elif table.name in found:
            reason = f"tabellen {table.name} finns redan i {found[table.name].name}"
            issues.append(ImportIssue(path.name, reason))
        else:
            found[table.name] = SourceFile(table, path, extension)
    if not found and not issues:
        issues.append(ImportIssue(str(directory), "katalogen innehåller inga aktivitetsfiler"))
    return [found[table.name] for table in TABLES if table.name in found]


def open_file(source: SourceFile, issues: list[ImportIssue]) -> OpenedFile | None:
    """Open a file for reading; None (with an issue) if it cannot be read at all."""
    if source.format == "csv":
        return _open_csv(source, issues)
    return _open_parquet(source, issues)


def _open_csv(source: SourceFile, issues: list[ImportIssue]) -> OpenedFile | None:
    try:
        handle = source.path.open("rb")
    except OSError as error:
        issues.append(ImportIssue(source.name, f"filen kan inte öppnas ({error.strerror})"))
        return None
    reader = csv.reader(_decoded_lines(handle), strict=True)
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        reason = "filen är tom (rubrikraden saknas)"
    except UnicodeDecodeError:
        reason = "filen är inte UTF-8-kodad"
    except csv.Error as error:
        reason = f"felaktig CSV i rubrikraden ({error})"
    else:
        return OpenedFile(header, _csv_rows(source, handle, reader, len(header), issues))
    handle.close()
    issues.append(ImportIssue(source.name, reason, row=1))
    return None


def _decoded_lines(handle) -> Iterator[str]:
    """Decode line by line, so that bad UTF-8 is reported on its own row (a BOM is dropped)."""
    for number, line in enumerate(handle):
        text = line.decode("utf-8")
        yield text.removeprefix("\ufeff") if number == 0 else text


def _csv_rows(source, handle, reader, width: int, issues: list[ImportIssue]) -> Rows:
    row_number = 1
    with handle:
        try:
            for row_number, record in enumerate(reader, start=2):
                if not record:  # a blank line
                    continue
                if len(record) != width:
                    reason = f"fel antal fält ({len(record)}, rubrikraden har {width})"
                    issues.append(ImportIssue(source.name, reason, row=row_number))
                    continue
                yield row_number, [value.strip() for value in record]
        except UnicodeDecodeError:
            reason = "ogiltig UTF-8; filen lästes inte vidare"
            issues.append(ImportIssue(source.name, reason, row=row_number + 1))
        except csv.Error as error:
            reason = f"felaktig CSV ({error}); filen lästes inte vidare"
            issues.append(ImportIssue(source.name, reason, row=row_number + 1))


def _open_parquet(source: SourceFile, issues: list[ImportIssue]) -> OpenedFile | None:
    try:
        parquet = pq.ParquetFile(source.path)
        schema = parquet.schema_arrow
    except (pa.ArrowException, OSError) as error:
        issues.append(ImportIssue(source.name, f"filen kan inte läsas som Parquet ({error})"))
        return None
    opened = OpenedFile(list(schema.names), _parquet_rows(source, parquet, issues))
    timestamp_columns = {
        column.name for column in source.table.columns if column.parser is fields.parse_timestamp
    }
    for column in schema:
        name, kind = column.name, column.type
        if name in timestamp_columns and pa.types.is_timestamp(kind) and kind.tz is None:
            reason = f"kolumnen har typen {kind} utan tidszon; använd t.ex. timestamp[us, UTC]"
            issues.append(ImportIssue(source.name, reason, field=name))
            opened.reported_columns.add(name)
    return opened


def _parquet_rows(source: SourceFile, parquet: pq.ParquetFile, issues: list[ImportIssue]) -> Rows:
    row_number = 0
    try:
        for batch in parquet.iter_batches(batch_size=PARQUET_BATCH_ROWS):
            columns = [_to_python(column) for column in batch.columns]
            for values in zip(*columns, strict=True):
                row_number += 1
                yield row_number, values
    except (pa.ArrowException, OSError, ValueError) as error:
        reason = f"filen kan inte läsas som Parquet ({error}); filen lästes inte vidare"
        issues.append(ImportIssue(source.name, reason, row=row_number + 1))


def _to_python(column: pa.Array) -> list[object]:
    kind = column.type
    if pa.types.is_timestamp(kind) and kind.unit == "ns":  # Python datetimes stop at microseconds
        column = column.cast(pa.timestamp("us", kind.tz), safe=False)
    return column.to_pylist()
