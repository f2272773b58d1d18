"""`./navet manage audit_seal`: seal closed audit intervals (run by a timer, e.g. every 10 min)
and keep monthly partitions ready three months ahead on PostgreSQL."""

from django.core.management.base import BaseCommand
from django.db import connection
from django.utils import timezone

from navet.access import sealing, storage


class Command(BaseCommand):
    help = "Förseglar avslutade intervall i loggen och förbereder kommande månadspartitioner."

    def handle(self, *args, **options):
        now = timezone.now()
        created = storage.ensure_partitions(connection, now, now, months_ahead=3)
        sealed = sealing.seal(now=now)
        for name in created:
            self.stdout.write(f"Ny partition: {name}")
        if sealed:
            head = sealed[-1]
            self.stdout.write(
                f"Förseglade {len(sealed)} intervall, {sum(s.row_count for s in sealed)} rader. "
                f"Kedjans huvud: {head.chain}"
            )
        else:
            self.stdout.write("Inget nytt intervall att försegla.")
