"""The access app's public API for other apps: the gate, care relationships, consent and blocks,
emergency access and audit. Plain functions with keyword-only arguments; each user action is one
transaction that also writes its audit row.
"""

from navet.access.audit import Actor, actor_for, record, record_many, system_actor
from navet.access.gate import Decision, Reason, Verdict, can_access
from navet.access.purposes import DataCategory, Purpose
from navet.access.relationships import (
    close_relationship,
    open_relationship,
    sync_all,
    sync_record,
)
from navet.organisation.roles import CARE_ROLES, role_of

__all__ = [
    "Actor",
    "DataCategory",
    "Decision",
    "Purpose",
    "Reason",
    "Verdict",
    "actor_for",
    "can_access",
    "can_search_residents",
    "can_view_person",
    "close_relationship",
    "open_relationship",
    "record",
    "record_many",
    "sync_all",
    "sync_record",
    "system_actor",
]


def can_search_residents(user) -> bool:
    """True if the user works with the care of individual persons and may search among residents.

    A capability of the role: analysts, the county leadership, the security officer and residents
    never need to find a person by name or number. Who may then read a person's data is the
    gate's decision (`can_access`).
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return role_of(user) in CARE_ROLES


def can_view_person(user, person, purpose=Purpose.CARE) -> bool:
    """Shorthand for `can_access(user, person, purpose).allowed`."""
    return can_access(user, person, purpose).allowed
