"""`./navet manage compute_indicators`: what the nightly timer runs (docs/dashboards.md).

Takes a pseudonymised snapshot of the database (logged as a disclosure), computes every indicator
on it for the last two 12-month periods and their months, and stores the result as a new run for
the dashboards. A failed run is recorded as failed and leaves the previous results in place; the
exit code is then non-zero, so a timer notices.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from navet.followup import runner, runs
from navet.followup.engine import ENGINES
from navet.followup.management.commands.indicators import Command as IndicatorsCommand
from navet.followup.models import RunStatus, RunTrigger


class Command(BaseCommand):
    help = (
        "Beräknar indikatorerna för uppföljningssidorna från en ny pseudonymiserad ögonblicksbild "
        "av databasen och sparar resultatet (körs nattligen av en timer)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--to",
            help="periodens sista dag, ÅÅÅÅ-MM-DD (standard: sista dagen i förra månaden)",
        )
        parser.add_argument(
            "--months", type=int, default=12, help="månader per period (standard 12)"
        )
        parser.add_argument(
            "--periods",
            type=int,
            default=2,
            help="antal perioder bakåt, för trendpilen (standard 2: senaste och föregående)",
        )
        parser.add_argument(
            "--grain",
            choices=runner.GRAINS,
            default="month",
            help="month (standard): även varje kalendermånad, för trenddiagrammen",
        )
        parser.add_argument("--engine", choices=ENGINES, default="duckdb")
        parser.add_argument("--min-cell", type=int, default=runner.DEFAULT_MIN_SUBJECTS)
        parser.add_argument("--params", help="JSON-fil med parametrar (som för indicators)")
        parser.add_argument(
            "--indicator", action="append", dest="only", default=[], help="bara denna indikator"
        )
        parser.add_argument(
            "--snapshot",
            help="använd en befintlig ögonblicksbild i stället för att ta en ny av databasen",
        )

    def handle(self, *args, **options) -> None:
        period_end = None
        if options["to"]:
            try:
                period_end = dt.date.fromisoformat(options["to"])
            except ValueError as error:
                raise CommandError(
                    f"Ogiltigt datum {options['to']!r}: skriv ÅÅÅÅ-MM-DD."
                ) from error
        run_options = runs.RunOptions(
            period_end=period_end,
            months=options["months"],
            periods=options["periods"],
            grain=options["grain"],
            engine=options["engine"],
            min_subjects=options["min_cell"],
            overrides=IndicatorsCommand._parameters(options["params"]),
            only=tuple(options["only"]),
        )
        try:
            run = runs.request_run(trigger=RunTrigger.COMMAND, options=run_options)
        except (runs.RunInProgress, ValueError) as error:
            raise CommandError(str(error)) from error
        self.stderr.write(f"Körning {run.pk} startad.")
        try:
            run = runs.execute_run(
                run.pk,
                snapshot_dir=options["snapshot"],
                progress=lambda message: self.stderr.write(f"• {message}"),
            )
        except Exception as error:
            raise CommandError(
                f"Körning {run.pk} misslyckades: {str(error).strip() or type(error).__name__}. "
                "De tidigare resultaten visas som förut."
            ) from error
        if run.status != RunStatus.SUCCEEDED:
            raise CommandError(f"Körning {run.pk} blev inte klar ({run.get_status_display()}).")
        indicators = len({*run.parameters}) if run.parameters else 0
        self.stdout.write(
            f"Körning {run.pk} klar: {run.row_count} rader för {indicators} indikatorer, "
            f"perioden slutar {run.period_end.isoformat()} ({run.seconds:.1f} s)."
        )
