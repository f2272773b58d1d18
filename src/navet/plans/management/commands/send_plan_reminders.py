"""`./navet manage send_plan_reminders`: enqueue the SIP follow-up reminder run for the
background worker (from cron or a timer, e.g. daily at 06:00). `--now` runs it in this process
instead; `--today` runs it as of another date. Idempotent: a reminder is sent once per plan,
follow-up date and lead time."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from navet.plans import reminders, tasks


class Command(BaseCommand):
    help = "Påminner samordnare inför uppföljningen av SIP (köar körningen för bakgrundsjobbet)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--now", action="store_true", help="Kör direkt i stället för att köa körningen."
        )
        parser.add_argument(
            "--today", help="Räkna som om dagens datum vore detta (ÅÅÅÅ-MM-DD); för test."
        )

    def handle(self, *args, **options):
        today = None
        if options["today"]:
            try:
                today = date.fromisoformat(options["today"])
            except ValueError as error:
                raise CommandError(f"Ogiltigt datum: {options['today']}") from error
        if options["now"]:
            sent = reminders.send_reminders(today=today)
            self.stdout.write(f"{sent} påminnelser skickade.")
            return
        result = tasks.enqueue_reminders(today)
        self.stdout.write(f"Påminnelserna är köade (uppgift {result.id}).")
