"""Compare validated rows with what Navet already has (by source_id) and write the difference."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from navet.activity.importer import inserting
from navet.activity.importer.errors import ImportIssue
from navet.activity.importer.validation import ParsedFile, chunked

COMPARE_CHUNK = 500  # source_ids per query
WRITE_BATCH = 1_000  # rows per bulk_update call


@dataclass
class TablePlan:
    parsed: ParsedFile
    new: list[tuple] = field(default_factory=list)
    changed: list[tuple[int, tuple]] = field(default_factory=list)  # (pk, values)
    unchanged: int = 0


def plan_file(parsed: ParsedFile, *, update: bool, issues: list[ImportIssue]) -> TablePlan:
    """Sort rows into new / unchanged / changed; a changed row is an issue unless `update`."""
    table, plan = parsed.source.table, TablePlan(parsed)
    attnames = table.attnames
    for chunk in chunked(parsed.rows, COMPARE_CHUNK):
        source_ids = [values[0] for _, values in chunk]
        existing = {
            row[1]: row
            for row in table.model.objects.filter(source_id__in=source_ids).values_list(
                "pk", *attnames
            )
        }
        for row_number, values in chunk:
            old = existing.get(values[0])
            if old is None:
                plan.new.append(values)
            elif old[1:] == values:
                plan.unchanged += 1
            elif update:
                plan.changed.append((old[0], values))
            else:
                differing = [
                    column.name
                    for column, was, now in zip(table.columns, old[1:], values, strict=True)
                    if was != now
                ]
                reason = (
                    f"finns redan i Navet med annat innehåll ({', '.join(differing)}); "
                    "använd --update för att skriva över"
                )
                issues.append(
                    ImportIssue(parsed.source.name, reason, row_number, "source_id", values[0])
                )
    return plan


def write_plans(plans: list[TablePlan]) -> None:
    """Write every plan in one transaction: all tables or nothing."""
    with transaction.atomic():
        for plan in plans:
            _write(plan)


def _write(plan: TablePlan) -> None:
    table = plan.parsed.source.table
    model, attnames = table.model, table.attnames
    inserting.insert_rows(model, attnames, plan.new)
    for batch in chunked(plan.changed, WRITE_BATCH):
        objects = [model(pk=pk, **dict(zip(attnames, v, strict=True))) for pk, v in batch]
        model.objects.bulk_update(objects, attnames[1:])
