"""`{% sip_card %}`: SIP on a care start page — counts only, no one's data; the worklist page
(`plans:worklist`) lists the persons and logs them."""

from django import template
from django.urls import reverse

from navet.plans.selectors import counts

register = template.Library()


@register.inclusion_tag("plans/includes/start_card.html", takes_context=True)
def sip_card(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"counts": counts(user) if user is not None else None, "url": reverse("plans:worklist")}
