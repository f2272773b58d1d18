"""Emergency access (nödåtkomst), two active choices, each with a reason from a list and free text:

1. `reveal`: shows *that and where* data the user cannot see exist (which units and care
   providers hold them, and why they are withheld: no relationship, block, no consent).
2. `open_access`: opens them — a time-limited care relationship for the user's unit (and the
   user), a review item for the security officer, and a notice queued to the person.

Both are logged. Emergency access breaks blocks and missing consent only for data categories
whose rules allow it (config.category_rules): it is not offered when only other categories' data
are withheld, step 1 does not reveal where such data are, and an emergency relationship does not
show them even within the user's own care provider (gate rule 5).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from navet.access import config
from navet.access.audit import Actor, record
from navet.access.errors import AccessError
from navet.access.gate import Verdict, WithheldBecause, can_access
from navet.access.models import (
    AuditAction,
    EmergencyAccess,
    EmergencyReason,
    EmergencyState,
    LogReview,
    PersonNotice,
    RelationshipKind,
    ReviewCheck,
    ReviewKind,
)
from navet.access.purposes import Purpose, category_of_unit_kind
from navet.access.relationships import open_relationship
from navet.organisation.models import CareUnit

MIN_TEXT = 10
REVEAL_VALID_MINUTES = 60


def _check_reason(reason: str, text: str) -> None:
    if reason not in EmergencyReason.values:
        raise AccessError("Välj ett skäl i listan.")
    if len(text.strip()) < MIN_TEXT:
        raise AccessError(f"Beskriv skälet med egna ord (minst {MIN_TEXT} tecken).")


def needs_emergency(decision) -> bool:
    """Emergency access is offered when there is something it would open: a relationship (the
    user has none), or withheld data of a category whose rules allow emergency access."""
    if decision.verdict == Verdict.EMERGENCY_POSSIBLE:
        return True
    return decision.allowed and decision.may_use_emergency and decision.emergency_would_open


@transaction.atomic
def reveal(*, actor: Actor, user, person, key: str, reason: str, text: str) -> EmergencyAccess:
    existing = EmergencyAccess.objects.filter(key=key).first()
    if existing is not None:
        return existing
    _check_reason(reason, text)
    decision = can_access(user, person, Purpose.CARE)
    if not needs_emergency(decision):
        if not decision.may_use_emergency:
            raise AccessError("Din roll får inte använda nödåtkomst.")
        raise AccessError("Du ser redan allt som nödåtkomst skulle öppna.")
    unit = actor.unit
    emergency = EmergencyAccess.objects.create(
        key=key,
        person=person,
        user=user,
        staff_id=getattr(getattr(user, "staff", None), "pk", None),
        unit_id=unit.id if unit else None,
        state=EmergencyState.REVEALED,
        reveal_reason=reason,
        reveal_text=text.strip(),
        revealed_at=timezone.now(),
    )
    record(
        actor,
        action=AuditAction.EMERGENCY_REVEAL,
        person_id=person.pk,
        object_type="emergency_access",
        object_id=emergency.pk,
        decision=decision,
        detail=f"{reason}: {text.strip()}",
    )
    return emergency


@dataclass(frozen=True)
class Location:
    unit_name: str
    provider_name: str
    category: str
    why: str


def where(*, user, person) -> list[Location]:
    """Where data the user cannot see are held (emergency step 1 only)."""
    decision = can_access(user, person, Purpose.CARE)
    units = CareUnit.objects.filter(care_relationships__person=person).select_related(
        "care_provider"
    )
    rules = config.category_rules()
    locations = []
    for unit in units.distinct().order_by("name"):
        category = category_of_unit_kind(unit.kind)
        if not rules.get(category, {}).get("emergency_access", False):
            continue  # emergency access would not open them: where they are stays secret
        if decision.allowed:
            because = decision.withholds(unit.pk, unit.care_provider_id, unit.kind)
            if because is None:
                continue
            why = WithheldBecause(because).label
        else:
            why = "Ingen vårdrelation"
        locations.append(
            Location(
                unit.name, unit.care_provider.name, category_of_unit_kind(unit.kind).label, why
            )
        )
    return locations


@transaction.atomic
def open_access(
    *, actor: Actor, user, emergency_id: int, key: str, reason: str, text: str
) -> EmergencyAccess:
    emergency = EmergencyAccess.objects.select_for_update().filter(pk=emergency_id).first()
    if emergency is None or emergency.user_id != user.pk:
        raise AccessError("Nödåtkomsten finns inte.")
    if emergency.state == EmergencyState.OPENED:
        return emergency  # the same click twice
    _check_reason(reason, text)
    now = timezone.now()
    if (now - emergency.revealed_at).total_seconds() > REVEAL_VALID_MINUTES * 60:
        raise AccessError("Steg 1 är för gammalt. Börja om nödåtkomsten.")
    if actor.unit is None:
        raise AccessError("Du har ingen aktuell placering på någon enhet.")
    expires = now + config.emergency_duration()
    relationship = open_relationship(
        person=emergency.person,
        unit=CareUnit.objects.get(pk=actor.unit.id),
        staff=getattr(user, "staff", None),
        kind=RelationshipKind.EMERGENCY,
        key=f"emergency:{emergency.pk}",
        starts_at=now,
        ends_at=expires,
        reason=text.strip(),
        opened_by=user,
    )
    emergency.state = EmergencyState.OPENED
    emergency.open_key, emergency.open_reason, emergency.open_text = key, reason, text.strip()
    emergency.opened_at, emergency.expires_at = now, expires
    emergency.relationship = relationship
    emergency.save()
    LogReview.objects.get_or_create(
        key=f"emergency:{emergency.pk}",
        defaults={
            "kind": ReviewKind.EMERGENCY,
            "check_kind": ReviewCheck.EMERGENCY_ACCESS,
            "subject_user_id": user.pk,
            "subject_username": user.get_username(),
            "person_id": emergency.person_id,
            "period_start": emergency.revealed_at,
            "period_end": expires,
            "hits": 1,
            "created_by": "nödåtkomst",
        },
    )
    unit_name = actor.unit.name
    PersonNotice.objects.create(
        person=emergency.person,
        emergency=emergency,
        subject="Dina uppgifter har öppnats med nödåtkomst",
        body=(
            f"{timezone.localtime(now):%Y-%m-%d %H:%M} öppnade personal på {unit_name} dina "
            "uppgifter med nödåtkomst, eftersom de bedömdes behövas för vård du behövde "
            f"omedelbart. Skäl: {EmergencyReason(reason).label}. Åtkomsten gällde till "
            f"{timezone.localtime(expires):%Y-%m-%d %H:%M} och granskas av vårdgivarens "
            "säkerhetsansvarige. Du kan se åtkomsten i din logg."
        ),
    )
    record(
        actor,
        action=AuditAction.EMERGENCY_OPEN,
        person_id=emergency.person_id,
        object_type="emergency_access",
        object_id=emergency.pk,
        purpose=Purpose.CARE,
        decision=None,
        reason="emergency",
        detail=f"{reason}: {text.strip()}",
    )
    return emergency
