"""Log review (loggranskning): systematic samples, targeted checks and the review workflow.

Who reviews whom (`review_scope`): the security officer reviews every user's log; a unit head
(verksamhetschef) reviews the log of the users who work, or worked in the last year, at the units
they head — not their own (HSLF-FS 2016:40 makes the care provider responsible for systematic log
review; the unit head runs it for their unit, the security officer for the whole care provider).

Samples follow the IMY-style routine municipalities use: each month a share of the users who
read personal data (default 10 %), each checked over a window of at least 24 hours, preferring
users not checked in the last 11 months so that everyone is checked at least once a year.
The draw is seeded by the month, so the same month always gives the same sample.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from navet.access import config
from navet.access.audit import Actor, record
from navet.access.errors import AccessError, StaleEdit
from navet.access.models import (
    AuditAction,
    AuditEvent,
    CareRelationship,
    LogReview,
    RelationshipKind,
    ReviewCheck,
    ReviewKind,
    ReviewOutcome,
    StaffPerson,
)
from navet.access.models.audit import PERSONAL_DATA_ACTIONS
from navet.access.models.review import ReviewStatus
from navet.access.relationships import day_start
from navet.access.storage import add_months
from navet.organisation.models import Assignment, AssignmentRole, CareUnit, Staff
from navet.organisation.roles import Role, role_of
from navet.residents.models import Person, Residence

CHECKED_ACTIONS = sorted(PERSONAL_DATA_ACTIONS - {"emergency_reveal", "emergency_open"})
UNIT_HEAD_LOOKBACK_DAYS = 365  # a unit's users: everyone assigned to it within the last year


@dataclass(frozen=True)
class ReviewScope:
    """Whose log a reviewer reviews: everyone's (`everyone`), or the users in `user_ids` (the
    users of the units in `unit_ids`, which a unit head heads)."""

    everyone: bool
    unit_ids: frozenset[int] = frozenset()
    user_ids: frozenset[int] = frozenset()
    label: str = ""

    @property
    def key(self) -> str:
        """Tells the scope's samples apart from the care provider's (empty for everyone)."""
        return "" if self.everyone else "units-" + "-".join(map(str, sorted(self.unit_ids)))

    def covers(self, user_id) -> bool:
        return self.everyone or user_id in self.user_ids

    def events(self, events):
        return events if self.everyone else events.filter(user_id__in=sorted(self.user_ids))

    def reviews(self, reviews):
        return reviews if self.everyone else reviews.filter(subject_user_id__in=self.user_ids)


EVERYONE = ReviewScope(everyone=True)


def review_scope(user, *, on: date | None = None) -> ReviewScope | None:
    """The log `user` may review, or None: the security officer everyone's; a unit head that of
    the users of the units they head today (themselves excepted); nobody else any."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    role = role_of(user)
    if role == Role.SECURITY_OFFICER:
        return EVERYONE
    staff = getattr(user, "staff", None)
    if role != Role.UNIT_HEAD or staff is None:
        return None
    on = on or timezone.localdate()
    headed = set(
        Assignment.objects.filter(staff=staff, role=AssignmentRole.UNIT_HEAD, valid_from__lte=on)
        .exclude(valid_to__lt=on)
        .values_list("unit_id", flat=True)
    )
    if not headed:
        return None
    since = on - timedelta(days=UNIT_HEAD_LOOKBACK_DAYS)
    members = (
        Assignment.objects.filter(unit_id__in=headed, valid_from__lte=on)
        .exclude(valid_to__lt=since)
        .exclude(staff=staff)
        .values_list("staff_id", flat=True)
    )
    user_ids = Staff.objects.filter(pk__in=members, user__isnull=False).values_list(
        "user_id", flat=True
    )
    names = CareUnit.objects.filter(pk__in=headed).order_by("name").values_list("name", flat=True)
    return ReviewScope(
        everyone=False,
        unit_ids=frozenset(headed),
        user_ids=frozenset(user_ids),
        label=", ".join(names),
    )


def _reads(start: datetime, end: datetime, scope: ReviewScope = EVERYONE):
    return scope.events(
        AuditEvent.objects.filter(
            occurred_at__gte=start,
            occurred_at__lt=end,
            action__in=CHECKED_ACTIONS,
            user_id__isnull=False,
            person_id__isnull=False,
        ).exclude(role="resident")
    )


def create_systematic_sample(
    *, month: date, created_by: str, scope: ReviewScope = EVERYONE
) -> list[LogReview]:
    """The month's sample of the users in `scope` (idempotent: a month that has one keeps it).
    A unit head's sample is its own, apart from the care provider's."""
    month = date(month.year, month.month, 1)
    prefix = f"sample:{month:%Y-%m}:" if scope.everyone else f"sample-{scope.key}:{month:%Y-%m}:"
    existing = list(LogReview.objects.filter(key__startswith=prefix))
    if existing:
        return existing
    start, end = day_start(month), day_start(add_months(month, 1))
    users = sorted(
        _reads(start, end, scope).values_list("user_id", "username").distinct(),
        key=lambda u: u[0],
    )
    if not users:
        return []
    recent = set(
        LogReview.objects.filter(
            kind=ReviewKind.SYSTEMATIC, period_start__gte=day_start(add_months(month, -11))
        ).values_list("subject_user_id", flat=True)
    )
    rng = random.Random(f"navet-sample-{scope.key}{month:%Y-%m}")  # reproducible, not a secret
    ranked = sorted(users, key=lambda u: (u[0] in recent, rng.random()))
    count = max(1, math.ceil(len(users) * config.review_sample_share()))
    hours = config.review_sample_hours()
    span_hours = max(int((end - start).total_seconds() // 3600) - hours, 0)
    reviews = []
    for user_id, username in ranked[:count]:
        window_start = start + timedelta(hours=rng.randint(0, span_hours))
        window_end = window_start + timedelta(hours=hours)
        hits = AuditEvent.objects.filter(
            user_id=user_id, occurred_at__gte=window_start, occurred_at__lt=window_end
        ).count()
        review, _ = LogReview.objects.get_or_create(
            key=f"{prefix}{user_id}",
            defaults={
                "kind": ReviewKind.SYSTEMATIC,
                "check_kind": ReviewCheck.SAMPLE,
                "subject_user_id": user_id,
                "subject_username": username,
                "period_start": window_start,
                "period_end": window_end,
                "hits": hits,
                "created_by": created_by,
            },
        )
        reviews.append(review)
    return reviews


def _staff_facts(user_ids, day):
    """user id → (staff family name, own person id, unit ids) for the users that are staff."""
    staff = {s.user_id: s for s in Staff.objects.filter(user_id__in=user_ids)}
    own = dict(
        StaffPerson.objects.filter(staff__in=staff.values()).values_list("staff_id", "person_id")
    )
    units = defaultdict(set)
    assignments = Assignment.objects.filter(staff__in=staff.values(), valid_from__lte=day).exclude(
        valid_to__lt=day
    )
    for staff_id, unit_id in assignments.values_list("staff_id", "unit_id"):
        units[staff_id].add(unit_id)
    return {uid: (s.family_name.casefold(), own.get(s.pk), units[s.pk]) for uid, s in staff.items()}


def _addresses(person_ids, day) -> dict[int, tuple[str, str]]:
    rows = Residence.objects.filter(Residence.valid_on(day), person_id__in=person_ids).values_list(
        "person_id", "street_address", "postal_code"
    )
    return {
        pid: (street.casefold().strip(), postal.replace(" ", "")) for pid, street, postal in rows
    }


def run_targeted_checks(
    *, start: date, end: date, created_by: str, scope: ReviewScope = EVERYONE
) -> dict[str, int]:
    """Run every targeted check over [start, end] (local days) on the users in `scope`; returns
    new cases per check. Re-running the same period creates nothing new (nor does the security
    officer's run after a unit head's: a case is the same case)."""
    period_start, period_end = day_start(start), day_start(end + timedelta(days=1))
    reads = _reads(period_start, period_end, scope)
    pairs = list(
        reads.values("user_id", "username", "person_id", "unit_id").annotate(n=Count("id"))
    )
    person_ids = {p["person_id"] for p in pairs}
    persons = {
        p.pk: p
        for p in Person.objects.filter(pk__in=person_ids).only("family_name", "protected_identity")
    }
    staff = _staff_facts({p["user_id"] for p in pairs}, end)
    own_persons = {own for (_, own, _) in staff.values() if own}
    colleague_units = defaultdict(set)  # person id of a staff member → their units
    for sp in StaffPerson.objects.select_related("staff"):
        for unit_id in Assignment.objects.filter(staff_id=sp.staff_id).values_list(
            "unit_id", flat=True
        ):
            colleague_units[sp.person_id].add(unit_id)
    addresses = _addresses(person_ids | own_persons, end)
    event_backed = set(
        CareRelationship.objects.filter(person_id__in=person_ids)
        .exclude(kind__in=[RelationshipKind.MANUAL, RelationshipKind.EMERGENCY])
        .values_list("person_id", "unit_id")
    )
    hits: dict[tuple[str, int, str, int | None], int] = defaultdict(int)
    for pair in pairs:
        person = persons.get(pair["person_id"])
        if person is None:
            continue
        key = (pair["user_id"], pair["username"], pair["person_id"])
        family, own, units = staff.get(pair["user_id"], ("", None, set()))
        if own == person.pk:
            hits[(ReviewCheck.OWN_RECORD, *key)] += pair["n"]
        else:
            if family and person.family_name.casefold() == family:
                hits[(ReviewCheck.SAME_SURNAME, *key)] += pair["n"]
            if own and addresses.get(own) and addresses.get(own) == addresses.get(person.pk):
                hits[(ReviewCheck.SAME_ADDRESS, *key)] += pair["n"]
            if colleague_units.get(person.pk, set()) & units:
                hits[(ReviewCheck.COLLEAGUE, *key)] += pair["n"]
        if person.protected_identity:
            hits[(ReviewCheck.PROTECTED_IDENTITY, *key)] += pair["n"]
        if pair["unit_id"] is not None and (person.pk, pair["unit_id"]) not in event_backed:
            hits[(ReviewCheck.OUTSIDE_UNITS, *key)] += pair["n"]
    for (user_id, username), window in _many_persons(reads).items():
        hits[(ReviewCheck.MANY_PERSONS, user_id, username, None)] += window
    created: dict[str, int] = defaultdict(int)
    for (check, user_id, username, person_id), n in sorted(hits.items(), key=str):
        _, new = LogReview.objects.get_or_create(
            key=f"targeted:{check}:{user_id}:{person_id or '-'}:{start}:{end}",
            defaults={
                "kind": ReviewKind.TARGETED,
                "check_kind": check,
                "subject_user_id": user_id,
                "subject_username": username,
                "person_id": person_id,
                "period_start": period_start,
                "period_end": period_end,
                "hits": n,
                "created_by": created_by,
            },
        )
        created[check] += int(new)
    return {check: n for check, n in created.items() if n}


def _many_persons(reads) -> dict[tuple[int, str], int]:
    """Users who read more than N distinct persons within the window; value = the most seen."""
    limit, window = config.review_many_persons()
    rows = reads.order_by("user_id", "occurred_at").values_list(
        "user_id", "username", "person_id", "occurred_at"
    )
    found: dict[tuple[int, str], int] = {}
    current, recent = None, []
    for user_id, username, person_id, at in rows.iterator(chunk_size=5000):
        if current != (user_id, username):
            current, recent = (user_id, username), []
        recent.append((at, person_id))
        while recent and recent[0][0] <= at - window:
            recent.pop(0)
        distinct = len({p for _, p in recent})
        if distinct > limit:
            found[current] = max(found.get(current, 0), distinct)
    return found


@transaction.atomic
def complete_review(
    *, actor: Actor, user, review_id: int, version: int, outcome: str, notes: str, action_taken: str
) -> LogReview:
    review = LogReview.objects.select_for_update().filter(pk=review_id).first()
    if review is None:
        raise AccessError("Granskningen finns inte.")
    if review.status == ReviewStatus.REVIEWED:
        if review.outcome == outcome and review.notes == notes.strip():
            return review  # the same submit twice
        raise StaleEdit
    if review.version != version:
        raise StaleEdit
    if outcome not in ReviewOutcome.values:
        raise AccessError("Välj ett utfall.")
    if outcome == ReviewOutcome.REMARK and not action_taken.strip():
        raise AccessError("Beskriv vilken åtgärd anmärkningen leder till.")
    review.status = ReviewStatus.REVIEWED
    review.outcome = outcome
    review.notes = notes.strip()
    review.action_taken = action_taken.strip()
    review.reviewed_at = timezone.now()
    review.reviewed_by = user
    review.version += 1
    review.save()
    record(
        actor,
        action=AuditAction.CHANGE,
        person_id=review.person_id,
        object_type="log_review",
        object_id=review.pk,
        purpose="log_review",
        detail=f"{outcome}",
    )
    return review


def review_events(review: LogReview, *, limit: int = 500):
    """The log rows a review is about: the user's rows in the period (about the person, if any)."""
    events = AuditEvent.objects.filter(
        user_id=review.subject_user_id,
        occurred_at__gte=review.period_start,
        occurred_at__lt=review.period_end,
    )
    if review.person_id:
        events = events.filter(person_id=review.person_id)
    return list(events.order_by("occurred_at", "id")[:limit])
