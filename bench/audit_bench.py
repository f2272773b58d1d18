"""Benchmark of the audit log at scale: the cost of the audit write on a typical page, and the
security officer's log search, on a table of 20 M audit rows (PostgreSQL).

    python bench/audit_bench.py                       # 20 M rows into navet_audit_bench on
                                                      #   127.0.0.1 (created; kept for reruns)
    python bench/audit_bench.py --rows 5000000 --pg-url postgres://postgres@host:5432/postgres
    python bench/audit_bench.py --reuse               # measure again without reloading
    python bench/audit_bench.py --smoke               # 20 000 rows, throw-away database (CI test)

Limits (issue "Trust"): the audit write costs < 5 % of a typical page's time, and each log
search answers in < 1 s. Exit status 1 if a full-size run is over a limit. Figures and the
machine are in bench/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(1, str(REPO))  # conftest.build_small_county

DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/postgres"
FULL_ROWS = 20_000_000
SMOKE_ROWS = 20_000
MONTHS = 24
USERS, PERSONS, UNITS = 5_000, 300_000, 200
AUDIT_SHARE_LIMIT = 0.05
SEARCH_LIMIT_SECONDS = 1.0


# --- Loading ------------------------------------------------------------------------------------


def load_rows(total: int, *, offset: int = 0, batch: int = 1_000_000, progress=print) -> None:
    """Rows `offset` … `total - 1` of `total` synthetic audit rows spread evenly, in time order,
    over the last MONTHS months: reads (mostly), searches and changes by USERS users of PERSONS
    persons at UNITS units. PostgreSQL generates them on the server (generate_series) with the
    indexes dropped and built again afterwards; SQLite (smoke runs) inserts them from Python."""
    from django.db import connection
    from django.utils import timezone

    from navet.access import storage

    now = timezone.now()
    start = now - timedelta(days=30 * MONTHS)
    storage.ensure_partitions(connection, start, now, months_ahead=1)
    seconds = int((now - start).total_seconds())
    postgres = connection.vendor == "postgresql"
    if postgres:
        started = time.perf_counter()
        _drop_indexes()
        progress(f"  index borttagna ({time.perf_counter() - started:.0f} s)")
    done = offset
    started = time.perf_counter()
    while done < total:
        n = min(batch, total - done)
        if postgres:
            _load_pg(done, n, total, start, seconds)
        else:
            _load_python(done, n, total, start, seconds)
        done += n
        progress(f"  {done:,} rader ({time.perf_counter() - started:.0f} s)".replace(",", " "))
    if postgres:
        started = time.perf_counter()
        _create_indexes()
        progress(f"  index byggda ({time.perf_counter() - started:.0f} s)")
        started = time.perf_counter()
        # VACUUM sets the visibility map, as it is for a real log's settled months (and cannot
        # run inside a transaction: the smoke test runs in one).
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            cursor.execute(f"{command} access_auditevent")
        progress(f"  {command} ({time.perf_counter() - started:.0f} s)")


# The indexes of migration 0002 (storage.create_partitioned_table_sql), dropped during the load
# and built again in one pass each: far faster than updating five b-trees row by row.
_PRIMARY_KEY = "access_auditevent_pkey"


def _index_sql() -> list[str]:
    from navet.access import storage

    return [sql for sql in storage.create_partitioned_table_sql() if sql.startswith("CREATE INDEX")]


def _drop_indexes() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for sql in _index_sql():
            cursor.execute(f"DROP INDEX IF EXISTS {sql.split()[2]}")
        cursor.execute(f"ALTER TABLE access_auditevent DROP CONSTRAINT IF EXISTS {_PRIMARY_KEY}")


def _create_indexes() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '512MB'")
        cursor.execute(
            f"ALTER TABLE access_auditevent ADD CONSTRAINT {_PRIMARY_KEY} "
            "PRIMARY KEY (id, occurred_at)"
        )
        for sql in _index_sql():
            cursor.execute(sql)
        cursor.execute("RESET maintenance_work_mem")


def _load_pg(offset: int, n: int, total: int, start, seconds: int) -> None:
    from django.db import connection, transaction

    # Row g happens at start + g × seconds / total: in time order, as an audit log is written.
    sql = f"""
        INSERT INTO access_auditevent (occurred_at, action, user_id, username, hsa_id, role,
            unit_id, unit_hsa_id, unit_name, care_provider_id, principal_id, person_id,
            object_type, object_id, purpose, decision, reason, ip, user_agent, path, detail)
        SELECT %s::timestamptz + make_interval(secs => g::float8 * {seconds} / {total}),
            (ARRAY['read','read','read','read','read','read','search','search','change',
                   'create'])[1 + g %% 10],
            1 + (g * 31) %% {USERS}, 'user' || (1 + (g * 31) %% {USERS}),
            'SE2321000000-P' || g %% 997,
            'region_nurse', 1 + (g * 13) %% {UNITS}, 'SE2321000000-E' || (g * 13) %% {UNITS},
            'Enhet ' || (1 + (g * 13) %% {UNITS}), 1 + g %% 7, 1 + g %% 3,
            1 + (g * 104729) %% {PERSONS}, 'person', (1 + (g * 104729) %% {PERSONS})::text,
            'care', 'allow', 'relationship', '10.1.2.3'::inet, 'Mozilla/5.0 (bench)',
            '/invanare/' || (1 + (g * 104729) %% {PERSONS}) || '/', ''
        FROM generate_series(%s::bigint, %s::bigint) AS g
    """  # noqa: S608 - numbers only
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit TO OFF")  # a bulk load, not the app
        cursor.execute(sql, [start, offset, offset + n - 1])


def _load_python(offset: int, n: int, total: int, start, seconds: int) -> None:
    from datetime import timedelta

    from navet.access.models import AuditEvent

    actions = ["read"] * 6 + ["search", "search", "change", "create"]
    rows = []
    for g in range(offset, offset + n):
        person = 1 + (g * 104729) % PERSONS
        rows.append(
            AuditEvent(
                occurred_at=start + timedelta(seconds=g * seconds / total),
                action=actions[g % 10],
                user_id=1 + (g * 31) % USERS,
                username=f"user{1 + (g * 31) % USERS}",
                role="region_nurse",
                unit_id=1 + (g * 13) % UNITS,
                unit_name=f"Enhet {1 + (g * 13) % UNITS}",
                person_id=person,
                object_type="person",
                object_id=str(person),
                purpose="care",
                decision="allow",
                reason="relationship",
                ip="10.1.2.3",
            )
        )
    AuditEvent.objects.bulk_create(rows, batch_size=5000)


# --- Measuring ----------------------------------------------------------------------------------


def _median_ms(function, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def measure(runs: int) -> dict:
    """Median times (ms): a typical page with and without its audit row, the audit write alone,
    and the security officer's searches."""
    from unittest import mock

    from django.contrib.auth.models import User
    from django.test import Client
    from django.urls import reverse

    from navet.access import decorators
    from navet.access.audit import actor_for, record
    from navet.access.selectors import LogQuery, search_log
    from navet.residents.models import Person

    elsa = Person.objects.get(given_name="Elsa", family_name="Lindqvist")
    doctor = User.objects.get(username="allmanlakare")
    client = Client(HTTP_USER_AGENT="bench")
    client.force_login(doctor)
    page = reverse("web:resident_detail", args=[elsa.pk])
    assert client.get(page).status_code == 200
    for _ in range(5):  # warm up caches and connections
        client.get(page)
    page_ms = _median_ms(lambda: client.get(page), runs)
    with mock.patch.object(decorators, "record"):
        page_without_audit_ms = _median_ms(lambda: client.get(page), runs)
    actor = actor_for(doctor)

    def audit_write():
        record(actor, action="read", person_id=elsa.pk, object_type="person", object_id=elsa.pk,
               purpose="care")  # fmt: skip

    audit_ms = _median_ms(audit_write, runs)
    from django.test import override_settings

    with override_settings(NAVET_AUDIT_DURABLE_READS=True):  # the opt-out, for comparison
        audit_durable_ms = _median_ms(audit_write, runs)

    number = f"{elsa.identifier[:8]}-{elsa.identifier[8:]}"
    from navet.organisation.models import CareUnit

    unit = CareUnit.objects.get(name="Vårdcentralen Skiljebo")
    from datetime import date

    today = date.today()
    queries = {
        "person": LogQuery(person=number),
        "user": LogQuery(user="allmanlakare"),
        "unit and last 30 days": LogQuery(unit=unit.hsa_id, start=today - timedelta(days=30)),
        "action and one day a year ago": LogQuery(
            action="change", start=today - timedelta(days=365), end=today - timedelta(days=365)
        ),
        "everything, newest first": LogQuery(),
    }
    searches = {}
    for name, query in queries.items():
        search_log(query)  # warm up
        searches[name] = _median_ms(lambda q=query: search_log(q), max(3, runs // 10))
        _, cursor = search_log(query)
        if cursor:
            searches[f"{name}, next page"] = _median_ms(
                lambda q=query, c=cursor: search_log(q, after=c), max(3, runs // 10)
            )
    return {
        "page_ms": page_ms,
        "page_without_audit_ms": page_without_audit_ms,
        "audit_write_ms": audit_ms,
        "audit_write_durable_ms": audit_durable_ms,
        "audit_share": audit_ms / page_ms,
        "audit_share_by_difference": max(page_ms - page_without_audit_ms, 0) / page_ms,
        "searches_ms": searches,
    }


def prepare_county() -> None:
    """The small county of the tests and its demo users, once per database."""
    import tempfile

    from conftest import build_small_county

    from navet.demo import ensure_demo_users
    from navet.organisation.models import County

    if not County.objects.exists():
        build_small_county()
    with tempfile.TemporaryDirectory() as tmp:
        ensure_demo_users(password_file=Path(tmp) / "users.json")


def run(rows: int, runs: int, *, reuse: bool = False, progress=print) -> dict:
    from navet.access.models import AuditEvent

    prepare_county()
    existing = AuditEvent.objects.count() if reuse else 0
    started = time.perf_counter()
    if existing < rows:
        load_rows(rows, offset=existing, progress=progress)
    load_seconds = time.perf_counter() - started
    result = measure(runs)
    result.update(rows=AuditEvent.objects.count(), load_seconds=load_seconds)
    return result


def over_limits(result: dict) -> list[str]:
    problems = []
    if result["audit_share"] >= AUDIT_SHARE_LIMIT:
        problems.append(f"audit write {result['audit_share']:.1%} of the page (limit 5 %)")
    for name, ms in result["searches_ms"].items():
        if ms >= SEARCH_LIMIT_SECONDS * 1000:
            problems.append(f"log search '{name}' took {ms:.0f} ms (limit 1 s)")
    return problems


def report(result: dict) -> str:
    lines = [
        f"rows in the audit table: {result['rows']:,}".replace(",", " "),
        f"load: {result['load_seconds']:.0f} s",
        f"typical page (resident overview, GP): {result['page_ms']:.1f} ms median",
        f"  same page without its audit row:     {result['page_without_audit_ms']:.1f} ms",
        f"audit write alone (INSERT + commit):  {result['audit_write_ms']:.2f} ms "
        f"= {result['audit_share']:.1%} of the page",
        f"  the same, NAVET_AUDIT_DURABLE_READS=1: {result['audit_write_durable_ms']:.2f} ms "
        f"= {result['audit_write_durable_ms'] / result['page_ms']:.1%} of the page",
        "log search (first page of 50, median):",
    ]
    for name, ms in result["searches_ms"].items():
        lines.append(f"  {name:38} {ms:8.1f} ms")
    return "\n".join(lines)


# --- The command line ---------------------------------------------------------------------------


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def _admin(url: str, sql: str) -> None:
    import psycopg

    parts = urlsplit(url)
    with psycopg.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username or "postgres",
        password=parts.password, dbname=parts.path.lstrip("/") or "postgres", autocommit=True,
    ) as connection:  # fmt: skip
        connection.execute(sql)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=FULL_ROWS)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--reuse", action="store_true", help="keep the rows already loaded")
    parser.add_argument("--pg-url", default=os.environ.get("NAVET_BENCH_PG_URL", DEFAULT_PG))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    rows, runs = (SMOKE_ROWS, 20) if args.smoke else (args.rows, args.runs)
    name = f"navet_audit_bench_{os.getpid()}" if args.smoke else "navet_audit_bench"
    if not args.reuse:
        _admin(args.pg_url, f"DROP DATABASE IF EXISTS {name}")
    import psycopg

    with contextlib.suppress(psycopg.errors.DuplicateDatabase):  # --reuse
        _admin(args.pg_url, f"CREATE DATABASE {name}")
    os.environ["DATABASE_URL"] = _with_database(args.pg_url, name)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "navet.settings")
    os.environ["NAVET_STAFF_OTP_REQUIRED"] = "0"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    call_command("migrate", verbosity=0)
    try:
        result = run(rows, runs, reuse=args.reuse, progress=lambda m: print(m, file=sys.stderr))
    finally:
        from django.db import connections

        connections.close_all()
        if args.smoke:
            _admin(args.pg_url, f"DROP DATABASE IF EXISTS {name}")
    print(json.dumps(result, indent=2) if args.json else report(result))
    problems = over_limits(result)
    for problem in problems:
        print(f"OVER LIMIT: {problem}", file=sys.stderr)
    return 1 if problems and not args.smoke else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
