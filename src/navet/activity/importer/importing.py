"""The import as one function: read and validate everything, then write everything or nothing."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone

from navet.activity.hooks import episode_hooks
from navet.activity.importer.errors import ImportIssue
from navet.activity.importer.reading import discover
from navet.activity.importer.validation import parse_file, resolve_references
from navet.activity.importer.writing import TablePlan, plan_file, write_plans


@dataclass(frozen=True)
class TableSummary:
    table: str
    file: str
    read: int
    new: int
    unchanged: int
    updated: int


@dataclass(frozen=True)
class ImportResult:
    summaries: tuple[TableSummary, ...]
    issues: tuple[ImportIssue, ...]
    dry_run: bool = False
    update: bool = False
    # Episodes written but refused by a process that follows them (the discharge process): the
    # rows are stored, the refused event is not; a corrected file re-imported applies it.
    refused: tuple[ImportIssue, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.issues

    @property
    def written(self) -> bool:
        return self.ok and not self.dry_run


def import_activity(
    directory: Path | str, *, dry_run: bool = False, update: bool = False
) -> ImportResult:
    """Import the activity files in `directory` (format: docs/import-activity.md).

    Every row of every file is validated first; if anything is wrong nothing is written and the
    result lists every issue. Otherwise all files are written in one transaction (unless
    `dry_run`). Rows whose source_id exists with identical content are skipped; with different
    content they are issues, or updated when `update` is true. Database errors propagate after
    the transaction has rolled back.
    """
    issues: list[ImportIssue] = []
    sources = discover(Path(directory), issues)
    parsed = [parse_file(source, issues) for source in sources]
    resolve_references(parsed, issues)
    plans = [plan_file(p, update=update, issues=issues) for p in parsed]
    refused: list[ImportIssue] = []
    if not issues and not dry_run:
        write_plans(plans)
        refused = _run_episode_hooks(parsed)
    order = {source.name: rank for rank, source in enumerate(sources)}
    return ImportResult(
        summaries=tuple(_summary(plan) for plan in plans),
        issues=tuple(sorted(issues, key=lambda issue: _sort_key(issue, order, sources))),
        dry_run=dry_run,
        update=update,
        refused=tuple(sorted(refused, key=lambda issue: issue.row or 0)),
    )


def _run_episode_hooks(parsed) -> list[ImportIssue]:
    """After the write has committed: each hook follows the episodes in its own transactions,
    so a refused event loses nothing the import stored."""
    episodes = [p for p in parsed if p.source.table.name == "episodes"]
    if not episodes or not episode_hooks():
        return []
    source = episodes[0].source
    rows = {values[0]: row for row, values in episodes[0].rows}
    now, refused = timezone.now(), []
    for hook in episode_hooks():
        for source_id, reason in hook(list(rows), now):
            refused.append(
                ImportIssue(source.name, reason, rows.get(source_id), "source_id", source_id)
            )
    return refused


def _summary(plan: TablePlan) -> TableSummary:
    source = plan.parsed.source
    return TableSummary(
        table=source.table.name,
        file=source.name,
        read=plan.parsed.read,
        new=len(plan.new),
        unchanged=plan.unchanged,
        updated=len(plan.changed),
    )


def _sort_key(issue: ImportIssue, order: dict[str, int], sources) -> tuple[int, int, int]:
    """Directory and unknown files first, then by table, row and column."""
    rank = order.get(issue.file, -1)
    columns = sources[rank].table.column_names if rank >= 0 else ()
    column = columns.index(issue.field) if issue.field in columns else -1
    return rank, issue.row or 0, column


def format_summary(result: ImportResult) -> Iterator[str]:
    for s in result.summaries:
        line = f"{s.table} ({s.file}): read {s.read}, new {s.new}, unchanged {s.unchanged}"
        yield line + (f", updated {s.updated}" if result.update else "")
    if result.dry_run:
        yield "Dry run: nothing was written."
    if result.refused:
        yield (
            f"{len(result.refused)} episode(s) stored, but the discharge process refused an "
            "event (see the errors); fix the file and import it again with --update."
        )
