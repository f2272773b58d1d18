"""Reading the waiting room: the doctors' queue, the asking unit's list, the start-page counts,
and a person's consultations (part of their shared record)."""

from __future__ import annotations

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils import timezone

from navet.access.subjects import subject_for
from navet.remote.models import URGENCY_RANK, Consultation, Status

_RANK = Case(
    *[When(urgency=u, then=Value(rank)) for u, rank in URGENCY_RANK.items()],
    output_field=IntegerField(),
)


def _unit_ids(user) -> frozenset[int]:
    return subject_for(user, on=timezone.localdate()).unit_ids


def _related(qs: QuerySet) -> QuerySet:
    return qs.select_related("person", "to_unit", "asking_unit")


def queue(user) -> QuerySet[Consultation]:
    """Unanswered consultations to the user's units: by urgency, then the longest waiting."""
    return _related(
        Consultation.objects.filter(to_unit_id__in=_unit_ids(user))
        .exclude(status=Status.ANSWERED)
        .annotate(rank=_RANK)
        .order_by("rank", "created_at", "pk")
    )


def asked(user) -> QuerySet[Consultation]:
    """The consultations the user's units asked: unanswered first (by deadline), then the
    latest answers."""
    return _related(
        Consultation.objects.filter(asking_unit_id__in=_unit_ids(user))
        .annotate(
            done=Case(When(status=Status.ANSWERED, then=Value(1)), default=Value(0)),
        )
        .order_by("done", "due_at", "-answered_at", "pk")
    )


def counts(user, *, now=None) -> dict:
    now = now or timezone.now()
    waiting = queue(user)
    mine = Consultation.objects.filter(asking_unit_id__in=_unit_ids(user)).exclude(
        status=Status.ANSWERED
    )
    return {
        "queue": waiting.count(),
        "queue_overdue": waiting.filter(due_at__lte=now).count(),
        "asked_open": mine.count(),
        "asked_overdue": mine.filter(due_at__lte=now).count(),
    }


def of_person(person) -> QuerySet[Consultation]:
    return _related(Consultation.objects.filter(person=person).order_by("-created_at", "-pk"))
