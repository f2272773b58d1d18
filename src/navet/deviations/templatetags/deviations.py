"""`{% deviation_card %}`: the unit's open deviations on a care start page (counts only)."""

from django import template
from django.urls import reverse

from navet.deviations import selectors

register = template.Library()


@register.inclusion_tag("deviations/includes/start_card.html", takes_context=True)
def deviation_card(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "count": selectors.open_count(user) if user is not None else 0,
        "url": reverse("deviations:worklist"),
        "new_url": reverse("deviations:new"),
    }
