"""E-mail about the inbox, through Django's mail backend (console in the demo).

The rules: an e-mail never carries personal data — only the number of items waiting and the
unit's name, with a link; it is sent after the item's transaction commits (never for an item
that was rolled back); and a failure to send is logged, never raised: the item is already in the
inbox, where the header count shows it anyway.

Who gets one: the unit's functional mailbox (InboxSettings.notify_email) and every user serving
the unit who has turned e-mail on (InboxSubscription); for an escalation, the target unit's
heads (assignment role unit_head) with an address as well.
"""

from __future__ import annotations

import logging

from django.core.mail import send_mail
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from navet.messaging import config
from navet.messaging.models import InboxItem, InboxSettings
from navet.organisation.models import Assignment, AssignmentRole

logger = logging.getLogger(__name__)

SUBJECT_NEW = "Navet: nya ärenden i inkorgen"
SUBJECT_ESCALATION = "Navet: ärende som inte kvitterats i tid"


def inbox_link(unit_id: int) -> str:
    return f"{config.base_url()}{reverse('messaging:inbox')}?enhet={unit_id}"


def _items(n: int) -> str:
    return "1 nytt ärende" if n == 1 else f"{n} nya ärenden"


def new_items_text(unit_name: str, unit_id: int, waiting: int) -> str:
    return (
        f"Du har {_items(waiting)} i inkorgen för {unit_name}.\n\n"
        f"Logga in i Navet för att läsa och kvittera dem:\n{inbox_link(unit_id)}\n\n"
        "Det här meddelandet innehåller inga personuppgifter. Svara inte på det.\n"
    )


def escalation_text(unit_name: str, unit_id: int) -> str:
    return (
        f"Ett ärende i inkorgen för {unit_name} har inte kvitterats i tid och behöver "
        "verksamhetschefens uppmärksamhet.\n\n"
        f"Logga in i Navet för att se det:\n{inbox_link(unit_id)}\n\n"
        "Det här meddelandet innehåller inga personuppgifter. Svara inte på det.\n"
    )


def _staff_emails(unit_id: int, *, heads_only: bool = False) -> set[str]:
    today = timezone.localdate()
    assignments = Assignment.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=today),
        unit_id=unit_id,
        valid_from__lte=today,
        staff__user__is_active=True,
    ).exclude(staff__user__email="")
    if heads_only:
        assignments = assignments.filter(role=AssignmentRole.UNIT_HEAD)
    else:
        assignments = assignments.filter(staff__user__inbox_subscription__email=True)
    return set(assignments.values_list("staff__user__email", flat=True))


def recipients(unit_id: int, *, escalation: bool = False) -> list[str]:
    emails = _staff_emails(unit_id)
    if escalation:
        emails |= _staff_emails(unit_id, heads_only=True)
    mailbox = (
        InboxSettings.objects.filter(unit_id=unit_id).values_list("notify_email", flat=True).first()
    )
    if mailbox:
        emails.add(mailbox)
    return sorted(e for e in emails if e)


def _send(subject: str, text: str, addresses: list[str], item_id: int) -> int:
    """One message per address (no one sees a colleague's address); returns how many went."""
    sent = 0
    for address in addresses:
        try:
            send_mail(subject, text, None, [address], fail_silently=False)
        except Exception:
            # Never the address or any content in the log: the item id is enough to follow up.
            logger.exception("inbox e-mail for item %s could not be sent", item_id)
        else:
            sent += 1
    return sent


def notify_new_item(item_id: int) -> int:
    """After commit: tell the receiving unit that something is waiting. Never raises."""
    try:
        item = InboxItem.objects.select_related("to_unit").get(pk=item_id)
        escalation = item.escalation_of_id is not None
        addresses = recipients(item.to_unit_id, escalation=escalation)
        if not addresses:
            return 0
        if escalation:
            return _send(
                SUBJECT_ESCALATION,
                escalation_text(item.to_unit.name, item.to_unit_id),
                addresses,
                item_id,
            )
        waiting = InboxItem.objects.open().filter(to_unit_id=item.to_unit_id).count()
        return _send(
            SUBJECT_NEW,
            new_items_text(item.to_unit.name, item.to_unit_id, max(waiting, 1)),
            addresses,
            item_id,
        )
    except Exception:
        logger.exception("inbox e-mail for item %s failed", item_id)
        return 0
