"""Who may read and who may edit a roadmap.

- Read: every active member of staff who works today (a current assignment) for one of the
  principals of the roadmap's county. Residents and accounts without a staff record read none.
- Edit (content in a draft, the lifecycle, meetings and follow-ups): additionally the role
  "forum secretary" (`Role.FORUM_SECRETARY`, the roadmap owner's capability).

Roadmap data are not personal data about residents: the access gate for persons is not involved.
"""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from navet.access.subjects import subject_for
from navet.organisation.models import Principal
from navet.organisation.roles import FOLLOW_UP_ROLES, Role, role_of
from navet.roadmap.models import Roadmap


def county_codes_of(user, *, on: date | None = None) -> frozenset[str]:
    """The counties whose principals the user works for today."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_navet_roadmap_counties", None)
    if cached is not None:
        return cached
    subject = subject_for(user, on=on or timezone.localdate())
    principal_ids = {unit.principal_id for unit in subject.units}
    codes = frozenset(
        Principal.objects.filter(pk__in=principal_ids).values_list("county_id", flat=True)
    )
    user._navet_roadmap_counties = codes
    return codes


def readable_roadmaps(user) -> QuerySet[Roadmap]:
    return Roadmap.objects.filter(county_id__in=sorted(county_codes_of(user)))


def can_read(user, roadmap: Roadmap) -> bool:
    return roadmap.county_id in county_codes_of(user)


def is_secretary(user) -> bool:

    return role_of(user) == Role.FORUM_SECRETARY


def can_edit(user, roadmap: Roadmap) -> bool:
    return can_read(user, roadmap) and is_secretary(user)


def can_write_reports(user, roadmap: Roadmap) -> bool:
    """Reports are written by the follow-up roles (analyst, county leadership, forum secretary:
    the roadmap's owners); every reader of the roadmap reads them."""
    return can_read(user, roadmap) and role_of(user) in FOLLOW_UP_ROLES
