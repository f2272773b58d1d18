"""`./navet manage audit_verify`: recompute every sealed interval; exit 1 on any edited,
inserted or deleted row, or a broken chain."""

from django.core.management.base import BaseCommand, CommandError

from navet.access import sealing


class Command(BaseCommand):
    help = "Kontrollerar att förseglade loggrader inte har ändrats, lagts till eller tagits bort."

    def add_arguments(self, parser):
        parser.add_argument("--anchor", help="fil med kedjans huvuden (NAVET_AUDIT_ANCHOR_FILE)")

    def handle(self, *args, **options):
        result = sealing.verify(anchor_file=options["anchor"])
        for problem in result.problems:
            self.stderr.write(problem)
        summary = f"{result.intervals} intervall, {result.rows} rader kontrollerade."
        if not result.ok:
            raise CommandError(f"Loggen är inte intakt: {len(result.problems)} fel. {summary}")
        self.stdout.write(f"Loggen är intakt. {summary}")
