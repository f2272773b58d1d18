"""Consent and blocks: give and withdraw consent, set and lift blocks, as the law allows.

Every function is one transaction that locks the person's row first (so that concurrent edits
of one person's consents and blocks are serialised and none is lost), checks the edited row's
`version` (a stale form is refused, not silently overwritten) and writes its audit row.
Replaying the same request (`key`) returns the first result: every POST is double-click safe.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from navet.access.audit import Actor, record
from navet.access.errors import AccessError, StaleEdit
from navet.access.models import AuditAction, Block, BlockKind, Consent, ConsentGivenBy
from navet.residents.models import Person, Relative
from navet.residents.services import person_age

ADULT_AGE = 18


def _lock_person(person_id: int) -> Person:
    return Person.objects.select_for_update().get(pk=person_id)


@transaction.atomic
def give_consent(
    *,
    actor: Actor,
    user,
    person: Person,
    key: str,
    purpose: str,
    recipient_provider,
    disclosing_provider=None,
    given_by: str,
    method: str,
    valid_from: date,
    valid_to: date,
    guardian_name: str = "",
    note: str = "",
) -> Consent:
    person = _lock_person(person.pk)
    # after the lock: a double click whose twin is still in flight waits for it, then finds it
    existing = Consent.objects.filter(key=key).first()
    if existing is not None:
        return existing
    today = timezone.localdate()
    if valid_to < valid_from:
        raise AccessError("Samtycket måste gälla till ett datum efter startdatumet.")
    if valid_to < today:
        raise AccessError("Samtycket har redan gått ut. Ange ett slutdatum från och med i dag.")
    if recipient_provider is not None and recipient_provider == disclosing_provider:
        raise AccessError("Samtycke behövs bara för uppgifter hos en annan vårdgivare.")
    child = person_age(person, today) < ADULT_AGE
    if given_by == ConsentGivenBy.GUARDIAN:
        if not child:
            raise AccessError("Vårdnadshavare kan bara samtycka för barn under 18 år.")
        guardians = Relative.objects.filter(Relative.valid_on(today), person=person)
        if not guardians.filter(is_guardian=True).exists():
            raise AccessError("Personen har ingen registrerad vårdnadshavare.")
        if not guardian_name.strip():
            raise AccessError("Skriv vilken vårdnadshavare som lämnade samtycket.")
    if given_by == ConsentGivenBy.ATTITUDE_CLARIFIED and not note.strip():
        raise AccessError(
            "Beskriv hur personens inställning har utretts och varför det inte finns anledning "
            "att anta att personen skulle motsätta sig."
        )
    consent = Consent.objects.create(
        key=key,
        person=person,
        purpose=purpose,
        recipient_provider=recipient_provider,
        disclosing_provider=disclosing_provider,
        given_by=given_by,
        guardian_name=guardian_name.strip(),
        method=method,
        valid_from=valid_from,
        valid_to=valid_to,
        note=note.strip(),
        recorded_by=user,
    )
    record(
        actor,
        action=AuditAction.CREATE,
        person_id=person.pk,
        object_type="consent",
        object_id=consent.pk,
        purpose="administration",
    )
    return consent


@transaction.atomic
def withdraw_consent(
    *, actor: Actor, user, consent_id: int, version: int, method: str, person_id: int | None = None
) -> Consent:
    """Withdraw at once. Withdrawing an already withdrawn consent changes nothing."""
    consent = Consent.objects.filter(pk=consent_id).first()
    if consent is None or (person_id is not None and consent.person_id != person_id):
        raise AccessError("Samtycket finns inte.")
    _lock_person(consent.person_id)
    consent = Consent.objects.get(pk=consent_id)
    if consent.withdrawn_at is not None:
        return consent
    if consent.version != version:
        raise StaleEdit
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = user
    consent.withdrawal_method = method
    consent.version += 1
    consent.save()
    record(
        actor,
        action=AuditAction.CHANGE,
        person_id=consent.person_id,
        object_type="consent",
        object_id=consent.pk,
        purpose="administration",
        detail="återkallat",
    )
    return consent


@transaction.atomic
def set_block(
    *,
    actor: Actor,
    user,
    person: Person,
    key: str,
    kind: str,
    care_provider,
    unit=None,
    care_process=None,
    method: str,
    requested_by: str = "person",
    registered_by_provider=None,
    note: str = "",
) -> Block:
    """Block at the person's request. Guardians cannot block a child's data (lag 2022:913).

    Internal: one `unit`, or one `care_process` (its units' data are hidden from every unit
    outside it). External: one `care_provider`."""
    if requested_by != "person":
        raise AccessError(
            "Bara personen själv kan spärra sina uppgifter. En vårdnadshavare kan inte spärra "
            "ett barns uppgifter."
        )
    person = _lock_person(person.pk)
    existing = Block.objects.filter(key=key).first()  # after the lock, as in give_consent
    if existing is not None:
        return existing
    if kind == BlockKind.INTERNAL:
        if (unit is None) == (care_process is None):
            raise AccessError(
                "Välj antingen den enhet eller den vårdprocess vars uppgifter ska spärras."
            )
        care_provider = unit.care_provider if unit is not None else care_process.care_provider
    else:
        unit = care_process = None
        if care_provider is None:
            raise AccessError("Välj den vårdgivare vars uppgifter ska spärras.")
    same = Block.objects.filter(
        person=person,
        kind=kind,
        care_provider=care_provider,
        unit=unit,
        care_process=care_process,
        lifted_at__isnull=True,
    ).first()
    if same is not None:
        return same
    block = Block.objects.create(
        key=key,
        person=person,
        kind=kind,
        care_provider=care_provider,
        unit=unit,
        care_process=care_process,
        method=method,
        note=note.strip(),
        set_by=user,
        registered_by_provider=registered_by_provider or care_provider,
    )
    record(
        actor,
        action=AuditAction.CREATE,
        person_id=person.pk,
        object_type="block",
        object_id=block.pk,
        purpose="administration",
    )
    return block


@transaction.atomic
def lift_block(
    *,
    actor: Actor,
    user,
    block_id: int,
    version: int,
    explicit_consent: bool,
    consent_method: str,
    lifting_provider_ids: frozenset[int],
    person_id: int | None = None,
    note: str = "",
) -> Block:
    """Lift a block: only with the person's explicit consent, and only by the care provider
    that registered it (external) or whose unit it covers (internal)."""
    block = Block.objects.filter(pk=block_id).first()
    if block is None or (person_id is not None and block.person_id != person_id):
        raise AccessError("Spärren finns inte.")
    _lock_person(block.person_id)
    block = Block.objects.get(pk=block_id)
    if block.lifted_at is not None:
        return block
    if block.version != version:
        raise StaleEdit
    if not explicit_consent:
        raise AccessError("En spärr får bara hävas när personen uttryckligen samtycker till det.")
    owner = block.registered_by_provider_id or block.care_provider_id
    if block.kind == BlockKind.EXTERNAL and owner not in lifting_provider_ids:
        raise AccessError("En yttre spärr kan bara hävas av den vårdgivare som registrerade den.")
    if block.kind == BlockKind.INTERNAL and block.care_provider_id not in lifting_provider_ids:
        raise AccessError("En inre spärr kan bara hävas av vårdgivaren där uppgifterna finns.")
    block.lifted_at = timezone.now()
    block.lifted_by = user
    block.lift_consent_method = consent_method
    block.lift_note = note.strip()
    block.version += 1
    block.save()
    record(
        actor,
        action=AuditAction.CHANGE,
        person_id=block.person_id,
        object_type="block",
        object_id=block.pk,
        purpose="administration",
        detail="hävd",
    )
    return block
