"""Output checks run before anything is written: a failure names table (file), row, field, value."""

from __future__ import annotations

from datetime import date

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from navet.followup.contract import OPTIONAL_TABLES, REQUIRED_TABLES
from navet.identifiers import IdentifierError, parse_hsa_id, parse_identity_number
from navet.synth.errors import OutputCheckError
from navet.synth.identities import KIND_NAMES, skatteverket_numbers
from navet.synth.tables import SCHEMAS, VOCABULARIES, logical_type

PERIODS = {
    "listings",
    "named_contacts",
    "residence_history",
    "staff_assignments",
    "living_situation_history",
}
MUNICIPALITY_COLUMNS = {"persons", "units", "residence_history", "areas"}
# Planned dates that may lie after the end date (a SIP's next follow-up).
PLANNED_DATES = {
    ("sip_plans", "followup_date"),
    ("mobile_requests", "planned_time"),  # a home visit planned after the end date
    ("consultations", "due_time"),  # the deadline of a question still waiting
}
# Pairs of dates of one row that must come in this order (both present).
ORDERED = {
    "episodes": (
        ("admission_time", "discharge_time"),
        ("admission_time", "ready_time"),
        ("ready_time", "discharge_time"),
    ),
    "sip_plans": (
        ("initiated_date", "finalised_date"),
        ("finalised_date", "followup_date"),
        ("initiated_date", "closed_date"),
    ),
}


def _first(mask: np.ndarray) -> int:
    return int(np.flatnonzero(mask)[0])


def check_tables(
    tables: dict[str, pa.Table], municipality_codes: tuple[str, ...], end_date: date
) -> None:
    for name in (*REQUIRED_TABLES, *OPTIONAL_TABLES):
        if name not in tables:
            raise OutputCheckError(name, 0, "*", None, "tabellen saknas")
        _check_schema(name, tables[name])
        _check_values(name, tables[name], municipality_codes)
        _check_dates(name, tables[name], end_date)


def _check_dates(name: str, table: pa.Table, end_date: date) -> None:
    """Nothing before 1880 and nothing after the end date: the history ends there."""
    earliest = np.datetime64("1880-01-01")
    latest = np.datetime64(end_date) + np.timedelta64(1, "D")
    for field in table.schema:
        kind = logical_type(field.type)
        if not (pa.types.is_date(kind) or pa.types.is_timestamp(kind)):
            continue
        if (name, field.name) in PLANNED_DATES:
            continue
        column = table.column(field.name).combine_chunks()
        values = column.cast(pa.timestamp("us") if pa.types.is_timestamp(kind) else pa.date32())
        as_days = np.asarray(values.fill_null(0).to_numpy(zero_copy_only=False)).astype(
            "datetime64[D]"
        )
        valid = ~np.asarray(column.is_null().to_numpy(zero_copy_only=False))
        bad = valid & ((as_days < earliest) | (as_days >= latest))
        if bad.any():
            row = _first(bad)
            raise OutputCheckError(
                name,
                row,
                field.name,
                column[row].as_py(),
                f"ligger utanför 1880-01-01 … {end_date}",
            )


def _check_schema(name: str, table: pa.Table) -> None:
    expected = SCHEMAS[name]
    if table.schema.names != expected.names:
        raise OutputCheckError(
            name, 0, "*", table.schema.names, f"kolumnerna ska vara {expected.names}"
        )
    for field in expected:
        column = table.column(field.name)
        actual = logical_type(column.type)
        if actual != field.type:
            raise OutputCheckError(name, 0, field.name, str(actual), f"typen ska vara {field.type}")
        if not field.nullable and column.null_count:
            row = _first(np.asarray(pc.is_null(column).to_numpy(zero_copy_only=False)))
            raise OutputCheckError(name, row, field.name, None, "värde saknas")


def _check_values(name: str, table: pa.Table, municipality_codes) -> None:
    for (table_name, column_name), allowed in VOCABULARIES.items():
        if table_name == name:
            _check_vocabulary(name, table.column(column_name), column_name, allowed)
    if name in MUNICIPALITY_COLUMNS:
        _check_vocabulary(
            name,
            table.column("municipality_code"),
            "municipality_code",
            set(municipality_codes),
            "okänd kommunkod",
        )
    if name in PERIODS:
        _check_order(name, table, "valid_from", "valid_to")
    for first, second in ORDERED.get(name, ()):
        _check_order(name, table, first, second)
    if name in ("units", "staff"):
        key = "unit_id" if name == "units" else "staff_key"
        for row, value in enumerate(table.column(key).to_pylist()):
            try:
                parse_hsa_id(value)
            except IdentifierError as error:
                raise OutputCheckError(name, row, key, value, error.message) from error


def _check_vocabulary(
    name: str, column: pa.ChunkedArray, field: str, allowed: set, problem: str = "otillåtet värde"
) -> None:
    array = column.combine_chunks()
    if pa.types.is_dictionary(array.type):
        values = array.dictionary.to_pylist()
        bad = [i for i, v in enumerate(values) if v not in allowed]
        if not bad:
            return
        indices = array.indices.to_numpy(zero_copy_only=False)
        hit = np.isin(indices, bad) & ~np.asarray(array.is_null().to_numpy(zero_copy_only=False))
        if hit.any():
            row = _first(hit)
            raise OutputCheckError(name, row, field, values[indices[row]], problem)
        return
    values = array.to_pylist()
    for row, value in enumerate(values):
        if value is not None and value not in allowed:
            raise OutputCheckError(name, row, field, value, problem)


def _check_order(name: str, table: pa.Table, first: str, second: str) -> None:
    a = table.column(first).combine_chunks()
    b = table.column(second).combine_chunks()
    if pa.types.is_timestamp(a.type):
        a, b = a.cast(pa.int64()), b.cast(pa.int64())
    else:
        a, b = a.cast(pa.int32()), b.cast(pa.int32())
    valid = ~np.asarray(pc.or_(a.is_null(), b.is_null()).to_numpy(zero_copy_only=False))
    a_np = a.fill_null(0).to_numpy(zero_copy_only=False)
    b_np = b.fill_null(0).to_numpy(zero_copy_only=False)
    bad = valid & (b_np < a_np)
    if bad.any():
        row = _first(bad)
        raise OutputCheckError(
            name, row, second, table.column(second)[row].as_py(), f"ligger före {first}"
        )


def check_identities(persons: dict, end_date: date) -> None:
    """Every number parses; test-list kinds are in the list; numbers are unique; dates match."""
    identifier, kind = persons["identifier"], persons["identifier_kind"]
    listed = np.isin(identifier, skatteverket_numbers()["number"])
    for row in np.flatnonzero((kind < 2) != listed)[:1]:
        raise OutputCheckError(
            "persons",
            int(row),
            "identity_number",
            str(identifier[row]),
            "bara nummer ur Skatteverkets testlista får användas",
        )
    unique, counts = np.unique(identifier, return_counts=True)
    if (counts > 1).any():
        value = str(unique[counts > 1][0])
        raise OutputCheckError(
            "persons",
            _first(identifier == value),
            "identity_number",
            value,
            "numret används av flera personer",
        )
    birth = persons["birth_day"].astype("datetime64[D]").astype(object)
    for row, (text, k) in enumerate(zip(identifier.tolist(), kind.tolist(), strict=True)):
        try:
            parsed = parse_identity_number(text, reference_date=end_date)
        except IdentifierError as error:
            raise OutputCheckError(
                "persons", row, "identity_number", text, error.message
            ) from error
        if parsed.kind.value != KIND_NAMES[k] or parsed.birth_date != birth[row]:
            raise OutputCheckError(
                "persons",
                row,
                "identity_number",
                text,
                "numret stämmer inte med personens typ eller födelsedatum",
            )
