"""Row validation: parse every value, check columns against each other, find duplicates, and
resolve persons, units and staff to primary keys with one query per chunk of identifiers.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from django.db import models

from navet.activity.importer.errors import ImportIssue
from navet.activity.importer.fields import FieldError, cached
from navet.activity.importer.reading import OpenedFile, SourceFile, open_file
from navet.activity.importer.tables import NOT_CARE_GIVING, PERSON, STAFF, UNIT, Column, Table
from navet.organisation.models import CareUnit, Staff, UnitKind
from navet.residents.models import Person

LOOKUP_CHUNK = 500  # identifiers per query; below SQLite's 999 bound parameters
UNKNOWN = {
    PERSON: "okänd person (finns inte i Navet)",
    UNIT: "okänd vårdenhet (HSA-id finns inte i Navet)",
    STAFF: "okänd medarbetare (HSA-id finns inte i Navet)",
}
_LOOKUP_MODELS: dict[str, tuple[type[models.Model], str]] = {
    PERSON: (Person, "identifier"),
    UNIT: (CareUnit, "hsa_id"),
    STAFF: (Staff, "hsa_id"),
}


@dataclass
class ParsedFile:
    """A file's rows that passed every check so far, as (row number, values in column order)."""

    source: SourceFile
    read: int = 0
    rows: list[tuple[int, tuple]] = field(default_factory=list)


def chunked(items: Sequence, size: int) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _positions(source: SourceFile, opened: OpenedFile, issues: list[ImportIssue]) -> list:
    """Where each table column sits in the file, None when missing; reports column problems."""
    header, expected = opened.header, source.table.column_names
    for name in sorted({n for n in header if header.count(n) > 1}):
        issues.append(ImportIssue(source.name, "kolumnen förekommer flera gånger", field=name))
    for name in header:
        if name not in expected:
            reason = f"okänd kolumn; förväntade kolumner: {', '.join(expected)}"
            issues.append(ImportIssue(source.name, reason, field=name))
    positions = []
    for name in expected:
        if name not in header:
            issues.append(ImportIssue(source.name, "kolumnen saknas", field=name))
        usable = name in header and name not in opened.reported_columns
        positions.append(header.index(name) if usable else None)
    return positions


def parse_file(source: SourceFile, issues: list[ImportIssue]) -> ParsedFile:
    """Read and check every row of one file; problems go to `issues`."""
    parsed = ParsedFile(source)
    opened = open_file(source, issues)
    if opened is None:
        return parsed
    table, name = source.table, source.name
    plan = [
        (column, position, cached(column.parser) if column.cache else column.parser)
        for column, position in zip(table.columns, _positions(source, opened, issues), strict=True)
    ]
    first_seen: dict[str, int] = {}
    for row_number, raw in opened.rows:
        parsed.read += 1
        good, failed = _parse_row(plan, raw, name, row_number, issues)
        source_id = good.get("source_id")
        if source_id in first_seen:
            reason = f"source_id förekommer redan på rad {first_seen[source_id]}"
            issues.append(ImportIssue(name, reason, row_number, "source_id", source_id))
            failed = True
        elif source_id is not None:
            first_seen[source_id] = row_number
        for check in table.checks:
            for column_name, reason in check(good):
                value = raw[opened.header.index(column_name)]
                issues.append(ImportIssue(name, reason, row_number, column_name, value))
                failed = True
        if not failed:
            parsed.rows.append((row_number, tuple(good[c.name] for c in table.columns)))
    return parsed


def _parse_row(plan, raw, name: str, row_number: int, issues: list[ImportIssue]):
    """Parse one row's values: (the values that parsed, by column name; whether any failed)."""
    good: dict[str, object] = {}
    failed = False
    for column, position, parse in plan:
        if position is None:  # missing column, reported once for the file
            failed = True
            continue
        value = raw[position]
        if _is_empty(value):
            if column.optional:
                good[column.name] = column.empty
                continue
            issues.append(ImportIssue(name, "värde saknas", row_number, column.name, value))
            failed = True
            continue
        try:
            good[column.name] = parse(value)
        except FieldError as error:
            issues.append(ImportIssue(name, error.reason, row_number, column.name, value))
            failed = True
    return good, failed


def _lookup_columns(parsed: ParsedFile) -> list[tuple[int, Column]]:
    return [(i, c) for i, c in enumerate(parsed.source.table.columns) if c.lookup is not None]


def primary_keys(kind: str, keys: Iterable[str]) -> dict[str, int]:
    """Identifier -> primary key for the persons, units or staff that exist."""
    model, field_name = _LOOKUP_MODELS[kind]
    found: dict[str, int] = {}
    for chunk in chunked(sorted(keys), LOOKUP_CHUNK):
        lookup = {f"{field_name}__in": chunk}
        found.update(model.objects.filter(**lookup).values_list(field_name, "pk"))
    return found


def unit_kinds(pks: Iterable[int]) -> dict[int, str]:
    """Primary key -> unit kind for the given units."""
    kinds: dict[int, str] = {}
    for chunk in chunked(sorted(set(pks)), LOOKUP_CHUNK):
        kinds.update(CareUnit.objects.filter(pk__in=chunk).values_list("pk", "kind"))
    return kinds


def _wrong_unit_kind(table: Table, kind: str) -> str | None:
    """Why an event of `table` cannot happen at a unit of `kind`, or None when it can."""
    label = str(UnitKind(kind).label).lower()
    allowed = table.unit_kinds
    if allowed is None:
        return f"enheten är {label} och ger ingen vård" if kind in NOT_CARE_GIVING else None
    if kind in allowed:
        return None
    expected = " eller ".join(sorted(str(UnitKind(k).label).lower() for k in allowed))
    return f"enheten är {label}; {table.name} kräver {expected}"


def resolve_references(files: list[ParsedFile], issues: list[ImportIssue]) -> None:
    """Replace person/unit/staff identifiers by primary keys; rows naming unknown ones drop out,
    and so do rows at a unit of a kind the table's events cannot happen at (a discharge from a
    health centre, a phone call to a ward)."""
    wanted: dict[str, set[str]] = {kind: set() for kind in UNKNOWN}
    for parsed in files:
        for index, column in _lookup_columns(parsed):
            wanted[column.lookup].update(values[index] for _, values in parsed.rows)
    for keys in wanted.values():
        keys.discard(None)
    known = {kind: primary_keys(kind, keys) for kind, keys in wanted.items()}
    kind_of_unit = unit_kinds(known[UNIT].values())
    for parsed in files:
        lookups = _lookup_columns(parsed)
        resolved = []
        for row_number, values in parsed.rows:
            row, failed = list(values), False
            for index, column in lookups:
                if row[index] is None:
                    continue
                pk = known[column.lookup].get(row[index])
                if pk is None:
                    issue = ImportIssue(
                        parsed.source.name,
                        UNKNOWN[column.lookup],
                        row_number,
                        column.name,
                        row[index],
                    )
                    issues.append(issue)
                    failed = True
                elif column.lookup == UNIT:
                    wrong = _wrong_unit_kind(parsed.source.table, kind_of_unit[pk])
                    if wrong:
                        issue = ImportIssue(
                            parsed.source.name, wrong, row_number, column.name, row[index]
                        )
                        issues.append(issue)
                        failed = True
                row[index] = pk
            if not failed:
                resolved.append((row_number, tuple(row)))
        parsed.rows = resolved
