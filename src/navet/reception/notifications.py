"""E-mail to the resident when it is their turn, through Django's mail backend.

The same rules as the unit inbox's e-mail (navet.messaging.notifications): no personal data in
the message (no name, no problem, no unit; only that something waits and a link to log in),
sent after the pick-up commits, and a failure is logged, never raised: the page and the start
page say it anyway. Only a resident whose account has an address gets one."""

from __future__ import annotations

import logging

from django.core.mail import send_mail
from django.urls import reverse

from navet.messaging.config import base_url

logger = logging.getLogger(__name__)

SUBJECT = "Navet: det är din tur i den digitala mottagningen"


def your_turn_text(request_id: int) -> str:
    link = f"{base_url()}{reverse('reception:my_request', args=[request_id])}"
    return (
        "Vårdcentralen har tagit ditt ärende i den digitala mottagningen.\n\n"
        f"Logga in för att läsa och svara: {link}\n"
    )


def notify_your_turn(request_id: int, address: str) -> bool:
    if not address:
        return False
    try:
        send_mail(SUBJECT, your_turn_text(request_id), None, [address], fail_silently=False)
    except Exception:
        logger.exception("reception e-mail for request %s could not be sent", request_id)
        return False
    return True
