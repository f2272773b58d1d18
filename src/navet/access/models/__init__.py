"""The access app's records: why a unit may read a person's data (care relationships), what the
person has decided (consent, blocks), emergency access, the audit log and its review.

One module per concern; everything is importable from `navet.access.models`.
"""

from navet.access.models.audit import AuditAction, AuditEvent, AuditPrune, AuditSeal
from navet.access.models.consent import (
    Block,
    BlockKind,
    Consent,
    ConsentGivenBy,
    ConsentMethod,
    ConsentPurpose,
)
from navet.access.models.emergency import (
    EmergencyAccess,
    EmergencyReason,
    EmergencyState,
    PersonNotice,
)
from navet.access.models.relationships import CareRelationship, RelationshipKind, StaffPerson
from navet.access.models.review import LogReview, ReviewCheck, ReviewKind, ReviewOutcome

__all__ = [
    "AuditAction",
    "AuditEvent",
    "AuditPrune",
    "AuditSeal",
    "Block",
    "BlockKind",
    "CareRelationship",
    "Consent",
    "ConsentGivenBy",
    "ConsentMethod",
    "ConsentPurpose",
    "EmergencyAccess",
    "EmergencyReason",
    "EmergencyState",
    "LogReview",
    "PersonNotice",
    "RelationshipKind",
    "ReviewCheck",
    "ReviewKind",
    "ReviewOutcome",
    "StaffPerson",
]
