"""`{% consultation_card %}`: the waiting room on a care start page (counts only, no one's data);
`{% person_consultations person %}`: the person's consultations on their overview (the page is
already gated and logged)."""

from django import template
from django.urls import reverse
from django.utils import timezone

from navet.remote import selectors

register = template.Library()


@register.inclusion_tag("remote/includes/start_card.html", takes_context=True)
def consultation_card(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "counts": selectors.counts(user) if user is not None else None,
        "url": reverse("remote:worklist"),
    }


@register.inclusion_tag("remote/includes/person_card.html")
def person_consultations(person):
    return {
        "person": person,
        "consultations": list(selectors.of_person(person)[:10]),
        "now": timezone.now(),
    }
