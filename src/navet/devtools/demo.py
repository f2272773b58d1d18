"""`./navet demo`: migrate, generate the demo county once, create demo users, print them, serve.

Beside the web server it runs a background worker (`manage.py db_worker`) for the dashboards'
indicator runs, and on the first start it queues one run so that the dashboards have figures a
few minutes later. It also queues the SIP follow-up reminder run on start and every hour (in
production: `./navet manage send_plan_reminders` from cron).
"""

import argparse
import contextlib
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from datetime import timedelta
from io import StringIO

from rich.console import Console
from rich.table import Table

console = Console(stderr=True, highlight=False)

DEMO_COUNTY = "19"
DEMO_SEED = 42
DEMO_SCALE = 0.1


@contextmanager
def step(text: str):
    started = time.perf_counter()
    console.print(f"[bold]•[/bold] {text} …")
    yield
    console.print(f"  [green]klart[/green] på {time.perf_counter() - started:.1f} s")


def _port_in_use(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.5)
        return probe.connect_ex((host, port)) == 0


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="./navet demo", description="Start Navet's demo.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--no-serve", action="store_true", help="set everything up, do not serve")
    parser.add_argument("--county", default=DEMO_COUNTY, help="SCB county code (default 19)")
    parser.add_argument("--scale", type=float, default=DEMO_SCALE)
    parser.add_argument("--seed", type=int, default=DEMO_SEED)
    return parser.parse_args(argv)


def _print_users(users) -> None:
    table = Table(title="Demoanvändare (lösenorden finns också i var/demo_users.json)")
    table.add_column("Roll")
    # Usernames and passwords must be copyable whole: never wrapped or cut.
    table.add_column("Användarnamn", no_wrap=True, min_width=19)
    table.add_column("Lösenord", no_wrap=True, min_width=12)
    table.add_column("Namn")
    table.add_column("Enhet")
    for user in users:
        table.add_row(user.role_label, user.username, user.password, user.name, user.unit)
    # Piped to a file or a log, rich would assume 80 columns; a wider table stays readable there.
    Console(width=None if sys.stdout.isatty() else 160).print(table)


def main(argv: list[str]) -> int:
    args = _parse(argv)
    if not args.no_serve and _port_in_use(args.host, args.port):
        console.print(
            f"[bold red]Port {args.port} på {args.host} används redan.[/bold red] Troligen kör "
            f"Navet redan (en annan ./navet demo): öppna http://{args.host}:{args.port}/ "
            "eller stoppa den "
            f"med Ctrl+C i dess terminal. Annars: ./navet demo --port {args.port + 1}"
        )
        return 1

    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from navet.demo import DemoSetupError, ensure_demo_users
    from navet.synth.models import GeneratedCounty
    from navet.synth.services import generate_into_database

    with step("Uppdaterar databasen (migreringar)"):
        call_command("migrate", verbosity=0, interactive=False)
    with step("Förbereder statiska filer"):
        call_command("collectstatic", verbosity=0, interactive=False)

    existing = GeneratedCounty.objects.filter(county_code=args.county).first()
    if existing:
        console.print(f"• Demolänet finns redan ({existing}); befintliga data behålls.")
    else:
        with step(f"Genererar demolänet (län {args.county}, skala {args.scale})"):
            generate_into_database(
                county_code=args.county,
                seed=args.seed,
                scale=args.scale,
                years=3,
                # The history ends yesterday, so the worklists, queues and deadlines are
                # today's: a demo that ended on a fixed date would show every item as overdue.
                end_date=timezone.localdate() - timedelta(days=1),
                progress=lambda message: console.print(f"    {message}"),
            )
    with step("Öppnar vårdrelationer utifrån listningar, fasta kontakter och hemtjänst"):
        call_command("sync_relationships", verbosity=0, stdout=StringIO())
    try:
        with step("Skapar demoanvändare"):
            users = ensure_demo_users()
    except DemoSetupError as error:
        console.print(f"[bold red]Kunde inte skapa demoanvändare:[/bold red] {error}")
        return 1
    with step("Läser in färdplaner (Västmanland, Västernorrland) och ett års uppföljning"):
        from navet.roadmap.demo import ensure_demo_roadmaps

        ensure_demo_roadmaps(args.county)
    from navet.messaging.demo import seed_demo_inbox

    with step("Lägger exempel i demoenheternas inkorgar"):
        seed_demo_inbox()
    from navet.transitions.demo import seed_demo_stays

    with step("Skriver in två exempelpatienter på demoavdelningen"):
        seed_demo_stays()
    from navet.deviations.demo import seed_demo_deviations

    with step("Lägger in exempel på gemensamma avvikelser"):
        seed_demo_deviations()
    _print_users(users)
    _queue_first_indicator_run(serving=not args.no_serve)
    if args.no_serve:
        return 0
    console.print(
        f"\n[bold]Navet körs på http://{args.host}:{args.port}/[/bold]  (Ctrl+C stoppar)\n"
    )
    worker = start_worker()
    timers = start_timers()
    # `kill` (SIGTERM) stops the demo like Ctrl+C: through the `finally` that stops the worker.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        call_command(
            "runserver", f"{args.host}:{args.port}", use_reloader=False, use_threading=True
        )
    finally:
        timers.set()
        stop_worker(worker)
    return 0


def _periodic_jobs():
    """What cron runs in production, as (Swedish label, function): the SIP follow-up reminders
    (queued for the worker), and the escalation of inbox items and consultations not answered
    in time. Each is idempotent."""
    from navet.messaging.services import escalate_overdue as escalate_inbox
    from navet.plans.tasks import enqueue_reminders
    from navet.remote.services import escalate_overdue as escalate_consultations

    return (
        ("SIP-påminnelserna", enqueue_reminders),
        ("eskaleringen av inkorgen", escalate_inbox),
        ("eskaleringen av konsultationer", escalate_consultations),
    )


def start_timers(every_seconds: int = 600) -> threading.Event:
    """Run the periodic jobs now and then every ten minutes; set the returned event to stop."""
    from django.db import close_old_connections

    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            for label, job in _periodic_jobs():
                try:
                    job()
                except Exception as error:  # a busy database must not stop the demo
                    console.print(f"[yellow]{label} kunde inte köras:[/yellow] {error}")
                finally:
                    close_old_connections()
            stop.wait(every_seconds)

    threading.Thread(target=loop, name="demo-timers", daemon=True).start()
    return stop


def _queue_first_indicator_run(*, serving: bool) -> None:
    """Queue one indicator run when there are no results yet and none is on its way."""
    from navet.followup import runs, tasks
    from navet.followup.models import RunTrigger

    if runs.latest_run() is not None:
        return
    if runs.active_run() is None:
        with contextlib.suppress(runs.RunInProgress):
            tasks.start_in_background(trigger=RunTrigger.DEMO)
    if serving:
        console.print(
            "• Indikatorerna för uppföljningssidorna beräknas i bakgrunden (några minuter); "
            "följ beräkningen under Uppföljning → Beräkningar (användaren analytiker)."
        )
    else:
        console.print(
            "• En beräkning av indikatorerna väntar: den körs när demon startar (eller med "
            "./navet manage db_worker --batch)."
        )


def start_worker() -> subprocess.Popen:
    """The background worker for indicator runs, as a child process of the demo."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "navet.cli",
            "manage",
            "db_worker",
            "--interval",
            "2",
            "--no-startup-delay",
            "--worker-id",
            "navet-demo",
        ]
    )


def stop_worker(worker: subprocess.Popen) -> None:
    """Stop the worker: the first signal asks it to finish, a second one stops a running task
    (the run is then marked failed and the next demo start queues a new one)."""
    for _ in range(2):
        if worker.poll() is not None:
            return
        worker.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            worker.wait(timeout=5)
    if worker.poll() is None:
        worker.kill()
        worker.wait()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
