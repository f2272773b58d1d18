"""`./navet manage sync_relationships`: open (and end) the care relationships that listing,
named-contact, home-care and nursing-home records imply. Idempotent; run it after any bulk load
(the generator, imports), which bypasses the signals that do this record by record."""

from django.core.management.base import BaseCommand

from navet.access.relationships import sync_all


class Command(BaseCommand):
    help = "Öppnar och avslutar vårdrelationer utifrån listningar, fasta kontakter och hemtjänst."

    def handle(self, *args, **options):
        result = sync_all(progress=lambda message: self.stdout.write(f"  {message}"))
        self.stdout.write(
            f"Vårdrelationer: {result.created} nya, {result.updated} ändrade, "
            f"{result.unchanged} oförändrade."
        )
