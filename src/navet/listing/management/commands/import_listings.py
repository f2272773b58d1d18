"""`./navet manage import_listings FILE [--valid-only | --dry-run]`: import a listing file."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from navet.listing.models import ImportMode


class Command(BaseCommand):
    help = (
        "Importerar en listningsfil (CSV: personnummer, hsa_id, datum [, ursprung]). Alla rader "
        "kontrolleras först; finns ett enda fel importeras inget (utom med --valid-only)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="CSV-filen (UTF-8, komma eller semikolon)")
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--valid-only",
            action="store_true",
            help="importera de giltiga raderna och rapportera de ogiltiga",
        )
        mode.add_argument(
            "--dry-run", action="store_true", help="kontrollera filen utan att importera något"
        )

    def handle(self, *args, **options) -> None:
        from navet.access.services import system_actor
        from navet.listing.importing import import_listings

        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Kan inte läsa {path}: {error.strerror}.") from error
        mode = ImportMode.ALL_OR_NOTHING
        if options["valid_only"]:
            mode = ImportMode.VALID_ONLY
        elif options["dry_run"]:
            mode = ImportMode.CHECK_ONLY
        report = import_listings(
            data, file_name=path.name, actor=system_actor("import_listings"), mode=mode
        )
        for error in report.errors:
            self.stderr.write(f"{path.name}, {error}")
        self.stdout.write(report.summary())
        if report.errors and not report.committed:
            raise CommandError(f"{len(report.errors)} fel i {path.name}.")
