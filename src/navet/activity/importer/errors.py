"""What the importer reports: one `ImportIssue` per problem, naming file, row, field and value."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

DEFAULT_LIMIT = 200
_VALUE_DISPLAY_MAX = 80


@dataclass(frozen=True)
class ImportIssue:
    """One problem. `row` is None for problems with a whole file or column.

    Row numbers: CSV counts lines of the file (the header is row 1, the first data row is row 2);
    Parquet counts data rows from 1.
    """

    file: str
    reason: str  # Swedish, for the people who fix the file
    row: int | None = None
    field: str | None = None
    value: object = None

    def __str__(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(f"rad {self.row}")
        if self.field is not None:
            parts.append(self.field if self.value is None else f"{self.field}={_show(self.value)}")
        return f"{', '.join(parts)}: {self.reason}"


def _show(value: object) -> str:
    text = str(value)
    if len(text) > _VALUE_DISPLAY_MAX:
        text = text[: _VALUE_DISPLAY_MAX - 1] + "…"
    return f'"{text}"'


def format_issues(issues: Iterable[ImportIssue], *, limit: int = DEFAULT_LIMIT) -> Iterator[str]:
    """The issues as lines, at most `limit` of them, then a line counting the rest."""
    issues = list(issues)
    for issue in issues[:limit]:
        yield str(issue)
    if len(issues) > limit:
        yield f"… och {len(issues) - limit} fel till (visas inte)"
