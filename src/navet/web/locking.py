"""Locking one row for a change only one user may make: of two users at once the first wins,
and the second, once the first has committed, sees the row as the first left it (and is told
who did it, in each app's own words).

    d = lock_row(Deviation.objects, pk=d.pk)
    enrolment = lock_row(Enrolment.objects, pk=pk, person=p, missing=MonitoringError("…"))
"""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)


def lock_row(queryset: QuerySet[M], *, missing: Exception | None = None, **lookup) -> M:
    """The row of `queryset` matching `lookup`, locked until the transaction ends; raises
    `missing` when there is none (the model's DoesNotExist without it).

    Only the row itself is locked (`FOR UPDATE OF` its own table): PostgreSQL refuses to lock
    the nullable side of an outer join, which a `select_related` of a nullable key would make.
    Read related rows (who did it) after the lock, not joined into it: a joined row is the one
    from before a concurrent change committed."""
    try:
        return queryset.select_for_update(of=("self",)).get(**lookup)
    except queryset.model.DoesNotExist:
        if missing is None:
            raise
        raise missing from None
