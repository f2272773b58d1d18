"""Start-page cards: the resident's open request ("det är din tur") and the health centre's queue.

The resident card shows only the resident's own request (the start page already passed the gate
with OWN_DATA); the staff card shows counts only, no person."""

from __future__ import annotations

from django import template

from navet.reception import selectors, services
from navet.reception.models import Status

register = template.Library()


@register.inclusion_tag("reception/includes/resident_card.html")
def reception_resident_card(person):
    found = services.open_request(person) if person is not None else None
    return {"req": found, "your_turn": found is not None and found.status == Status.IN_PROGRESS}


@register.inclusion_tag("reception/includes/staff_card.html", takes_context=True)
def reception_card(context):
    user = context["request"].user
    units = selectors.reception_units(user)
    counts = [(u, selectors.queue(u.id).filter(status=Status.WAITING).count()) for u in units]
    return {"counts": counts}
