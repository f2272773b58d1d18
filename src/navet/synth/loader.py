"""Loading a generated county into the operational database, in one transaction.

Primary keys are allocated explicitly after the current maximum (on PostgreSQL the sequences are
moved past the range first, so concurrent inserts cannot collide), rows go in with COPY on
PostgreSQL and with batched `executemany` elsewhere, and the sequences are reset at the end.
The bulk load writes no django-simple-history rows: the generated history is the data itself.
"""

from __future__ import annotations

import io
import itertools
import time

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
from django.core.management.color import no_style
from django.db import DatabaseError, connection, models, transaction

from navet.activity.models import CareRequest, EdVisit, InpatientEpisode, PhoneCall, Visit
from navet.messaging.models import InboxItem
from navet.mobile.models import HomeVisit, MobileRequest
from navet.monitoring.models import Alert, Enrolment, Measurement
from navet.organisation.models import (
    Assignment,
    CareProvider,
    CareUnit,
    County,
    Municipality,
    Principal,
    Staff,
    Subarea,
)
from navet.reception.models import ReceptionRequest
from navet.remote.models import Consultation
from navet.residents.models import (
    HomeCare,
    Listing,
    LivingSituation,
    NamedContact,
    Person,
    Relative,
    Residence,
)
from navet.synth import (
    agreement_db,
    db_rows,
    deviation_db,
    discharge_db,
    home_db,
    home_db_monitoring,
    sip_db,
)
from navet.synth.checks import check_identities, check_tables
from navet.synth.discharge_rows import discharge_rows
from navet.synth.errors import AlreadyGeneratedError
from navet.synth.generate import Generated, Params, Progress, generate
from navet.synth.identities import KIND_NAMES
from navet.synth.models import GeneratedCounty
from navet.synth.tables import build_tables
from navet.transitions.models import InpatientStay, StayEvent

BATCH = 50_000
COPY_CHUNK = 500_000
# Rows: (key in db_rows, model, {field: what its integer offsets point to}).
PLAN = (
    ("units", CareUnit, {}),
    ("staff", Staff, {}),
    ("assignments", Assignment, {"staff": Staff, "unit": CareUnit}),
    ("persons", Person, {}),
    ("residences", Residence, {"person": Person, "municipality": Municipality}),
    ("living", LivingSituation, {"person": Person, "unit": CareUnit}),
    ("home_care", HomeCare, {"person": Person, "unit": CareUnit}),
    ("relatives", Relative, {"person": Person, "related_person": Person}),
    ("listings", Listing, {"person": Person, "unit": CareUnit}),
    (
        "named_contacts",
        NamedContact,
        {"person": Person, "staff": Staff, "unit": CareUnit, "appointed_by": Staff},
    ),
    ("visits", Visit, {"person": Person, "staff": Staff, "unit": CareUnit}),
    ("ed_visits", EdVisit, {"person": Person, "unit": CareUnit}),
    ("episodes", InpatientEpisode, {"person": Person, "unit": CareUnit}),
    (
        "stays",
        InpatientStay,
        {
            "person": Person,
            "ward": CareUnit,
            "municipality": Municipality,
            "activity_episode": InpatientEpisode,
        },
    ),
    ("stay_events", StayEvent, {"stay": InpatientStay}),
    ("care_requests", CareRequest, {"person": Person, "unit": CareUnit}),
    ("phone_calls", PhoneCall, {"unit": CareUnit}),
)


def _already(county_code: str) -> GeneratedCounty | None:
    return GeneratedCounty.objects.filter(county_code=county_code).first()


def _refuse(existing: GeneratedCounty) -> AlreadyGeneratedError:
    when = f"{existing.created:%Y-%m-%d}"
    how = f"seed {existing.seed} och skala {existing.scale}"
    return AlreadyGeneratedError(
        f"Län {existing.county_code} finns redan i databasen (genererat {when} med {how}). "
        "Inget har ändrats. Använd en tom databas för att generera länet på nytt."
    )


def load_county_into_database(params: Params, progress: Progress = None) -> GeneratedCounty:
    started = time.perf_counter()
    if existing := _already(params.county_code):
        raise _refuse(existing)
    taken = frozenset(
        Person.objects.filter(identifier_kind__in=KIND_NAMES[:2]).values_list(
            "identifier", flat=True
        )
    )
    g = generate(params, progress=progress, with_details=True, taken_identifiers=taken)
    tables = build_tables(g)
    check_tables(tables, g.county.codes, params.end_date)
    check_identities(g.persons, params.end_date)
    del tables
    t = time.perf_counter()
    rows = {
        **db_rows.organisation_rows(g),
        **db_rows.person_rows(g),
        **db_rows.contact_rows(g),
        **db_rows.activity_rows(g),
        **discharge_rows(g),
    }
    if progress:
        progress(f"Rader för databasen ({time.perf_counter() - t:.1f} s)")
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext('navet.synth'))")
            _fast_foreign_keys()
        if existing := _already(params.county_code):
            raise _refuse(existing)
        loader = _Loader(g, rows, progress)
        loader.reference_data()
        loader.bulk()
        loader.sips()
        loader.discharge_process()
        loader.home()
        n = deviation_db.load(g, loader)
        if progress:
            progress(f"Avvikelser: {n}")
        record = GeneratedCounty.objects.create(
            county_code=params.county_code,
            seed=params.seed,
            scale=params.scale,
            years=params.years,
            end_date=params.end_date,
            persons=g.n_persons,
            seconds=round(time.perf_counter() - started, 2),
        )
        t = time.perf_counter()
    if progress:
        progress(f"Transaktionen bekräftad ({time.perf_counter() - t:.1f} s)")
    return record


def _fast_foreign_keys() -> None:
    """Spare PostgreSQL millions of foreign-key trigger calls during COPY.

    Every foreign key we write is an offset into rows inserted in this same transaction, checked
    to be in range before the COPY (see `_Loader.bulk`), so the per-row checks cannot fail. With
    the right to set session_replication_role (superuser, or GRANT SET ON PARAMETER) the triggers
    are skipped for this transaction only; otherwise the checks run row by row during COPY, which
    is still much faster than queueing them all as deferred checks for the commit.
    """
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
    except DatabaseError:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class _Loader:
    def __init__(self, g: Generated, rows: dict, progress: Progress) -> None:
        self.g, self.rows, self.progress = g, rows, progress
        self.base: dict[type[models.Model], int] = {}
        self.count: dict[type[models.Model], int] = {}

    def reference_data(self) -> None:
        g, county = self.g, self.g.county
        db_county, _ = County.objects.get_or_create(
            code=county.code, defaults={"name": county.name}
        )
        subareas = {
            name: Subarea.objects.get_or_create(county=db_county, name=name)[0]
            for name in county.subareas
        }
        for m, code in enumerate(county.codes):
            Municipality.objects.get_or_create(
                code=code,
                defaults={
                    "name": county.names[m],
                    "county": db_county,
                    "subarea": subareas.get(county.subarea[m]),
                    "population": int(county.real_population[m]),
                    "population_year": int(county.population_year[m]),
                },
            )
        principal_ids = []
        for principal in g.org.principals:
            if principal["kind"] == "region":
                obj, _ = Principal.objects.get_or_create(
                    kind="region", county=db_county, defaults={"name": principal["name"]}
                )
            else:
                code = county.codes[principal["municipality"]]
                obj, _ = Principal.objects.get_or_create(
                    kind="municipality",
                    municipality_id=code,
                    defaults={"name": principal["name"], "county": db_county},
                )
            principal_ids.append(obj.pk)
        self.principal_ids = principal_ids
        provider_ids = [
            CareProvider.objects.get_or_create(
                name=p["name"],
                principal_id=principal_ids[p["principal"]],
                defaults={"ownership": p["ownership"]},
            )[0].pk
            for p in g.org.providers
        ]
        u = g.org.units
        units = self.rows["units"]
        units["care_provider_id"] = pa.array(np.array(provider_ids)[u["provider"]])
        units["principal_id"] = pa.array(np.array(principal_ids)[u["principal"]])
        units["municipality_id"] = db_rows.strings(np.array(county.codes)[u["municipality"]])

    def bulk(self) -> None:
        for key, model, foreign in PLAN:
            t = time.perf_counter()
            columns = self.rows.pop(key)
            n = len(next(iter(columns.values())))
            self.base[model] = self._reserve(model, n)
            self.count[model] = n
            data = {"id": pa.array(np.arange(self.base[model], self.base[model] + n))}
            for name, values in columns.items():
                column = model._meta.get_field(name).column  # accepts "unit" and "unit_id"
                target = foreign.get(name)
                if target is not None and target is not Municipality:
                    _check_range(model, name, values, self.count[target])
                if target is Municipality:
                    values = db_rows.strings(np.array(self.g.county.codes)[values.to_numpy()])
                elif target is not None:
                    values = pc.add(values, self.base[target])
                data[column] = values
            _insert(model._meta.db_table, pa.table(data))
            if self.progress:
                self.progress(
                    f"{model._meta.verbose_name_plural}: {n} rader "
                    f"({time.perf_counter() - t:.1f} s)"
                )
        if connection.vendor == "postgresql":
            sql = connection.ops.sequence_reset_sql(no_style(), [m for _, m, _ in PLAN])
            with connection.cursor() as cursor:
                for statement in sql:
                    cursor.execute(statement)

    def sips(self) -> None:
        """The plans app's rows for the generated SIPs (after `bulk`: they point at persons
        and units), then the sequences of their tables."""
        t = time.perf_counter()
        rows = sip_db.plan_rows(self.g, self)
        for model, columns in zip(sip_db.MODELS, rows, strict=True):
            _insert(model._meta.db_table, pa.table(columns))
        agreements = agreement_db.agreement_rows(self.g, self)
        for model, columns in zip(agreement_db.MODELS, agreements, strict=True):
            _insert(model._meta.db_table, pa.table(columns))
        if connection.vendor == "postgresql":
            models_ = [*sip_db.MODELS, *agreement_db.MODELS]
            sql = connection.ops.sequence_reset_sql(no_style(), models_)
            with connection.cursor() as cursor:
                for statement in sql:
                    cursor.execute(statement)
        if self.progress:
            took = time.perf_counter() - t
            self.progress(
                f"SIP: {len(self.g.sips['person'])} planer, "
                f"{len(agreements[0]['id'])} dokumenterade överenskommelser ({took:.1f} s)"
            )

    def home(self) -> None:
        """Care at home (mobile teams, consultations, reception, home monitoring): the apps'
        rows with the inbox items their services send, after `bulk` (they point at persons,
        units and staff); docs/synth.md."""
        t = time.perf_counter()
        parts = []
        # Insert each app's rows before the next reserves ids: on SQLite a reservation is the
        # table's current maximum, and CareRelationship is reserved by several of them.
        for rows in (
            home_db.mobile_rows,
            home_db.consultation_rows,
            home_db.reception_rows,
            home_db_monitoring.monitoring_rows,
        ):
            for model, columns in rows(self.g, self):
                _insert(model._meta.db_table, pa.table(columns))
                parts.append((model, columns))
        if connection.vendor == "postgresql":
            models_ = list(dict.fromkeys(model for model, _ in parts))
            with connection.cursor() as cursor:
                for statement in connection.ops.sequence_reset_sql(no_style(), models_):
                    cursor.execute(statement)
        if self.progress:
            n = {model: len(columns["id"]) for model, columns in parts}
            items = sum(len(columns["id"]) for model, columns in parts if model is InboxItem)
            self.progress(
                f"Vård i hemmet: {n[MobileRequest]} begäranden till mobilt team, "
                f"{n[HomeVisit]} hembesök, {n[Consultation]} konsultationer, "
                f"{n[ReceptionRequest]} ärenden i digital mottagning, {n[Enrolment]} "
                f"inskrivna i hemmonitorering, {n[Measurement]} mätvärden, {n[Alert]} larm, "
                f"{items} ärenden i inkorgar ({time.perf_counter() - t:.1f} s)"
            )

    def discharge_process(self) -> None:
        """The notices, inbox items, planning and calls of the generated stays."""
        t = time.perf_counter()
        counts = discharge_db.load(self.g, self, _insert)
        if self.progress:
            took = time.perf_counter() - t
            self.progress(
                f"Utskrivningsprocessen: {counts.get('notice', 0)} meddelanden, "
                f"{counts.get('inbox_items', 0)} ärenden i inkorgar ({took:.1f} s)"
            )

    def reserve(self, model: type[models.Model], n: int) -> int:
        return self._reserve(model, n)

    def _reserve(self, model: type[models.Model], n: int) -> int:
        """First id of a block of `n` ids after everything in use (and, on PostgreSQL, after
        every id the sequence has handed out)."""
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [model._meta.db_table])
                sequence = cursor.fetchone()[0]
                cursor.execute(  # table and sequence names come from the models, quoted
                    f"SELECT setval(%s, GREATEST((SELECT COALESCE(MAX(id), 0) FROM {table}), "  # noqa: S608
                    f"(SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM {sequence}))"
                    " + %s)",
                    [sequence, max(n, 1)],
                )
                return int(cursor.fetchone()[0]) - max(n, 1) + 1
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
            return int(cursor.fetchone()[0]) + 1


def _check_range(model, name: str, offsets: pa.Array, n: int) -> None:
    low, high = pc.min_max(offsets).values()
    if low.is_valid and (low.as_py() < 0 or high.as_py() >= n):
        raise ValueError(f"{model.__name__}.{name}: reference outside the generated rows")


def _insert(db_table: str, table: pa.Table) -> None:
    if table.num_rows == 0:
        return
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in table.column_names)
    if connection.vendor == "postgresql":
        _copy(f"COPY {quote(db_table)} ({names}) FROM STDIN (FORMAT csv)", table)
        return
    placeholders = ", ".join(["%s"] * table.num_columns)
    sql = f"INSERT INTO {quote(db_table)} ({names}) VALUES ({placeholders})"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, table.num_rows, BATCH):
            chunk = table.slice(start, BATCH)
            columns = [_python_values(column) for column in chunk.columns]
            cursor.executemany(sql, list(zip(*columns, strict=True)))


def _python_values(column: pa.ChunkedArray) -> list:
    """Values as the database adapter wants them: dates and UTC times as ISO text."""
    if pa.types.is_timestamp(column.type):
        naive = column.cast(pa.timestamp("s"))
        return pc.strftime(naive, format="%Y-%m-%d %H:%M:%S").to_pylist()
    if pa.types.is_date(column.type):
        return column.cast(pa.string()).to_pylist()
    return column.to_pylist()


def _copy(sql: str, table: pa.Table) -> None:
    options = pa_csv.WriteOptions(include_header=False, quoting_style="needed")
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for batch in itertools.chain.from_iterable(
            table.slice(s, COPY_CHUNK).to_batches() for s in range(0, table.num_rows, COPY_CHUNK)
        ):
            buffer = io.BytesIO()
            pa_csv.write_csv(batch, buffer, options)
            copy.write(buffer.getvalue())
