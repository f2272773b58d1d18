"""The documented agreement (dokumenterad överenskommelse, issue 6 part 6): what the person and
their named care contact have agreed — with or without a SIP. Its content is versioned with the
plan's optimistic lock (versioning.add_version, EditConflict); self-care assessments
(egenvårdsbedömningar) are recorded per measure. Every change is one transaction with its own
audit row (purpose care, object type `documented_agreement`)."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from navet.access.audit import Actor, record
from navet.access.models import AuditAction
from navet.access.purposes import Purpose
from navet.listing.selectors import current_named_contacts
from navet.plans.compare import Row
from navet.plans.errors import PlanError
from navet.plans.models import DocumentedAgreement, SelfCareAssessment, SelfCarePerformer
from navet.plans.services import name_of
from navet.plans.versioning import add_version
from navet.residents.models import NamedContactRole

OBJECT_TYPE = "documented_agreement"
PURPOSE = Purpose.CARE
LABELS = [
    ("what_happens", "Vad som ska hända"),
    ("when", "När"),
    ("whom_to_contact", "Vem personen kontaktar"),
    ("person_does", "Det personen gör"),
    ("care_does", "Det vården gör"),
    ("next_agreed_at", "Nästa överenskomna tid"),
    ("self_care_advice", "Egenvårdsråd"),
]
CONTENT_FIELDS = tuple(name for name, _ in LABELS)


def named_care_contact(person, on: date | None = None):
    contacts = current_named_contacts(
        person, on=on or timezone.localdate(), role=NamedContactRole.NAMED_CARE_CONTACT
    )
    return contacts[0] if contacts else None


def _audit(actor: Actor, agreement: DocumentedAgreement, action, detail: str) -> None:
    record(
        actor,
        action=action,
        person_id=agreement.person_id,
        object_type=OBJECT_TYPE,
        object_id=agreement.pk,
        purpose=PURPOSE,
        detail=detail,
    )


def _lock(agreement: DocumentedAgreement) -> DocumentedAgreement:
    return DocumentedAgreement.objects.select_for_update().get(pk=agreement.pk)


def _ensure_active(agreement: DocumentedAgreement) -> None:
    if agreement.is_ended:
        raise PlanError("Överenskommelsen är avslutad och kan inte ändras.")


@transaction.atomic
def create_agreement(*, actor: Actor, user, person, key: str, plan=None) -> DocumentedAgreement:
    """Start an agreement for a person with a named care contact (fast vårdkontakt); `plan`
    links it to one of the person's SIPs."""
    existing = DocumentedAgreement.objects.filter(key=key).first()
    if existing is not None:
        return existing
    contact = named_care_contact(person)
    if contact is None:
        raise PlanError(
            "Personen har ingen fast vårdkontakt. En dokumenterad överenskommelse görs med "
            "personens fasta vårdkontakt: utse en först (Listning och fasta kontakter)."
        )
    if plan is not None and (plan.person_id != person.pk or plan.is_closed):
        raise PlanError("Välj en pågående SIP för personen, eller ingen.")
    try:
        with transaction.atomic():
            agreement = DocumentedAgreement.objects.create(
                key=key,
                person=person,
                plan=plan,
                unit=contact.unit,
                care_contact_name=contact.staff.full_name,
                created_by=user,
                created_by_name=name_of(user),
            )
    except IntegrityError:  # the same key in flight: that one wins
        return DocumentedAgreement.objects.get(key=key)
    _audit(actor, agreement, AuditAction.CREATE, "överenskommelse skapad")
    return agreement


def content_of(version) -> dict:
    if version is None:
        return dict.fromkeys(CONTENT_FIELDS, "") | {"next_agreed_at": None}
    return {name: getattr(version, name) for name in CONTENT_FIELDS}


def _normalise(data: dict) -> dict:
    texts = [name for name in CONTENT_FIELDS if name != "next_agreed_at"]
    content = {name: (data.get(name) or "").strip() for name in texts}
    content["next_agreed_at"] = data.get("next_agreed_at") or None
    return content


@transaction.atomic
def save_agreement_version(
    *, actor: Actor, user, agreement: DocumentedAgreement, base_version: int, data: dict, key: str
):
    """A new version of the agreement; `base_version` is the version the form showed (another
    version saved since: EditConflict with both texts, nothing saved)."""
    agreement = _lock(agreement)
    existing = agreement.versions.filter(key=key).first()
    if existing is not None:
        return existing
    _ensure_active(agreement)
    content = _normalise(data)
    if not content["what_happens"]:
        raise PlanError("Skriv vad som ska hända.")
    version = add_version(
        owner=agreement,
        base_version=base_version,
        content=content,
        key=key,
        user=user,
        author_name=name_of(user),
    )
    agreement.next_agreed_at = version.next_agreed_at
    agreement.save(update_fields=["version", "next_agreed_at"])
    _audit(actor, agreement, AuditAction.CHANGE, f"version {version.number}")
    return version


@transaction.atomic
def record_assessment(
    *,
    actor: Actor,
    user,
    agreement: DocumentedAgreement,
    key: str,
    measure: str,
    performer: str,
    review_on: date,
    assessed_on: date | None = None,
    reasoning: str = "",
) -> SelfCareAssessment:
    """Egenvårdsbedömning of one measure: self-care by the person, with relatives' help, or
    not self-care (municipal staff perform it); who assessed, when, and a review date."""
    agreement = _lock(agreement)
    existing = SelfCareAssessment.objects.filter(key=key).first()
    if existing is not None:
        return existing
    _ensure_active(agreement)
    assessed_on = assessed_on or timezone.localdate()
    if not measure.strip():
        raise PlanError("Skriv vilken åtgärd bedömningen gäller.")
    if performer not in SelfCarePerformer.values:
        raise PlanError("Välj vem som kan utföra åtgärden.")
    if review_on <= assessed_on:
        raise PlanError("Datum för omprövning måste vara efter bedömningen.")
    row = SelfCareAssessment.objects.create(
        key=key,
        agreement=agreement,
        measure=measure.strip(),
        performer=performer,
        reasoning=reasoning.strip(),
        assessed_by=user,
        assessed_by_name=name_of(user),
        assessed_on=assessed_on,
        review_on=review_on,
    )
    _audit(actor, agreement, AuditAction.CHANGE, "egenvårdsbedömning")
    return row


@transaction.atomic
def end_agreement(*, actor: Actor, user, agreement: DocumentedAgreement, reason: str):
    agreement = _lock(agreement)
    if agreement.is_ended:
        return agreement
    if not reason.strip():
        raise PlanError("Skriv varför överenskommelsen avslutas.")
    agreement.ended_at = timezone.now()
    agreement.ended_by_name = name_of(user)
    agreement.end_reason = reason.strip()[:500]
    agreement.save(update_fields=["ended_at", "ended_by_name", "end_reason"])
    _audit(actor, agreement, AuditAction.CHANGE, "överenskommelse avslutad")
    return agreement


def _text(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return timezone.localtime(value).strftime("%Y-%m-%d %H.%M")
    return str(value)


def compare_contents(before: dict, after: dict) -> list[Row]:
    return [Row(label, _text(before.get(name)), _text(after.get(name))) for name, label in LABELS]
