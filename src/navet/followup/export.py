"""`./navet snapshot --out DIR`: the operational database as a pseudonymised snapshot (contract v1).

Person identifiers become a keyed pseudonym, HMAC-SHA256 over the identity number with a key kept
outside the snapshot (`var/snapshot_key`, or the file named by NAVET_SNAPSHOT_KEY_FILE), so the
same person has the same key in every snapshot of one installation and nobody holding only the
snapshot can reverse it. Staff are pseudonymised the same way; units keep their HSA-ids (they are
not personal data). Names, addresses and identity numbers never leave the database.

The export reads the live tables once, in chunks, and is meant to run as a background job; the
indicators then read only the snapshot.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import pyarrow as pa
from django.db import connection
from django.utils import timezone

from navet.access import audit
from navet.access.models import AuditAction
from navet.activity.models import CareRequest, EdVisit, InpatientEpisode, PhoneCall, Visit
from navet.deviations.snapshot import deviation_tables
from navet.followup.contract import arrow_schema
from navet.organisation.models import Assignment, CareUnit, Municipality, Staff
from navet.paths import VAR_DIR, read_or_create
from navet.reception.snapshot import reception_tables
from navet.residents.models import (
    HomeCare,
    Listing,
    LivingSituation,
    NamedContact,
    Person,
    Residence,
)
from navet.synth.writers import check_target, write_snapshot
from navet.transitions.snapshot import snapshot_tables as transition_tables

CHUNK = 50_000
# Staff of a visit that the sending system did not name; the contract's staff_key is not nullable.
UNKNOWN_STAFF = ""


def key_file() -> Path:
    return Path(os.environ.get("NAVET_SNAPSHOT_KEY_FILE", VAR_DIR / "snapshot_key"))


def load_or_create_key(path: Path | None = None) -> bytes:
    """The installation's pseudonymisation key; created on first use, readable by the owner."""
    return bytes.fromhex(read_or_create(path or key_file(), lambda: secrets.token_hex(32)))


def pseudonym(key: bytes, identifier: str) -> str:
    return hmac.new(key, identifier.encode(), hashlib.sha256).hexdigest()[:32]


def _keys_by_id(key: bytes, rows: Iterable[tuple[int, str]]) -> np.ndarray:
    """An array indexed by primary key holding each row's pseudonym (None where no row)."""
    rows = list(rows)
    keys = np.empty(max((pk for pk, _ in rows), default=0) + 1, dtype=object)
    for pk, identifier in rows:
        keys[pk] = pseudonym(key, identifier)
    return keys


def _table(name: str, columns: dict[str, list]) -> pa.Table:
    schema = arrow_schema(name)
    return pa.Table.from_pydict({f.name: columns[f.name] for f in schema}, schema=schema)


def _chunks(queryset, fields: tuple[str, ...]) -> Iterable[list[tuple]]:
    batch: list[tuple] = []
    for row in queryset.values_list(*fields).iterator(chunk_size=CHUNK):
        batch.append(row)
        if len(batch) == CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def _stream_table(name: str, queryset, fields: tuple[str, ...], convert: Callable) -> pa.Table:
    """Read `queryset` in chunks; `convert(rows)` returns a dict of contract columns per chunk."""
    parts = [_table(name, convert(rows)) for rows in _chunks(queryset, fields)]
    if not parts:
        return arrow_schema(name).empty_table()
    return pa.concat_tables(parts).combine_chunks()


def _utc(value: datetime | None) -> datetime | None:
    return value.astimezone(UTC) if value is not None else None


def _period_at(rows: list[tuple], day: date) -> dict[int, tuple]:
    """For rows (owner, valid_from, valid_to, *values): per owner, the values of the last period
    begun on or before `day` (the one in force, or the last one before it ended, e.g. a dead
    person's last address); an owner whose periods all begin later keeps its first one."""
    chosen: dict[int, tuple] = {}
    for owner, valid_from, _valid_to, *values in sorted(rows, key=lambda r: (r[0], r[1])):
        if valid_from <= day or owner not in chosen:
            chosen[owner] = tuple(values)
    return chosen


def export_snapshot(
    *, out_dir: str | Path, on: date | None = None, key: bytes | None = None, progress=None
) -> dict[str, int]:
    """Write the snapshot of the operational database to `out_dir`, a folder or an
    object-storage URI (all or nothing)."""
    check_target(out_dir)  # before reading the whole database
    say = progress or (lambda message: None)
    on = on or timezone.localdate()
    key = key if key is not None else load_or_create_key()
    person_keys = _keys_by_id(key, Person.objects.values_list("pk", "identifier"))
    staff_keys = _keys_by_id(key, Staff.objects.values_list("pk", "hsa_id"))
    unit_ids = dict(CareUnit.objects.values_list("pk", "hsa_id"))
    municipality_codes = dict(Municipality.objects.values_list("pk", "code"))
    tables: dict[str, pa.Table] = {}

    def person(pk: int) -> str:
        return person_keys[pk]

    say("personer och boende")
    residences = list(
        Residence.objects.values_list("person", "valid_from", "valid_to", "municipality")
    )
    municipality_now = _period_at(residences, on)
    living = list(LivingSituation.objects.values_list("person", "valid_from", "valid_to", "kind"))
    living_now = _period_at(living, on)
    home_care_now = {
        owner
        for owner, valid_from, valid_to in HomeCare.objects.values_list(
            "person", "valid_from", "valid_to"
        )
        if valid_from <= on and (valid_to is None or valid_to >= on)
    }

    def situation(pk: int) -> str:
        kind = living_now.get(pk, ("own_home",))[0]
        return "home_care" if kind == "own_home" and pk in home_care_now else kind

    people = list(Person.objects.values_list("pk", "sex", "birth_date", "death_date"))
    tables["persons"] = _table(
        "persons",
        {
            "person_key": [person(pk) for pk, *_ in people],
            "sex": [sex for _, sex, _, _ in people],
            "birth_date": [born for _, _, born, _ in people],
            "municipality_code": [
                municipality_codes.get(municipality_now.get(pk, ("",))[0], "") for pk, *_ in people
            ],
            "living_situation": [situation(pk) for pk, *_ in people],
            "death_date": [died for *_, died in people],
        },
    )
    tables["residence_history"] = _table(
        "residence_history",
        {
            "person_key": [person(r[0]) for r in residences],
            "municipality_code": [municipality_codes[r[3]] for r in residences],
            "valid_from": [r[1] for r in residences],
            "valid_to": [r[2] for r in residences],
        },
    )
    tables["living_situation_history"] = _table(
        "living_situation_history",
        {
            "person_key": [person(r[0]) for r in living],
            "living_situation": [r[3] for r in living],
            "valid_from": [r[1] for r in living],
            "valid_to": [r[2] for r in living],
        },
    )

    say("organisation")
    units = list(
        CareUnit.objects.values_list(
            "hsa_id",
            "kind",
            "name",
            "municipality__code",
            "municipality__subarea__name",
            "principal__kind",
            "care_provider__ownership",
        )
    )
    tables["units"] = _table(
        "units",
        dict(zip(arrow_schema("units").names, map(list, zip(*units, strict=True)), strict=True))
        if units
        else {name: [] for name in arrow_schema("units").names},
    )
    assignments = list(
        Assignment.objects.values_list("staff", "unit", "fte", "valid_from", "valid_to")
    )
    fte_now: dict[int, float] = {}
    for staff_pk, _, fte, valid_from, valid_to in assignments:
        if valid_from <= on and (valid_to is None or valid_to >= on):
            fte_now[staff_pk] = fte_now.get(staff_pk, 0.0) + float(fte)
    staff = list(Staff.objects.values_list("pk", "profession", "doctor_grade"))
    tables["staff"] = _table(
        "staff",
        {
            "staff_key": [staff_keys[pk] for pk, _, _ in staff],
            "profession": [profession for _, profession, _ in staff],
            "doctor_grade": [grade or None for _, _, grade in staff],
            "fte": [fte_now.get(pk, 0.0) for pk, _, _ in staff],
        },
    )
    tables["staff_assignments"] = _table(
        "staff_assignments",
        {
            "staff_key": [staff_keys[a[0]] for a in assignments],
            "unit_id": [unit_ids[a[1]] for a in assignments],
            "fte": [float(a[2]) for a in assignments],
            "valid_from": [a[3] for a in assignments],
            "valid_to": [a[4] for a in assignments],
        },
    )
    tables["areas"] = _areas(on)
    say("digital mottagning")  # optional table: none when the reception was never used
    tables.update(reception_tables(person, unit_ids))

    say("listningar och fasta kontakter")
    tables["listings"] = _stream_table(
        "listings",
        Listing.objects.order_by("pk"),
        ("person", "unit", "valid_from", "valid_to", "origin"),
        lambda rows: {
            "person_key": [person(r[0]) for r in rows],
            "unit_id": [unit_ids[r[1]] for r in rows],
            "valid_from": [r[2] for r in rows],
            "valid_to": [r[3] for r in rows],
            "origin": [r[4] for r in rows],
        },
    )
    tables["named_contacts"] = _stream_table(
        "named_contacts",
        NamedContact.objects.order_by("pk"),
        ("person", "role", "staff", "unit", "valid_from", "valid_to"),
        lambda rows: {
            "person_key": [person(r[0]) for r in rows],
            "role": [r[1] for r in rows],
            "staff_key": [staff_keys[r[2]] for r in rows],
            "unit_id": [unit_ids[r[3]] for r in rows],
            "valid_from": [r[4] for r in rows],
            "valid_to": [r[5] for r in rows],
        },
    )

    say("vårdaktivitet")
    tables["visits"] = _stream_table(
        "visits",
        Visit.objects.order_by("pk"),
        ("person", "staff", "unit", "profession", "care_level", "form", "visit_date"),
        lambda rows: {
            "person_key": [person(r[0]) for r in rows],
            "staff_key": [staff_keys[r[1]] if r[1] else UNKNOWN_STAFF for r in rows],
            "unit_id": [unit_ids[r[2]] for r in rows],
            "profession": [r[3] for r in rows],
            "care_level": [r[4] for r in rows],
            "form": [r[5] for r in rows],
            "visit_date": [r[6] for r in rows],
        },
    )
    tables["ed_visits"] = _stream_table(
        "ed_visits",
        EdVisit.objects.order_by("pk"),
        ("person", "unit", "arrival_time"),
        lambda rows: {
            "person_key": [person(r[0]) for r in rows],
            "unit_id": [unit_ids[r[1]] for r in rows],
            "arrival_time": [_utc(r[2]) for r in rows],
        },
    )
    tables["episodes"] = _stream_table(
        "episodes",
        InpatientEpisode.objects.order_by("pk"),
        (
            "source_id",
            "person",
            "unit",
            "admission_time",
            "discharge_time",
            "admission_type",
            "care_type",
            "main_diagnosis",
            "ready_time",
            "discharge_destination",
        ),
        lambda rows: {
            "episode_id": [r[0] for r in rows],
            "person_key": [person(r[1]) for r in rows],
            "unit_id": [unit_ids[r[2]] for r in rows],
            "admission_time": [_utc(r[3]) for r in rows],
            "discharge_time": [_utc(r[4]) for r in rows],
            "admission_type": [r[5] for r in rows],
            "care_type": [r[6] for r in rows],
            "main_diagnosis": [r[7] for r in rows],
            "ready_time": [_utc(r[8]) for r in rows],
            "discharge_destination": [r[9] or None for r in rows],
        },
    )
    tables["care_requests"] = _stream_table(
        "care_requests",
        CareRequest.objects.order_by("pk"),
        (
            "person",
            "unit",
            "received_date",
            "reason_class",
            "first_assessment_date",
            "profession",
        ),
        lambda rows: {
            "person_key": [person(r[0]) for r in rows],
            "unit_id": [unit_ids[r[1]] for r in rows],
            "received_date": [r[2] for r in rows],
            "reason_class": [r[3] for r in rows],
            "first_assessment_date": [r[4] for r in rows],
            "profession": [r[5] for r in rows],
        },
    )
    tables["phone_calls"] = _stream_table(
        "phone_calls",
        PhoneCall.objects.order_by("pk"),
        ("unit", "received_time", "answered_same_day"),
        lambda rows: {
            "unit_id": [unit_ids[r[0]] for r in rows],
            "received_time": [_utc(r[1]) for r in rows],
            "answered_same_day": [r[2] for r in rows],
        },
    )

    say("SIP")
    tables.update(_sip_tables(key, person))
    say("utskrivning från slutenvård")
    tables.update(transition_tables(person, unit_ids))
    say("avvikelser")  # optional table: none when no deviation was ever reported
    tables.update(deviation_tables(person, unit_ids))
    say("vård i hemmet")  # optional tables: none for an app that was never used
    tables.update(_home_tables(key, person, unit_ids))

    say("skriver Parquet")
    created = timezone.now().astimezone(UTC).isoformat(timespec="seconds")
    source = f"navet snapshot database={connection.vendor} on={on.isoformat()}"
    counts = write_snapshot(tables, out_dir, created=created, source=source)
    # A snapshot is a disclosure of pseudonymised data for follow-up: one audit row for the whole
    # export (per-person rows would add millions of rows that say nothing about a person's care).
    audit.record(
        audit.system_actor("navet snapshot"),
        action=AuditAction.DISCLOSURE,
        object_type="snapshot",
        object_id=created,
        purpose="follow_up",
        detail=f"{out_dir}: " + ", ".join(f"{name} {n}" for name, n in counts.items()),
    )
    return counts


def _home_tables(key: bytes, person: Callable[[int], str], unit_ids: dict) -> dict[str, pa.Table]:
    """Mobile teams, the digital waiting room and home monitoring; their row keys are keyed
    pseudonyms over the row's id, like a SIP's plan_key."""
    from navet.mobile.snapshot import mobile_tables
    from navet.monitoring.snapshot import monitoring_tables
    from navet.remote.snapshot import consultation_tables

    def keyed(text: str) -> str:
        return pseudonym(key, text)

    return {
        **mobile_tables(person, unit_ids, keyed, now=timezone.now()),
        **consultation_tables(person, unit_ids, keyed),
        **monitoring_tables(person, unit_ids, keyed),
    }


def _sip_tables(key: bytes, person: Callable[[int], str]) -> dict[str, pa.Table]:
    """sip_plans and sip_meetings, or nothing when no SIP was ever recorded here: then the
    snapshot says "no data" (the SIP indicators are not computable) rather than "no SIPs"."""
    from navet.plans.snapshot import snapshot_rows

    plans, meetings = snapshot_rows()
    if not plans:
        return {}

    def plan_key(plan_id: int) -> str:
        return pseudonym(key, f"sip:{plan_id}")

    return {
        "sip_plans": _table(
            "sip_plans",
            {
                "plan_key": [plan_key(p.plan_id) for p in plans],
                "person_key": [person(p.person_id) for p in plans],
                "initiated_by_principal": [p.initiated_by_principal for p in plans],
                "initiated_date": [p.initiated_date for p in plans],
                "stage": [p.stage for p in plans],
                "finalised_date": [p.finalised_date for p in plans],
                "followup_date": [p.followup_date for p in plans],
                "followed_up_date": [p.followed_up_date for p in plans],
                "closed_date": [p.closed_date for p in plans],
                "has_own_goals": [p.has_own_goals for p in plans],
                "coordinator_unit_id": [p.coordinator_unit_hsa_id for p in plans],
            },
        ),
        "sip_meetings": _table(
            "sip_meetings",
            {
                "plan_key": [plan_key(m.plan_id) for m in meetings],
                "meeting_date": [m.meeting_date for m in meetings],
                "mode": [m.mode for m in meetings],
                "held": [m.held for m in meetings],
            },
        ),
    }


def _areas(on: date) -> pa.Table:
    """Population per municipality = the persons registered there in Navet on `on`, so that
    rates per 1 000 use the same people as their numerators (an installation holds every
    registered resident of its county; a generated county holds its scaled population)."""
    registered: dict[str, int] = {}
    for code in Residence.objects.filter(Residence.valid_on(on)).values_list(
        "municipality__code", flat=True
    ):
        registered[code] = registered.get(code, 0) + 1
    rows = list(
        Municipality.objects.filter(code__in=registered)
        .values_list("code", "name", "county_id", "subarea__name")
        .order_by("code")
    )
    return _table(
        "areas",
        {
            "municipality_code": [r[0] for r in rows],
            "municipality_name": [r[1] for r in rows],
            "county_code": [r[2] for r in rows],
            "subarea": [r[3] for r in rows],
            "population": [registered[r[0]] for r in rows],
            "population_year": [on.year] * len(rows),
        },
    )
