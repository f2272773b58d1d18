"""`./navet manage escalate_inbox`: escalate inbox items nobody acknowledged before their
deadline (run from a timer, e.g. every 10 minutes). Idempotent: each item escalates once."""

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from navet.messaging.services import escalate_overdue


class Command(BaseCommand):
    help = "Eskalerar ärenden i inkorgarna som inte kvitterats i tid."

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            help="Räkna som om klockan vore denna tid (ISO 8601, t.ex. 2026-03-01T12:00); "
            "för test och efterhandskörning.",
        )

    def handle(self, *args, **options):
        now = timezone.now()
        if options["now"]:
            try:
                now = datetime.fromisoformat(options["now"])
            except ValueError as error:
                raise CommandError(f"Ogiltig tid: {options['now']}") from error
            if timezone.is_naive(now):
                now = timezone.make_aware(now)
        escalated = escalate_overdue(now=now)
        self.stdout.write(f"{escalated} ärenden eskalerade.")
