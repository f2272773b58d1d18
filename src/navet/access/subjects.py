"""Who is asking: a user's role, staff record and the units they serve on a given day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from navet.organisation.models import Assignment, AssignmentRole
from navet.organisation.roles import Role, role_of


@dataclass(frozen=True)
class UnitRef:
    id: int
    hsa_id: str
    name: str
    kind: str
    care_provider_id: int
    principal_id: int


@dataclass(frozen=True)
class Subject:
    user_id: int
    username: str
    role: Role | None
    staff_id: int | None
    hsa_id: str
    units: tuple[UnitRef, ...]  # the unit the user works in today first

    @property
    def unit(self) -> UnitRef | None:
        return self.units[0] if self.units else None

    @property
    def unit_ids(self) -> frozenset[int]:
        return frozenset(u.id for u in self.units)

    @property
    def provider_ids(self) -> frozenset[int]:
        return frozenset(u.care_provider_id for u in self.units)


def subject_for(user, *, on: date) -> Subject:
    """The user as the gate sees them on `on`; cached on the user object for the request."""
    cached = getattr(user, "_navet_subject", None)
    if cached is not None and cached[0] == on:
        return cached[1]
    role = role_of(user)
    staff = getattr(user, "staff", None) if user.pk else None
    units: list[UnitRef] = []
    if staff is not None:
        assignments = (
            Assignment.objects.filter(staff=staff, valid_from__lte=on)
            .exclude(valid_to__lt=on)
            .select_related("unit")
        )
        head_first = role == Role.UNIT_HEAD
        ordered = sorted(
            assignments,
            key=lambda a: (
                not (head_first and a.role == AssignmentRole.UNIT_HEAD),
                -a.fte,
                -a.valid_from.toordinal(),
                a.pk,
            ),
        )
        seen = set()
        for a in ordered:
            if a.unit_id in seen:
                continue
            seen.add(a.unit_id)
            u = a.unit
            units.append(
                UnitRef(u.pk, u.hsa_id, u.name, u.kind, u.care_provider_id, u.principal_id)
            )
    subject = Subject(
        user_id=user.pk,
        username=user.get_username(),
        role=role,
        staff_id=staff.pk if staff is not None else None,
        hsa_id=staff.hsa_id if staff is not None else "",
        units=tuple(units),
    )
    user._navet_subject = (on, subject)
    return subject
