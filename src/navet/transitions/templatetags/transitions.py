"""`{% transitions_card %}`: safe discharge on a care start page — counts only, no one's data;
the worklist page (`transitions:worklist`) lists the persons and logs them."""

from django import template
from django.urls import reverse
from django.utils import timezone

from navet.access.subjects import subject_for
from navet.transitions.deadlines import discharges_soon
from navet.transitions.selectors import counts

register = template.Library()


@register.inclusion_tag("transitions/includes/start_card.html", takes_context=True)
def transitions_card(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    unit_ids = sorted(subject_for(user, on=timezone.localdate()).unit_ids) if user else []
    now = timezone.now()
    today = timezone.localdate(now)
    soon = list(discharges_soon(unit_ids, now=now).values_list("estimated_discharge", flat=True))
    return {
        "counts": counts(unit_ids, now=now) if unit_ids else None,
        "soon_today": sum(1 for d in soon if d == today),
        "soon_tomorrow": sum(1 for d in soon if d != today),
        "url": reverse("transitions:worklist"),
        "request": request,  # for {% followon_counts %} in the card
    }
