"""User roles. A user's role is the Django group of the same code; navigation and start pages
follow it.

The roles are those of DOMAIN.md "Who uses Navet". Permissions to read personal data do not follow
from the role alone: issue "Trust" adds care relationships, consent and blocks on top.
"""

from django.db import models


class Role(models.TextChoices):
    REGION_NURSE = "region_nurse", "Distriktssköterska, vårdcentral"
    GP = "gp", "Läkare i primärvården"
    WARD_DOCTOR = "ward_doctor", "Läkare i slutenvården"
    WARD_NURSE = "ward_nurse", "Sjuksköterska i slutenvården"
    MUNICIPAL_NURSE = "municipal_nurse", "Sjuksköterska, kommunal hälso- och sjukvård"
    CARE_MANAGER = "care_manager", "Biståndshandläggare"
    ASSISTANT_NURSE = "assistant_nurse", "Undersköterska, hemtjänst"
    UNIT_HEAD = "unit_head", "Verksamhetschef"
    COORDINATOR = "coordinator", "Samordnare / vårdcoach"
    ANALYST = "analyst", "Analytiker / strateg"
    LEADERSHIP = "leadership", "Länsledning"
    # Keeps the roadmap (färdplan) for its forums: meetings, follow-ups, drafts and their
    # lifecycle (navet.roadmap.permissions). Reads no one's personal data.
    FORUM_SECRETARY = "forum_secretary", "Forumsekreterare, färdplan"
    SECURITY_OFFICER = "security_officer", "Säkerhetsansvarig / loggranskare"
    # Checks its own municipality's invoice basis for payment liability (navet.payment.scope):
    # pseudonymous day counts of its own residents' stays, no one's name.
    MUNICIPAL_FINANCE = "municipal_finance", "Ekonom, kommunen (betalningsansvar)"
    RESIDENT = "resident", "Invånare"


# Roles whose work is care of individual persons (and who therefore search and open residents).
CARE_ROLES = frozenset(
    {
        Role.REGION_NURSE,
        Role.GP,
        Role.WARD_DOCTOR,
        Role.WARD_NURSE,
        Role.MUNICIPAL_NURSE,
        Role.CARE_MANAGER,
        Role.ASSISTANT_NURSE,
        Role.UNIT_HEAD,
        Role.COORDINATOR,
    }
)


# Roles that follow up the reform in aggregated figures (the dashboards); they read no person.
# The roadmap's forum secretary follows its targets' indicators too.
FOLLOW_UP_ROLES = frozenset({Role.ANALYST, Role.LEADERSHIP, Role.FORUM_SECRETARY})


def role_of(user) -> Role | None:
    """The user's role, or None for a user without one (e.g. a bare superuser)."""
    if not user.is_authenticated:
        return None
    codes = {c for c in Role.values}
    for name in user.groups.values_list("name", flat=True):
        if name in codes:
            return Role(name)
    return None
