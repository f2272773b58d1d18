"""The start card's count of own choices of named doctor waiting for the unit head (a number,
no person: nothing to log)."""

from django import template
from django.utils import timezone

from navet.listing import selectors
from navet.listing.models_capacity import ChoiceStatus, NamedDoctorChoice
from navet.organisation.models import Staff

register = template.Library()


@register.simple_tag(takes_context=True)
def pending_choice_count(context) -> int:
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return 0
    staff = Staff.objects.filter(user=request.user).first()
    heads = selectors.units_served(staff, on=timezone.localdate(), heads_only=True)
    return NamedDoctorChoice.objects.filter(
        unit__in=[u.pk for u in heads], status=ChoiceStatus.PENDING
    ).count()
