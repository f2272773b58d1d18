"""`./navet indicators …` (= `manage.py indicators …`): compute the indicators from a snapshot.

A thin shell around navet.followup.runner: parse, run, write atomically, report.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from navet.followup import output, runner
from navet.followup.contract import ContractError
from navet.followup.days import Period
from navet.followup.engine import ENGINES, EngineError


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"Ogiltigt datum {text!r}: skriv ÅÅÅÅ-MM-DD.") from error


class Command(BaseCommand):
    help = "Beräknar indikatorerna för nära vård från en ögonblicksbild (Parquet)."
    # Reads only the snapshot folder: no database, URLs or templates, so Django's system checks
    # have nothing to say about this run and would only delay it.
    requires_system_checks = []

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--snapshot",
            required=True,
            help="mappen med ögonblicksbilden, eller dess adress i objektlagring "
            "(s3://…, abfss://…, gs://…, hdfs://…)",
        )
        parser.add_argument("--engine", choices=ENGINES, default="duckdb")
        parser.add_argument("--from", dest="start", required=True, help="periodens första dag")
        parser.add_argument("--to", dest="end", required=True, help="periodens sista dag")
        parser.add_argument(
            "--out",
            required=True,
            help="results.csv, .parquet eller .xlsx (en fil, eller en adress i objektlagring)",
        )
        parser.add_argument("--grain", choices=runner.GRAINS, default="period")
        parser.add_argument(
            "--spark-master",
            default=None,
            help="Spark-master, t.ex. spark://värd:7077 (standard: local[2])",
        )
        parser.add_argument(
            "--min-cell",
            type=int,
            default=runner.DEFAULT_MIN_SUBJECTS,
            help="celler med färre personer än så döljs (standard 5)",
        )
        parser.add_argument(
            "--params",
            default=None,
            help='JSON-fil med parametrar: {"readmission_30d": {"age_min": 67}}',
        )
        parser.add_argument(
            "--indicator",
            action="append",
            dest="only",
            default=None,
            help="beräkna bara denna indikator (kan upprepas)",
        )

    def handle(self, *args, **options) -> None:
        period = self._period(options["start"], options["end"])
        out = options["out"]
        if Path(out).suffix.lower() not in output.FORMATS:
            raise CommandError(f"--out ska sluta på {', '.join(output.FORMATS)}.")
        started = time.perf_counter()
        try:
            output.check_target(out)
            result = runner.run(
                options["snapshot"],
                period,
                engine=options["engine"],
                grain=options["grain"],
                min_subjects=options["min_cell"],
                parameters=self._parameters(options["params"]),
                only=options["only"],
                spark_master=options["spark_master"],
            )
            out = output.write(result.table, out)
        except (ContractError, EngineError, ValueError, KeyError) as error:
            raise CommandError(str(error).strip("'\"")) from error
        table = result.table
        not_computable = sorted(set(table.indicator[table.status == "not_computable"]))
        self.stdout.write(
            f"{len(table)} rader för {table.indicator.nunique()} indikatorer skrevs till {out} "
            f"({result.engine}, {time.perf_counter() - started:.1f} s)."
        )
        if not_computable:
            self.stdout.write(
                "Kan inte beräknas med denna ögonblicksbild: " + ", ".join(not_computable)
            )

    @staticmethod
    def _period(start: str, end: str) -> Period:
        try:
            return Period(_date(start), _date(end))
        except ValueError as error:
            raise CommandError(str(error)) from error

    @staticmethod
    def _parameters(path: str | None) -> dict:
        if path is None:
            return {}
        try:
            parameters = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as error:
            raise CommandError(f"Parameterfilen {path} kan inte läsas: {error}") from error
        if not isinstance(parameters, dict) or not all(
            isinstance(v, dict) for v in parameters.values()
        ):
            raise CommandError("Parameterfilen ska vara {indikator: {parameter: värde}}.")
        return parameters
