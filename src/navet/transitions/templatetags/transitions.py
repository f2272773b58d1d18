"""`{% transitions_card %}`: safe discharge on a care start page — counts only, no one's data;
the worklist page (`transitions:worklist`) lists the persons and logs them."""

from django import template
from django.urls import reverse
from django.utils import timezone

from navet.access.subjects import subject_for
from navet.transitions.selectors import counts

register = template.Library()


@register.inclusion_tag("transitions/includes/start_card.html", takes_context=True)
def transitions_card(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    unit_ids = sorted(subject_for(user, on=timezone.localdate()).unit_ids) if user else []
    return {
        "counts": counts(unit_ids, now=timezone.now()) if unit_ids else None,
        "url": reverse("transitions:worklist"),
        "request": request,  # for {% followon_counts %} in the card
    }
