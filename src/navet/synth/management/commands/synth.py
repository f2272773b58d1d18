"""`./navet synth`: generate a synthetic county into Parquet files or the database."""

from __future__ import annotations

import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from navet.synth.errors import SynthError


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f'Ogiltigt datum "{text}": skriv ÅÅÅÅ-MM-DD.') from error


class Command(BaseCommand):
    help = (
        "Genererar ett syntetiskt län (befolkning, organisation och vårdhistorik) till "
        "Parquet-filer (--out) eller till databasen (--database)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--county", required=True, help="länskod, t.ex. 19 (Västmanland)")
        parser.add_argument("--seed", required=True, type=int, help="slumpfrö, t.ex. 42")
        parser.add_argument(
            "--scale",
            required=True,
            type=float,
            help="andel av länets befolkning, större än 0 och högst 1.0",
        )
        parser.add_argument("--years", type=int, default=3, help="år av historik (standard 3)")
        parser.add_argument(
            "--end-date",
            type=_date,
            default=date(2025, 12, 31),
            help="historikens sista dag, ÅÅÅÅ-MM-DD (standard 2025-12-31)",
        )
        parser.add_argument(
            "--named-doctor-share",
            type=float,
            default=None,
            help="andel av de listade med fast läkarkontakt på slutdatumet (standard 0.15)",
        )
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument(
            "--out",
            help="mapp för Parquet-filerna, eller adress i objektlagring som s3://hink/mapp "
            "(får inte finnas)",
        )
        target.add_argument("--database", action="store_true", help="läs in i databasen")

    def handle(self, *args, **options) -> None:
        from rich.console import Console

        from navet.synth import services

        console = Console(stderr=True, highlight=False)
        started = time.perf_counter()

        def progress(message: str) -> None:
            console.print(f"[green]✓[/green] {message}")

        arguments = {
            "county_code": options["county"],
            "seed": options["seed"],
            "scale": options["scale"],
            "years": options["years"],
            "end_date": options["end_date"],
            "progress": progress,
        }
        if options["named_doctor_share"] is not None:
            arguments["named_doctor_share"] = options["named_doctor_share"]
        try:
            if options["database"]:
                record = services.generate_into_database(**arguments)
                summary = f"{record.persons} personer inlästa i databasen"
            else:
                counts = services.generate_to_parquet(out_dir=options["out"], **arguments)
                summary = (
                    f"{sum(counts.values())} rader i {len(counts)} tabeller i {options['out']}"
                )
        except SynthError as error:
            raise CommandError(str(error)) from error
        console.print(f"[bold]Klart:[/bold] {summary} ({time.perf_counter() - started:.1f} s)")
