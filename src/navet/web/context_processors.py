"""Layout context for every page: who is logged in, their menu, the version and the demo notice.

The 500 page is rendered without context processors (it must not need the database), so base.html
copes with every key here missing.
"""

from django.conf import settings
from django.utils import timezone

from navet.organisation.roles import Role
from navet.synth.models import GeneratedCounty
from navet.web.navigation import VERSION, is_guardian, nav_items, user_context


def synthetic_data() -> bool:
    """True when the database holds generated (synthetic) people: the demo, tests, benchmarks.

    The setting NAVET_SYNTHETIC_DATA overrides the guess, in either direction.
    """
    configured = getattr(settings, "NAVET_SYNTHETIC_DATA", None)
    if configured is not None:
        return bool(configured)
    return GeneratedCounty.objects.exists()


def navigation(request):
    context = {"navet_version": VERSION, "navet_synthetic_data": synthetic_data()}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return context
    today = timezone.localdate()
    who = user_context(request, on=today)
    guardian = who.role == Role.RESIDENT and is_guardian(user, on=today)
    context.update(
        current_role=who.role,
        navet_user=who,
        navet_nav=nav_items(who.role, request.path, guardian=guardian),
    )
    return context
