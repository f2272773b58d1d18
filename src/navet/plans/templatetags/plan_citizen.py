"""`{% person_copy plan %}`: on the staff plan page, what the person has of their plan — who
confirmed having read which version, their messages to the coordinator, and the printed copy
(the paper fallback)."""

from django import template

from navet.plans import citizen, guardians, services
from navet.plans.print_views import FOR_GUARDIANS

register = template.Library()


@register.inclusion_tag("plans/includes/person_copy.html")
def person_copy(plan):
    return {
        "plan": plan,
        "readings": citizen.readings(plan),
        "questions": citizen.questions(plan),
        "is_child": services.is_child(plan),
        "guardians_copy": guardians.may_print_for_guardians(plan),
        "for_guardians": FOR_GUARDIANS,
    }
