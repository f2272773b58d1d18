"""`./navet snapshot --out DIR` (= `manage.py snapshot …`): the database as a pseudonymised
snapshot following contract version 1 (docs/snapshot.md)."""

from __future__ import annotations

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError

from navet.followup.export import export_snapshot, key_file
from navet.synth.errors import SynthInputError


class Command(BaseCommand):
    help = "Skriver en pseudonymiserad ögonblicksbild (Parquet) av den operativa databasen."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--out",
            required=True,
            help="ny eller tom mapp för ögonblicksbilden, eller adress i objektlagring "
            "(s3://hink/mapp, abfss://…, gs://…, hdfs://…)",
        )
        parser.add_argument(
            "--on", help="dag för personers kommun och boendeform (ÅÅÅÅ-MM-DD; standard i dag)"
        )

    def handle(self, *args, **options) -> None:
        on = None
        if options["on"]:
            try:
                on = dt.date.fromisoformat(options["on"])
            except ValueError as error:
                raise CommandError(
                    f"Ogiltigt datum {options['on']!r}: skriv ÅÅÅÅ-MM-DD."
                ) from error
        started = time.perf_counter()
        try:
            counts = export_snapshot(
                out_dir=options["out"],
                on=on,
                progress=lambda message: self.stderr.write(f"• {message}"),
            )
        except SynthInputError as error:
            raise CommandError(str(error)) from error
        rows = sum(counts.values())
        self.stdout.write(
            f"Klart: {rows} rader i {len(counts)} tabeller i {options['out']} "
            f"({time.perf_counter() - started:.1f} s). Nyckeln för pseudonymerna: {key_file()} "
            "(lämnas aldrig ut med ögonblicksbilden)."
        )
