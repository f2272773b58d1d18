"""`./navet manage audit_prune`: drop whole audit months older than the retention period
(NAVET_AUDIT_RETENTION_YEARS, default 5). Audited; `--dry-run` only reports."""

import getpass

from django.core.management.base import BaseCommand

from navet.access import config, sealing


class Command(BaseCommand):
    help = "Gallrar hela loggmånader som är äldre än bevarandetiden."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="visa bara vad som gallras")

    def handle(self, *args, **options):
        by = f"audit_prune ({getpass.getuser()})"
        done = sealing.prune(by=by, dry_run=options["dry_run"])
        verb = "Skulle gallra" if options["dry_run"] else "Gallrade"
        for item in done:
            self.stdout.write(f"{verb} {item.month:%Y-%m}: {item.rows} rader")
        if not done:
            self.stdout.write(
                f"Inget att gallra (bevarandetid {config.retention_years()} år, "
                f"äldsta månad som behålls {sealing.expired_before():%Y-%m})."
            )
        if backlog := sealing.default_partition_backlog():
            self.stderr.write(
                f"{backlog} rader i standardpartitionen är äldre än bevarandetiden och kan inte "
                "gallras som hela månader; se docs/trust.md."
            )
