"""The invoice basis from the command line:

./navet manage invoice_basis --municipality 1980 --month 2022-03 --file stays.csv --out b.xlsx
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from navet.organisation.models import Municipality
from navet.payment import exports, services, sources
from navet.payment.basis import MissingAmount


class Command(BaseCommand):
    help = "The monthly invoice basis for payment liability of one municipality (CSV/XLSX/PDF)."

    def add_arguments(self, parser):
        parser.add_argument("--municipality", required=True, help="SCB code, e.g. 1980")
        parser.add_argument("--month", required=True, help="YYYY-MM")
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--file", help="timelines as CSV (docs/payment.md)")
        group.add_argument("--source", help="a registered source, e.g. transitions")
        parser.add_argument("--out", required=True, help="output file: .csv, .xlsx or .pdf")

    def handle(self, *args, **options):
        municipality = Municipality.objects.filter(code=options["municipality"]).first()
        if municipality is None:
            raise CommandError(f"Okänd kommun: {options['municipality']}")
        try:
            year, month_number = (int(p) for p in options["month"].split("-"))
            month = date(year, month_number, 1)
        except ValueError:
            raise CommandError("--month ska vara ÅÅÅÅ-MM") from None
        out = Path(options["out"])
        if out.suffix not in (".csv", ".xlsx", ".pdf"):
            raise CommandError("--out ska sluta på .csv, .xlsx eller .pdf")
        timelines = self._timelines(options, municipality, month)
        try:
            basis = services.produce_basis(municipality, month, timelines)
        except MissingAmount as error:
            raise CommandError(str(error)) from None
        if out.suffix == ".csv":
            out.write_text(exports.to_csv(basis, municipality.name), encoding="utf-8-sig")
        elif out.suffix == ".xlsx":
            out.write_bytes(exports.to_xlsx(basis, municipality.name))
        else:
            from navet.web.printing import render_pdf

            context = {"basis": basis, "municipality": municipality}
            out.write_bytes(render_pdf("payment/print/basis.html", context))
        self.stdout.write(
            f"{out}: {len(basis.lines)} vårdtillfällen, {basis.total_days} dagar, "
            f"{basis.total_amount} kr"
        )

    def _timelines(self, options, municipality, month):
        if options["file"]:
            try:
                return sources.parse_csv(Path(options["file"]).read_text(encoding="utf-8-sig"))
            except OSError as error:
                raise CommandError(f"Kan inte läsa filen: {error}") from None
            except sources.TimelineFileError as error:
                raise CommandError("\n".join(error.errors)) from None
        source = sources.get(options["source"])
        if source is None:
            known = ", ".join(s.key for s in sources.registered()) or "inga"
            raise CommandError(f"Okänd källa {options['source']} (registrerade: {known})")
        first, last = services.window(month, services.rules_for(municipality, month).params)
        return list(source.timelines(municipality.code, first, last))
