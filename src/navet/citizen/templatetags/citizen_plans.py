"""`{% own_plans_card person %}`: *Mina planer* on the resident's start page (the start view has
already passed the gate for the person's own data and logged the read)."""

from django import template

from navet.plans.citizen import own_plans
from navet.plans.citizen_agreements import own_agreements

register = template.Library()


@register.inclusion_tag("citizen/includes/own_plans_card.html", takes_context=True)
def own_plans_card(context, person):
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "plans": [p for p in own_plans(person, user=user) if not p.plan.is_closed],
        "agreements": own_agreements(person),
    }
