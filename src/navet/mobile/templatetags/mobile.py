"""`{% mobile_card %}`: the mobile team on a care start page — counts only, no one's data; the
team's pages list the persons and log them. Shown only to staff of a mobile team."""

from django import template
from django.utils import timezone

from navet.mobile.models import MobileRequest, Status
from navet.mobile.selectors import teams_of

register = template.Library()


@register.inclusion_tag("mobile/includes/start_card.html", takes_context=True)
def mobile_card(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    teams = teams_of(user, on=timezone.localdate()) if user is not None else []
    if not teams:
        return {"teams": []}
    rows = MobileRequest.objects.filter(team__in=teams)
    return {
        "teams": teams,
        "received": rows.filter(status=Status.RECEIVED).count(),
        "accepted": rows.filter(status=Status.ACCEPTED).count(),
    }
