"""`{% monitoring_card %}` on a care start page (a count only, no one's data; the worklist lists
and logs the persons) and `{% own_monitoring_card person %}` on the resident's start page."""

from django import template
from django.urls import reverse

from navet.monitoring import selectors
from navet.monitoring.services import current_enrolment

register = template.Library()


@register.inclusion_tag("monitoring/includes/start_card.html", takes_context=True)
def monitoring_card(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    count = selectors.open_alert_count(user) if user is not None else 0
    return {"count": count, "url": reverse("monitoring:worklist")}


@register.inclusion_tag("monitoring/includes/own_card.html")
def own_monitoring_card(person):
    enrolled = person is not None and current_enrolment(person) is not None
    return {"enrolled": enrolled, "url": reverse("monitoring:own")}
