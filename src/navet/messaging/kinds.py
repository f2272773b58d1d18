"""Kinds of inbox items. A registry rather than database choices: a later app registers its own
kinds (e.g. `admission_notice`) in its AppConfig.ready() without a migration of this app.

    from navet.messaging.kinds import register_kind
    register_kind("admission_notice", "Inskrivningsmeddelande", deadline_hours=24)

`deadline_hours` is the default time a unit has to acknowledge an item of the kind (None: no
deadline, never escalated); settings.NAVET_INBOX_DEADLINE_HOURS overrides it per kind.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ItemKind:
    code: str
    label: str  # Swedish, shown in the inbox
    deadline_hours: int | None = None
    escalates: bool = True


_KINDS: dict[str, ItemKind] = {}


def register_kind(
    code: str, label: str, *, deadline_hours: int | None = None, escalates: bool = True
) -> ItemKind:
    """Register a kind; registering the same definition again is a no-op, a different one an
    error (two apps must not give one code two meanings)."""
    kind = ItemKind(code, label, deadline_hours, escalates)
    if len(code) > 40 or not code.replace("_", "").isalnum():
        raise ValueError(f"an inbox item kind is a short snake_case code: {code!r}")
    existing = _KINDS.get(code)
    if existing is not None and existing != kind:
        raise ValueError(f"inbox item kind {code!r} is already registered as {existing}")
    _KINDS[code] = kind
    return kind


def get_kind(code: str) -> ItemKind | None:
    return _KINDS.get(code)


def all_kinds() -> list[ItemKind]:
    return sorted(_KINDS.values(), key=lambda k: k.label)


def label_of(code: str) -> str:
    kind = _KINDS.get(code)
    return kind.label if kind else code


NOTICE = register_kind("notice", "Meddelande", deadline_hours=24)
INVITATION = register_kind("invitation", "Kallelse", deadline_hours=72)
REMINDER = register_kind("reminder", "Påminnelse", deadline_hours=24)
MESSAGE = register_kind("message", "Fritt meddelande", deadline_hours=72)
ESCALATION = register_kind("escalation", "Eskalering", deadline_hours=None, escalates=False)
