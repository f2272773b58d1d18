from django.core.management.base import BaseCommand

from navet.remote.services import escalate_overdue


class Command(BaseCommand):
    help = "Escalate unanswered consultations past their response-time deadline (run from a timer)."

    def handle(self, *args, **options):
        count = escalate_overdue()
        self.stdout.write(f"{count} konsultationer eskalerade.")
