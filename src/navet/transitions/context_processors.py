"""The header's count of safe-discharge deadlines needing action, on every page of a care user
with units (like the inbox's count; counts only)."""

from django.urls import reverse
from django.utils import timezone

from navet.access.subjects import subject_for
from navet.organisation.roles import CARE_ROLES


def deadlines(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    subject = subject_for(user, on=timezone.localdate())
    if subject.role not in CARE_ROLES or not subject.unit_ids:
        return {}
    from navet.transitions.deadlines import needing_action

    count = needing_action(sorted(subject.unit_ids), now=timezone.now()).total
    return {"navet_transitions": {"count": count, "url": reverse("transitions:worklist")}}
