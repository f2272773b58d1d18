"""`./navet manage deliver_person_notices`: deliver queued notices to persons (emergency access).

Navet shows every notice on the person's own pages; this marks them delivered and sends an
e-mail where the resident's account has an address. A production installation hooks its own
channel (letter, 1177) in here."""

from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.utils import timezone

from navet.access.models import PersonNotice


class Command(BaseCommand):
    help = "Skickar meddelanden som väntar till personerna (t.ex. om nödåtkomst)."

    def handle(self, *args, **options):
        sent = 0
        for notice in PersonNotice.objects.filter(delivered_at__isnull=True).select_related(
            "person__user"
        ):
            user = notice.person.user
            if user is not None and user.email:
                send_mail(notice.subject, notice.body, None, [user.email])
            notice.delivered_at = timezone.now()
            notice.save(update_fields=["delivered_at"])
            sent += 1
        self.stdout.write(f"{sent} meddelanden levererade.")
