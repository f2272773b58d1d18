"""The snapshot contract, version 1: what a snapshot folder holds, and a reader that checks it.

A snapshot is a folder with `manifest.json` and one Parquet file per table. The reader looks only
at the manifest and the Parquet footers (schema, row counts, null counts), never at the data, so
checking a snapshot of tens of millions of rows takes milliseconds. docs/snapshot.md is the
human-readable version of this module; keep the two in step.

This is also the one declaration of the tables: both writers (`./navet synth --out`, navet.synth,
and `./navet snapshot`, navet.followup.export with the apps' snapshot modules) take their Arrow
schemas from `arrow_schema`, and write the tables in the order of TABLES.

No Django here: the indicator engine runs from a plain Python process (or a Spark driver).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from pyarrow.fs import FileType

from navet.followup.contract_home import HOME_TABLE_COLUMNS
from navet.followup.storage import Location, StorageError, TableFile, locate

CONTRACT_VERSION = 1
# Versions this reader understands. A later Navet adds its version here and keeps reading 1.
READABLE_VERSIONS = frozenset({1})


class ContractError(ValueError):
    """The snapshot does not follow the contract. The message names the table and column."""


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # one of KINDS
    nullable: bool = False


@dataclass(frozen=True)
class TableSpec:
    name: str
    columns: tuple[Column, ...]
    required: bool = True
    # Columns a reader uses when present but does not demand (e.g. listings.origin: another
    # writer may not know it). Navet's own writers always write them, after `columns`.
    optional_columns: tuple[Column, ...] = ()


def _is_string(t: pa.DataType) -> bool:
    if pa.types.is_dictionary(t):
        return _is_string(t.value_type)
    return pa.types.is_string(t) or pa.types.is_large_string(t)


# kind → (test on the Arrow type, how the contract spells it in messages)
KINDS = {
    "string": (_is_string, "string"),
    "date": (lambda t: t == pa.date32(), "date32"),
    "timestamp": (lambda t: t == pa.timestamp("us", tz="UTC"), "timestamp[us, UTC]"),
    "float": (lambda t: pa.types.is_float64(t) or pa.types.is_float32(t), "float (64- or 32-bit)"),
    "bool": (pa.types.is_boolean, "bool"),
    "int": (lambda t: pa.types.is_int64(t) or pa.types.is_int32(t), "int (64- or 32-bit)"),
}


# kind → the one Arrow type Navet's writers give it (the reader also accepts what KINDS accepts).
ARROW_TYPES = {
    "string": pa.string(),
    "date": pa.date32(),
    "timestamp": pa.timestamp("us", tz="UTC"),
    "float": pa.float64(),
    "bool": pa.bool_(),
    "int": pa.int64(),
}


def _cols(*specs: str) -> tuple[Column, ...]:
    """Columns from "name:kind" or "name:kind?" (the question mark allows nulls)."""
    columns = []
    for spec in specs:
        name, kind = spec.split(":")
        columns.append(Column(name, kind.rstrip("?"), nullable=kind.endswith("?")))
    return tuple(columns)


VALIDITY = ("valid_from:date", "valid_to:date?")

TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec(
            "persons",
            _cols(
                "person_key:string",
                "sex:string",
                "birth_date:date",
                "municipality_code:string",
                "living_situation:string",
                "death_date:date?",
            ),
        ),
        TableSpec(
            "units",
            _cols(
                "unit_id:string",
                "kind:string",
                "name:string",
                "municipality_code:string",
                "subarea:string?",
                "principal:string",
                "ownership:string",
            ),
        ),
        TableSpec(
            "staff",
            _cols("staff_key:string", "profession:string", "doctor_grade:string?", "fte:float"),
        ),
        TableSpec(
            "listings",
            _cols("person_key:string", "unit_id:string", *VALIDITY),
            optional_columns=_cols("origin:string"),
        ),
        TableSpec(
            "named_contacts",
            _cols(
                "person_key:string", "role:string", "staff_key:string", "unit_id:string", *VALIDITY
            ),
        ),
        TableSpec(
            "visits",
            _cols(
                "person_key:string",
                "staff_key:string",
                "unit_id:string",
                "profession:string",
                "care_level:string",
                "form:string",
                "visit_date:date",
            ),
        ),
        TableSpec(
            "ed_visits", _cols("person_key:string", "unit_id:string", "arrival_time:timestamp")
        ),
        TableSpec(
            "episodes",
            _cols(
                "episode_id:string",
                "person_key:string",
                "unit_id:string",
                "admission_time:timestamp",
                "discharge_time:timestamp?",
                "admission_type:string",
                "care_type:string",
                "main_diagnosis:string",
                "ready_time:timestamp?",
                "discharge_destination:string?",
            ),
        ),
        TableSpec(
            "care_requests",
            _cols(
                "person_key:string",
                "unit_id:string",
                "received_date:date",
                "reason_class:string",
                "first_assessment_date:date?",
                "profession:string",
            ),
        ),
        TableSpec(
            "phone_calls",
            _cols("unit_id:string", "received_time:timestamp", "answered_same_day:bool"),
        ),
        TableSpec(
            "residence_history",
            _cols("person_key:string", "municipality_code:string", *VALIDITY),
            required=False,
        ),
        TableSpec(
            "staff_assignments",
            _cols("staff_key:string", "unit_id:string", "fte:float", *VALIDITY),
            required=False,
        ),
        TableSpec(
            "areas",
            _cols(
                "municipality_code:string",
                "municipality_name:string",
                "county_code:string",
                "subarea:string?",
                "population:int",
                "population_year:int",
            ),
            required=False,
        ),
        TableSpec(
            "living_situation_history",
            _cols("person_key:string", "living_situation:string", *VALIDITY),
            required=False,
        ),
        # SIP (samordnad individuell plan), issue "Coordinated care". Optional: a snapshot
        # without them reports the SIP indicators as not computable, never as zero.
        TableSpec(
            "sip_plans",
            _cols(
                "plan_key:string",
                "person_key:string",
                "initiated_by_principal:string",
                "initiated_date:date",
                "stage:string",
                "finalised_date:date?",
                "followup_date:date?",
                "followed_up_date:date?",
                "closed_date:date?",
                "has_own_goals:bool",
                "coordinator_unit_id:string",
            ),
            required=False,
        ),
        TableSpec(
            "sip_meetings",
            _cols("plan_key:string", "meeting_date:date", "mode:string", "held:bool"),
            required=False,
        ),
        # Safe discharge (navet.transitions, docs/transitions.md): the stays that run through
        # the process of lag (2017:612), and the notices each had to send.
        TableSpec(
            "stays",
            _cols(
                "stay_id:string",
                "person_key:string",
                "unit_id:string",
                "episode_id:string?",
                "admission_time:timestamp",
                "needs_assessed_time:timestamp?",
                "ready_time:timestamp?",
                "discharge_time:timestamp?",
                "discharge_destination:string?",
                "sip_call_required:bool?",
                "named_care_contact_at_discharge:bool?",
            ),
            required=False,
        ),
        TableSpec(
            "notices",
            _cols(
                "stay_id:string",
                "person_key:string",
                "kind:string",
                "unit_id:string?",
                "sender_unit_id:string?",
                "due_time:timestamp?",
                "sent_time:timestamp?",
                "acknowledged_time:timestamp?",
            ),
            required=False,
        ),
        # The digital reception (issue "Care at home and at a distance", part 3): requests
        # residents sent in Navet and when staff first answered. Optional (docs/reception.md).
        TableSpec(
            "reception_requests",
            _cols(
                "person_key:string",
                "unit_id:string",
                "created_time:timestamp",
                "first_assessed_time:timestamp?",
                "reason_class:string",
                "urgency:int",
                "channel:string",
                "status:string",
            ),
            required=False,
        ),
        *(
            TableSpec(name, _cols(*columns), required=False)
            for name, columns in HOME_TABLE_COLUMNS.items()
        ),
        # Shared deviations (navet.deviations, docs/deviations.md): one row per deviation, no
        # free text; person_key empty for a deviation about a routine.
        TableSpec(
            "deviations",
            _cols(
                "deviation_id:string",
                "person_key:string?",
                "category:string",
                "severity:string",
                "reporting_principal:string",
                "reporting_unit_id:string",
                "responsible_principal:string",
                "responsible_unit_id:string",
                "case_kind:string?",
                "occurred_time:timestamp",
                "reported_time:timestamp",
                "received_time:timestamp?",
                "closed_time:timestamp?",
                "status:string",
                "escalation:string?",
                "forwarded:int",
            ),
            required=False,
        ),
    )
}
REQUIRED_TABLES = tuple(name for name, spec in TABLES.items() if spec.required)
OPTIONAL_TABLES = tuple(name for name, spec in TABLES.items() if not spec.required)


def arrow_schema(table: str) -> pa.Schema:
    """The Arrow schema Navet's writers give `table`: its columns, then its optional columns,
    typed by ARROW_TYPES and nullable exactly where the contract allows nulls (the Parquet
    files mark the other columns required)."""
    spec = TABLES[table]
    return pa.schema(
        [
            pa.field(column.name, ARROW_TYPES[column.kind], nullable=column.nullable)
            for column in (*spec.columns, *spec.optional_columns)
        ]
    )


@dataclass(frozen=True)
class Snapshot:
    """A checked snapshot: where its files are and which optional parts it has."""

    location: Location
    manifest: dict
    tables: frozenset[str]  # every contract table present (required ones always are)
    columns: dict[str, frozenset[str]] = field(default_factory=dict)

    @property
    def root(self) -> Path | str:
        """The folder (a local path), or the URI of one in object storage."""
        return self.location.given if self.location.scheme else Path(self.location.base)

    def path(self, table: str) -> Path:
        """The table's file, for a snapshot in a local folder."""
        return Path(self.location.inside(f"{table}.parquet"))

    def source(self, table: str) -> TableFile:
        """The table's file wherever it is, as the engines read it."""
        return self.location.file(f"{table}.parquet")

    def read_table(self, table: str, columns: list[str] | None = None) -> pa.Table:
        return self.location.read_table(f"{table}.parquet", columns)

    def has(self, table: str, column: str | None = None) -> bool:
        if table not in self.tables:
            return False
        return column is None or column in self.columns[table]


def read_snapshot(root: str | Path) -> Snapshot:
    """Check the snapshot in `root` (a folder, or a URI of one in object storage, see
    storage.py) against the contract and describe it.

    Raises ContractError naming the table and column at the first breach found.
    """
    try:
        location = locate(root)
        if location.kind() != FileType.Directory:
            raise ContractError(f"Ögonblicksbilden {location} finns inte eller är inte en mapp.")
        manifest = _read_manifest(location)
        present: set[str] = set()
        columns: dict[str, frozenset[str]] = {}
        for spec in TABLES.values():
            name = f"{spec.name}.parquet"
            if location.kind(name) != FileType.File:
                if spec.required:
                    raise ContractError(
                        f"Tabellen {spec.name} saknas: filen {name} finns inte i {location}."
                    )
                continue
            expected = manifest["row_counts"].get(spec.name)
            columns[spec.name] = _check_table(spec, location, name, expected)
            present.add(spec.name)
    except StorageError as error:
        raise ContractError(str(error)) from error
    return Snapshot(
        location=location, manifest=manifest, tables=frozenset(present), columns=columns
    )


def _read_manifest(location: Location) -> dict:
    if location.kind("manifest.json") != FileType.File:
        raise ContractError(f"manifest.json saknas i {location}.")
    try:
        manifest = json.loads(location.read_text("manifest.json"))
    except OSError as error:
        raise ContractError(f"manifest.json i {location} går inte att läsa: {error}") from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ContractError(f"manifest.json i {location} är inte giltig JSON: {error}") from error
    if not isinstance(manifest, dict):
        raise ContractError("manifest.json ska innehålla ett JSON-objekt.")
    for key, kind in (("contract_version", int), ("created", str), ("row_counts", dict)):
        if not isinstance(manifest.get(key), kind) or isinstance(manifest.get(key), bool):
            raise ContractError(f"manifest.json: fältet {key} saknas eller har fel typ.")
    version = manifest["contract_version"]
    if version not in READABLE_VERSIONS:
        known = ", ".join(str(v) for v in sorted(READABLE_VERSIONS))
        raise ContractError(
            f"manifest.json: kontraktsversion {version} är okänd för den här versionen av Navet "
            f"(kända versioner: {known}). Uppdatera Navet för att läsa ögonblicksbilden."
        )
    return manifest


def _check_table(spec: TableSpec, location: Location, name: str, expected_rows) -> frozenset[str]:
    try:
        metadata, schema = location.parquet_footer(name)
    except (OSError, pa.ArrowInvalid) as error:
        raise ContractError(f"Tabellen {spec.name}: {name} går inte att läsa: {error}") from error
    for column in spec.columns:
        if column.name not in schema.names:
            raise ContractError(f"Tabellen {spec.name} saknar kolumnen {column.name}.")
        _check_column(spec.name, column, schema.field(column.name).type)
    for column in spec.optional_columns:
        if column.name in schema.names:
            _check_column(spec.name, column, schema.field(column.name).type)
    _check_nulls(spec, metadata, schema)
    if expected_rows is not None and expected_rows != metadata.num_rows:
        raise ContractError(
            f"Tabellen {spec.name}: manifest.json anger {expected_rows} rader men filen har "
            f"{metadata.num_rows}."
        )
    return frozenset(schema.names)


def _check_column(table: str, column: Column, found: pa.DataType) -> None:
    accepts, spelled = KINDS[column.kind]
    if not accepts(found):
        raise ContractError(
            f"Tabellen {table}, kolumnen {column.name}: typen ska vara {spelled} men är {found}."
        )


def _check_nulls(spec: TableSpec, metadata: pq.FileMetaData, schema: pa.Schema) -> None:
    """Reject nulls in a non-nullable column, using the null counts the Parquet footer keeps.

    A writer that stores no statistics gets no check here (the contract still holds).
    """
    not_null = {c.name for c in (*spec.columns, *spec.optional_columns) if not c.nullable}
    for group in range(metadata.num_row_groups):
        row_group = metadata.row_group(group)
        for index in range(row_group.num_columns):
            chunk = row_group.column(index)
            name = chunk.path_in_schema
            stats = chunk.statistics
            if name in not_null and stats is not None and stats.has_null_count and stats.null_count:
                raise ContractError(
                    f"Tabellen {spec.name}, kolumnen {name}: {stats.null_count} tomma värden, "
                    "men kolumnen får inte vara tom."
                )
