"""The person's own documented agreements on *Mina planer*: together with their SIPs they are
the person's one coordinated plan (part 6 of issue "Coordinated care"). The person sees the
latest version of each agreement that is not ended, with its self-care assessments, and can
download it as a PDF — the same text the named care contact agreed with them."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from navet.plans.models import AgreementVersion, DocumentedAgreement, SelfCareAssessment
from navet.web.printing import pdf_response


@dataclass(frozen=True)
class OwnAgreement:
    agreement: DocumentedAgreement
    version: AgreementVersion | None  # None: the agreement has no content yet
    assessments: list[SelfCareAssessment]


def _own(agreement: DocumentedAgreement) -> OwnAgreement:
    return OwnAgreement(
        agreement=agreement,
        version=agreement.current_version(),
        assessments=list(agreement.assessments.order_by("measure", "pk")),
    )


def own_agreements(person) -> list[OwnAgreement]:
    """The person's agreements that are in force and have content, newest first."""
    agreements = (
        DocumentedAgreement.objects.filter(person=person, ended_at__isnull=True)
        .select_related("unit")
        .order_by("-created_at", "-pk")
    )
    owned = [_own(agreement) for agreement in agreements]
    return [own for own in owned if own.version is not None]


def own_agreement(person, agreement_id: int) -> OwnAgreement | None:
    """One of the person's agreements (None when it is not theirs, ended or without content)."""
    agreement = (
        DocumentedAgreement.objects.filter(pk=agreement_id, person=person, ended_at__isnull=True)
        .select_related("unit")
        .first()
    )
    if agreement is None:
        return None
    own = _own(agreement)
    return own if own.version is not None else None


def pdf(own: OwnAgreement, *, for_guardians: bool = False):
    context = {
        "own": own,
        "person": own.agreement.person,
        "for_guardians": for_guardians,
        "printed_at": timezone.localtime(),
    }
    return pdf_response("plans/print/agreement.html", context, filename="min-overenskommelse.pdf")
