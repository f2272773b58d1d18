"""Which municipalities' invoice bases a user may produce: the region's analysts and the county
leadership every municipality; a municipality's finance staff (Role.MUNICIPAL_FINANCE) only the
municipality whose units they work for (the principal of their assignments' units)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from navet.access.subjects import subject_for
from navet.organisation.models import CareUnit, Municipality, PrincipalKind
from navet.organisation.roles import Role, role_of

COUNTY_WIDE = frozenset({Role.ANALYST, Role.LEADERSHIP})


def municipalities_for(user) -> QuerySet[Municipality]:
    role = role_of(user)
    if role in COUNTY_WIDE:
        return Municipality.objects.order_by("name")
    if role != Role.MUNICIPAL_FINANCE:
        return Municipality.objects.none()
    unit_ids = subject_for(user, on=timezone.localdate()).unit_ids
    own = CareUnit.objects.filter(
        pk__in=unit_ids, principal__kind=PrincipalKind.MUNICIPALITY
    ).values("principal__municipality")
    return Municipality.objects.filter(code__in=own).order_by("name")
