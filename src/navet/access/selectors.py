"""Gated reads that return querysets. The queryset filter is the gate's rule 3 in SQL: the
persons a user has an active care relationship with (emergency access opens one too)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from navet.access.gate import CARE_PURPOSES, relationship_filter
from navet.access.models import CareRelationship
from navet.access.purposes import Purpose
from navet.access.subjects import subject_for
from navet.organisation.roles import CARE_ROLES, Role
from navet.residents.models import Person


def _relationship_exists(user, at: datetime):
    subject = subject_for(user, on=timezone.localdate(at))
    return Exists(
        CareRelationship.objects.filter(relationship_filter(subject, at), person=OuterRef("pk"))
    )


def accessible_persons(
    user, purpose=Purpose.CARE, *, queryset: QuerySet[Person] | None = None, at=None
) -> QuerySet[Person]:
    """The persons (of `queryset`) whose data `user` may read for `purpose`: exactly those for
    whom can_access(user, person, purpose) allows."""
    queryset = Person.objects.all() if queryset is None else queryset
    at = at or timezone.now()
    if user is None or not user.is_authenticated or not user.is_active:
        return queryset.none()
    role = subject_for(user, on=timezone.localdate(at)).role
    if purpose == Purpose.OWN_DATA:
        return queryset.filter(user=user) if role == Role.RESIDENT else queryset.none()
    if purpose == Purpose.LOG_REVIEW:
        return queryset if role == Role.SECURITY_OFFICER else queryset.none()
    if role not in CARE_ROLES or purpose not in CARE_PURPOSES:
        return queryset.none()
    return queryset.filter(_relationship_exists(user, at))


def with_relationship_flag(queryset: QuerySet[Person], user, *, at=None) -> QuerySet[Person]:
    """Annotate `has_relationship`: whether `user` has an active care relationship with each."""
    return queryset.annotate(has_relationship=_relationship_exists(user, at or timezone.now()))


# --- The security officer's log search ----------------------------------------------------------

LOG_PAGE_SIZE = 50


class LogQuery:
    """A log search: any of person (identity number), user (username or HSA-id), unit (HSA-id),
    period and action, within the reviewer's scope (navet.access.review.ReviewScope; None:
    everyone's log). Unknown names match nothing rather than everything."""

    def __init__(self, *, person="", user="", unit="", start=None, end=None, action="", scope=None):
        self.person, self.user, self.unit = person.strip(), user.strip(), unit.strip()
        self.start, self.end, self.action = start, end, action
        self.scope = scope

    def queryset(self):
        from django.contrib.auth.models import User

        from navet.access.models import AuditEvent
        from navet.access.relationships import day_start
        from navet.organisation.models import CareUnit, Staff
        from navet.residents.services import QueryKind, parse_person_query

        events = AuditEvent.objects.all()
        if self.scope is not None:
            events = self.scope.events(events)
        if self.person:
            query = parse_person_query(self.person)
            number = query.identifier if query.kind == QueryKind.IDENTIFIER else self.person
            ids = list(Person.objects.filter(identifier=number).values_list("pk", flat=True))
            events = events.filter(person_id__in=ids)
        if self.user:
            ids = set(User.objects.filter(username=self.user).values_list("pk", flat=True))
            ids |= set(
                Staff.objects.filter(hsa_id=self.user, user__isnull=False).values_list(
                    "user_id", flat=True
                )
            )
            events = events.filter(user_id__in=sorted(ids))
        if self.unit:
            ids = list(CareUnit.objects.filter(hsa_id=self.unit).values_list("pk", flat=True))
            events = events.filter(unit_id__in=ids)
        if self.start:
            events = events.filter(occurred_at__gte=day_start(self.start))
        if self.end:
            from datetime import timedelta

            events = events.filter(occurred_at__lt=day_start(self.end + timedelta(days=1)))
        if self.action:
            events = events.filter(action=self.action)
        return events.order_by("-occurred_at", "-id")


def search_log(query: LogQuery, *, after: str = "", limit: int = LOG_PAGE_SIZE):
    """One page of matching rows, newest first, and the cursor of the next page ("" at the end).

    Keyset paging (occurred_at, id) instead of OFFSET and COUNT: it stays fast on a table of tens
    of millions of rows."""
    from datetime import datetime

    from django.db.models import Q

    events = query.queryset()
    if after:
        moment, _, last_id = after.partition("_")
        at = datetime.fromisoformat(moment)
        events = events.filter(Q(occurred_at__lt=at) | Q(occurred_at=at, id__lt=int(last_id)))
    rows = list(events[: limit + 1])
    cursor = ""
    if len(rows) > limit:
        rows = rows[:limit]
        cursor = f"{rows[-1].occurred_at.isoformat()}_{rows[-1].id}"
    return rows, cursor


def persons_by_id(person_ids) -> dict[int, Person]:
    ids = {pk for pk in person_ids if pk}
    return {p.pk: p for p in Person.objects.filter(pk__in=ids)}
