"""`manage.py import_activity DIR [--dry-run] [--update]`: a thin shell over the importer."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from navet.activity.importer import format_issues, format_summary, import_activity


class Command(BaseCommand):
    help = (
        "Import care activity (visits, ed_visits, episodes, care_requests, phone_calls) from the "
        "CSV or Parquet files in DIR. Everything is validated first; nothing is written unless "
        "every row of every file is valid. See docs/import-activity.md."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "directory", metavar="DIR", help="directory holding <table>.csv/.parquet"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="validate and report, write nothing"
        )
        parser.add_argument(
            "--update",
            action="store_true",
            help="overwrite rows whose source_id exists with different content (default: error)",
        )

    def handle(self, *args, directory, dry_run, update, **options):
        try:
            result = import_activity(directory, dry_run=dry_run, update=update)
        except DatabaseError as error:
            raise CommandError(f"Database error, nothing was imported: {error}") from error
        if not result.ok:
            for line in format_issues(result.issues):
                self.stderr.write(line)
            raise CommandError(f"{len(result.issues)} error(s) found; nothing was imported.")
        for line in format_summary(result):
            self.stdout.write(line)
        for line in format_issues(result.refused):
            self.stderr.write(line)
        if result.refused:
            raise CommandError(
                f"{len(result.refused)} episode event(s) refused by the discharge process; "
                "every row was stored."
            )
        if result.written:
            self.stdout.write(self.style.SUCCESS("Import complete."))
