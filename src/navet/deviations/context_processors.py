"""The header's count of open deviations the user's units are responsible for (counts only)."""

from django.urls import reverse
from django.utils import timezone

from navet.access.subjects import subject_for
from navet.organisation.roles import CARE_ROLES


def open_deviations(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    subject = subject_for(user, on=timezone.localdate())
    if subject.role not in CARE_ROLES or not subject.unit_ids:
        return {}
    from navet.deviations.selectors import open_count

    return {"navet_deviations": {"count": open_count(user), "url": reverse("deviations:worklist")}}
