"""`{% own_plans_card person %}`: *Mina planer* on the resident's start page (the start view has
already passed the gate for the person's own data and logged the read). `{% children_card
person %}`: for a guardian, a link to *Mina barn* with the number of children only — no child's
data, so nothing of a child is read here (the child pages gate and log)."""

from django import template
from django.utils import timezone

from navet.plans.citizen import own_plans
from navet.plans.citizen_agreements import own_agreements
from navet.residents.selectors import guardian_children

register = template.Library()


@register.inclusion_tag("citizen/includes/own_plans_card.html", takes_context=True)
def own_plans_card(context, person):
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "plans": [p for p in own_plans(person, user=user) if not p.plan.is_closed],
        "agreements": own_agreements(person),
    }


@register.inclusion_tag("citizen/includes/children_card.html")
def children_card(person):
    return {"count": len(guardian_children(person, on=timezone.localdate()))}
