"""The access gate: `can_access(user, person, purpose) -> Decision`.

Roles (Django groups) give capabilities; care relationship × consent × blocks give data access:

1. No decision, no data: anything but an explicit ALLOW shows nothing, and an error in the gate
   itself denies (and is logged).
2. A resident may read their own data (purpose OWN_DATA), and — purpose GUARDIAN — the plans of
   a child in their custody today, until the child turns config.guardian_view_until_age (what
   the plans show a guardian is the plans app's rule, OSL 12:3); the security officer may read
   identity and logs for LOG_REVIEW; analysts and the county leadership read no one.
3. A care role needs an active care relationship between the person and one of the units the user
   serves (a relationship for a named member of staff counts only for them). Without one the
   answer is EMERGENCY_POSSIBLE for roles that may use emergency access, else DENY.
4. With a relationship the user sees data held by their own units and, within their own care
   provider, by other units (inner secrecy is met by the relationship) — except units the person
   has blocked (internal block of a unit), and units of a care process the person has blocked
   unless the user serves a unit of that care process themselves (internal block of a care
   process). Data held by other care providers need the person's consent
   for the purpose and are never shown while an external block covers them: a block always
   overrides consent. Each data category (health: Patientdatalagen; social: SoL, OSL 26) has its
   own rules (config.category_rules).
5. Open emergency access (two steps, navet.access.emergency) shows blocked and unconsented data
   of the categories that allow it, until it expires. A user whose only relationship is an
   emergency one sees no data of a category that does not allow emergency access, not even
   within their own care provider (social-care data by default: SoL, OSL 26 have no emergency
   break); their own units' data stay visible.

The Decision tells the view what it may show (`shows(unit)`) and that withheld data exist
(`withheld`), without saying where — only emergency step 1 reveals where.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from datetime import datetime

from django.db import models
from django.utils import timezone

from navet.access import config
from navet.access.models import (
    Block,
    BlockKind,
    CareRelationship,
    Consent,
    EmergencyAccess,
    RelationshipKind,
)
from navet.access.purposes import Purpose, category_of_unit_kind
from navet.access.subjects import Subject, subject_for
from navet.organisation.models import CareUnit
from navet.organisation.roles import CARE_ROLES, Role
from navet.residents import selectors as residents
from navet.residents.services import person_age

logger = logging.getLogger(__name__)


class Verdict(models.TextChoices):
    ALLOW = "allow", "Tillåten"
    DENY = "deny", "Nekad"
    EMERGENCY_POSSIBLE = "emergency_possible", "Nekad, nödåtkomst möjlig"


class Reason(models.TextChoices):
    RELATIONSHIP = "relationship", "Du har en vårdrelation med personen via din enhet."
    EMERGENCY = "emergency", "Du har öppnat uppgifterna med nödåtkomst."
    OWN_DATA = "own_data", "Uppgifterna gäller dig själv."
    GUARDIAN = "guardian", "Du är vårdnadshavare för barnet."
    NOT_GUARDIAN = (
        "not_guardian",
        "Du är inte registrerad som vårdnadshavare för barnet i dag.",
    )
    CHILD_ADULT = (
        "child_adult",
        "Barnet har fyllt 18 år. Då upphör vårdnaden, och den som är vuxen läser sina "
        "planer själv.",
    )
    CHILD_OLDER = (
        "child_older",
        "Barnet är så gammalt att det självt bestämmer vem som läser dess planer. Barnet kan "
        "logga in och läsa dem själv. Fråga barnets samordnare om det du behöver veta.",
    )
    LOG_REVIEW = "log_review", "Loggranskning."
    NOT_AUTHENTICATED = "not_authenticated", "Du är inte inloggad."
    NO_PERSON = "no_person", "Personen finns inte."
    NO_CAPABILITY = (
        "no_capability",
        ("Din roll ger inte åtkomst till uppgifter om enskilda personer."),
    )
    NOT_OWN = "not_own", "Uppgifterna gäller någon annan än dig."
    NO_UNIT = "no_unit", "Du har ingen aktuell placering på någon enhet."
    NO_RELATIONSHIP = (
        "no_relationship",
        ("Du har ingen vårdrelation med personen via någon av dina enheter."),
    )
    GATE_ERROR = "gate_error", "Åtkomstkontrollen kunde inte avgöra frågan, så åtkomst nekas."


class WithheldBecause(models.TextChoices):
    BLOCKED = "blocked", "Spärrade uppgifter"
    NO_CONSENT = "no_consent", "Samtycke saknas"
    NOT_BY_EMERGENCY = "not_by_emergency", "Omfattas inte av nödåtkomst"


# Which consent purpose covers reading for a gate purpose (None: no consent can apply).
CONSENT_PURPOSE = {
    Purpose.CARE: "shared_overview",
    Purpose.SIP: "sip",
    Purpose.DISCHARGE_PLANNING: "discharge_planning",
    Purpose.ADMINISTRATION: "shared_overview",
}
CARE_PURPOSES = frozenset(CONSENT_PURPOSE)


@dataclass(frozen=True)
class Withheld:
    unit_id: int
    care_provider_id: int
    category: str
    because: WithheldBecause


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    reason: Reason
    purpose: str
    person_id: int | None = None
    everything: bool = False
    unit_ids: frozenset[int] = frozenset()
    provider_ids: frozenset[int] = frozenset()
    blocked_unit_ids: frozenset[int] = frozenset()
    blocked_provider_ids: frozenset[int] = frozenset()
    consented_provider_ids: frozenset[int] | None = frozenset()  # None: all providers
    emergency: bool = False
    emergency_only: bool = False  # the only active relationships are emergency ones
    withheld: tuple[Withheld, ...] = ()
    may_use_emergency: bool = False
    rules: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def allowed(self) -> bool:
        return self.verdict == Verdict.ALLOW

    @property
    def message(self) -> str:
        return self.reason.label

    @property
    def blocked_exist(self) -> bool:
        return any(w.because == WithheldBecause.BLOCKED for w in self.withheld)

    @property
    def unconsented_exist(self) -> bool:
        return any(w.because == WithheldBecause.NO_CONSENT for w in self.withheld)

    @property
    def not_by_emergency_exist(self) -> bool:
        return any(w.because == WithheldBecause.NOT_BY_EMERGENCY for w in self.withheld)

    def emergency_opens(self, withheld: Withheld) -> bool:
        """Would emergency access open these withheld data (their category allows it)?"""
        return withheld.because in (
            WithheldBecause.BLOCKED,
            WithheldBecause.NO_CONSENT,
        ) and self.rules.get(withheld.category, {}).get("emergency_access", False)

    @property
    def emergency_would_open(self) -> bool:
        return any(self.emergency_opens(w) for w in self.withheld)

    def withholds(self, unit_id: int, provider_id: int, kind: str) -> WithheldBecause | None:
        """Why data held by this unit are withheld, or None if they may be shown."""
        if self.everything or unit_id in self.unit_ids:
            return None
        category = category_of_unit_kind(kind)
        rule = self.rules.get(category, {})
        if self.emergency_only and not rule.get("emergency_access", False):
            return WithheldBecause.NOT_BY_EMERGENCY
        because = None
        if unit_id in self.blocked_unit_ids:
            because = WithheldBecause.BLOCKED
        elif provider_id in self.provider_ids:
            return None
        elif provider_id in self.blocked_provider_ids:
            because = WithheldBecause.BLOCKED
        elif rule.get("consent_across_providers", True) and not (
            self.consented_provider_ids is None or provider_id in self.consented_provider_ids
        ):
            because = WithheldBecause.NO_CONSENT
        if because and self.emergency and rule.get("emergency_access", False):
            return None
        return because

    def shows(self, unit) -> bool:
        """May data recorded at `unit` (a CareUnit) be shown?"""
        if not self.allowed:
            return False
        if unit is None:
            return True
        return self.withholds(unit.pk, unit.care_provider_id, unit.kind) is None


def _deny(reason: Reason, purpose, person, *, may_use_emergency=False) -> Decision:
    verdict = Verdict.EMERGENCY_POSSIBLE if may_use_emergency else Verdict.DENY
    return Decision(
        verdict=verdict,
        reason=reason,
        purpose=str(purpose),
        person_id=getattr(person, "pk", None),
        may_use_emergency=may_use_emergency,
    )


def can_access(user, person, purpose=Purpose.CARE, *, at: datetime | None = None) -> Decision:
    """The gate's decision for `user` reading `person`'s data for `purpose` at `at` (now).

    Never raises: an error inside the gate is logged and answered with DENY (GATE_ERROR).
    """
    try:
        return _decide(user, person, Purpose(purpose), at or timezone.now())
    except Exception:
        logger.exception("access gate error: user %s person %s", getattr(user, "pk", None), person)
        return _deny(Reason.GATE_ERROR, purpose, person)


def relationship_filter(subject: Subject, at: datetime, prefix: str = "") -> models.Q:
    """Active relationships that count for `subject` (on CareRelationship, or through `prefix`)."""
    p = prefix
    return (
        models.Q(**{f"{p}starts_at__lte": at})
        & (models.Q(**{f"{p}ends_at__isnull": True}) | models.Q(**{f"{p}ends_at__gt": at}))
        & models.Q(**{f"{p}unit_id__in": sorted(subject.unit_ids)})
        & (models.Q(**{f"{p}staff__isnull": True}) | models.Q(**{f"{p}staff_id": subject.staff_id}))
    )


def may_use_emergency(subject: Subject) -> bool:
    return subject.role in config.emergency_roles() and bool(subject.units)


def _blocked_units(internal_blocks, subject: Subject) -> frozenset[int]:
    """The units whose data internal blocks hide from `subject`: each blocked unit, and every unit
    of each blocked care process that the subject serves no unit of (a care process is blocked
    from the units outside it, not from its own)."""
    units = {b.unit_id for b in internal_blocks if b.unit_id}
    processes = {
        b.care_process_id: b.care_provider_id for b in internal_blocks if b.care_process_id
    }
    if processes:
        members = CareUnit.objects.filter(care_process_id__in=sorted(processes)).values_list(
            "pk", "care_process_id", "care_provider_id"
        )
        by_process: dict[int, set[int]] = {}
        for unit_id, process_id, provider_id in members:
            if provider_id == processes[process_id]:  # a process never spans care providers
                by_process.setdefault(process_id, set()).add(unit_id)
        for unit_ids in by_process.values():
            if not unit_ids & subject.unit_ids:
                units |= unit_ids
    return frozenset(units)


def _guardian(subject: Subject, user, child, purpose, today) -> Decision:
    """A resident reads a child's plans as guardian: custody today (the population register's
    guardian row), the child under 18 and under the age from which the child decides alone."""
    if subject.role != Role.RESIDENT:
        return _deny(Reason.NO_CAPABILITY, purpose, child)
    guardian = type(child).objects.filter(user_id=user.pk).first()
    if guardian is None or guardian.pk == child.pk:
        return _deny(Reason.NOT_GUARDIAN, purpose, child)
    if not residents.is_guardian_of(guardian, child, on=today):
        return _deny(Reason.NOT_GUARDIAN, purpose, child)
    if child.death_date is not None and child.death_date <= today:
        return _deny(Reason.NOT_GUARDIAN, purpose, child)
    age = person_age(child, today)
    if age >= residents.ADULT_AGE:
        return _deny(Reason.CHILD_ADULT, purpose, child)
    if age >= config.guardian_view_until_age():
        return _deny(Reason.CHILD_OLDER, purpose, child)
    return Decision(Verdict.ALLOW, Reason.GUARDIAN, purpose, child.pk, everything=True)


def _decide(user, person, purpose: Purpose, at: datetime) -> Decision:
    if user is None or not user.is_authenticated or not user.is_active:
        return _deny(Reason.NOT_AUTHENTICATED, purpose, person)
    if person is None or person.pk is None:
        return _deny(Reason.NO_PERSON, purpose, person)
    subject = subject_for(user, on=timezone.localdate(at))
    if purpose == Purpose.OWN_DATA:
        own = type(person).objects.filter(pk=person.pk, user_id=user.pk).exists()
        if subject.role == Role.RESIDENT and own:
            return Decision(Verdict.ALLOW, Reason.OWN_DATA, purpose, person.pk, everything=True)
        return _deny(Reason.NOT_OWN, purpose, person)
    if purpose == Purpose.GUARDIAN:
        return _guardian(subject, user, person, purpose, timezone.localdate(at))
    if purpose == Purpose.LOG_REVIEW:
        if subject.role == Role.SECURITY_OFFICER:
            return Decision(Verdict.ALLOW, Reason.LOG_REVIEW, purpose, person.pk, everything=True)
        return _deny(Reason.NO_CAPABILITY, purpose, person)
    if subject.role not in CARE_ROLES or purpose not in CARE_PURPOSES:
        return _deny(Reason.NO_CAPABILITY, purpose, person)
    if not subject.units:
        return _deny(Reason.NO_UNIT, purpose, person)

    relationships = list(
        CareRelationship.objects.filter(person=person).values_list(
            "unit_id", "staff_id", "starts_at", "ends_at", "kind"
        )
    )
    active = [
        r
        for r in relationships
        if r[0] in subject.unit_ids
        and r[1] in (None, subject.staff_id)
        and r[2] <= at
        and (r[3] is None or r[3] > at)
    ]
    emergency = EmergencyAccess.objects.filter(
        person=person, user_id=user.pk, opened_at__lte=at, expires_at__gt=at
    ).exists()
    if not active:
        return _deny(
            Reason.NO_RELATIONSHIP, purpose, person, may_use_emergency=may_use_emergency(subject)
        )

    blocks = list(Block.objects.filter(person=person, lifted_at__isnull=True))
    internal = [b for b in blocks if b.kind == BlockKind.INTERNAL]
    consents = Consent.objects.filter(
        Consent.active_on(timezone.localdate(at)),
        person=person,
        purpose=CONSENT_PURPOSE[purpose],
        recipient_provider_id__in=sorted(subject.provider_ids),
    ).values_list("disclosing_provider_id", flat=True)
    consented = set(consents)
    decision = Decision(
        verdict=Verdict.ALLOW,
        reason=Reason.EMERGENCY if emergency else Reason.RELATIONSHIP,
        purpose=str(purpose),
        person_id=person.pk,
        unit_ids=subject.unit_ids,
        provider_ids=subject.provider_ids,
        blocked_unit_ids=_blocked_units(internal, subject),
        blocked_provider_ids=frozenset(
            b.care_provider_id for b in blocks if b.kind == BlockKind.EXTERNAL
        ),
        consented_provider_ids=None if None in consented else frozenset(consented),
        emergency=emergency,
        emergency_only=all(r[4] == RelationshipKind.EMERGENCY for r in active),
        may_use_emergency=may_use_emergency(subject),
        rules=config.category_rules(),
    )
    holders = CareUnit.objects.filter(pk__in={r[0] for r in relationships}).values_list(
        "pk", "care_provider_id", "kind"
    )
    withheld = []
    for unit_id, provider_id, kind in sorted(holders):
        because = decision.withholds(unit_id, provider_id, kind)
        if because is not None:
            withheld.append(Withheld(unit_id, provider_id, category_of_unit_kind(kind), because))
    return replace(decision, withheld=tuple(withheld))
