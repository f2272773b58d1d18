"""Planning before discharge on other pages: `{% named_contact_line %}` on the start card
(counts only, no one's data) and `{% planning_link stay %}` on the stay's page."""

from datetime import timedelta

from django import template
from django.utils import timezone

from navet.access.subjects import subject_for
from navet.transitions import contact

register = template.Library()


@register.inclusion_tag("transitions/includes/named_contact_line.html", takes_context=True)
def named_contact_line(context):
    # The card that includes this line renders in a fresh context: the request is its attribute.
    request = getattr(context, "request", None) or context.get("request")
    user = getattr(request, "user", None)
    unit_ids = sorted(subject_for(user, on=timezone.localdate()).unit_ids) if user else []
    today = timezone.localdate()
    missing = len(contact.missing_named_care_contact(unit_ids, on=today)) if unit_ids else 0
    since = today - timedelta(days=30)
    without = (
        len(contact.discharged_without_named_care_contact(unit_ids, since=since)) if unit_ids else 0
    )
    return {"missing": missing, "without": without}


@register.inclusion_tag("transitions/includes/planning_link.html")
def planning_link(stay):
    return {
        "stay": stay,
        "flagged": stay.needs_assessed_at is not None
        and not contact.named_care_contact_at_discharge(stay),
    }
