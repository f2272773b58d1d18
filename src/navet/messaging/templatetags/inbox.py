"""`{% inbox_card %}`: the inbox on a care start page — counts only, no one's data."""

from django import template
from django.urls import reverse

from navet.messaging.selectors import unit_inboxes

register = template.Library()


@register.inclusion_tag("messaging/includes/start_card.html", takes_context=True)
def inbox_card(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "boxes": unit_inboxes(user) if user is not None else [],
        "url": reverse("messaging:inbox"),
    }
