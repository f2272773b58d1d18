"""Who the logged-in user is in the layout, and what each role sees: menu and start-page sections.

The worklists that later issues fill appear on the start pages as placeholders that name their
issue, so that a newcomer sees where Navet is going and a developer sees where their work lands.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from importlib import metadata

from django.urls import reverse

from navet.organisation.models import Assignment, AssignmentRole, CareUnit, Staff
from navet.organisation.roles import CARE_ROLES, Role, role_of
from navet.paths import REPO_ROOT
from navet.residents.models import Person

COUNTY_ROLES = frozenset({Role.ANALYST, Role.LEADERSHIP})


def _version() -> str:
    try:
        return metadata.version("navet")
    except metadata.PackageNotFoundError:
        try:
            with (REPO_ROOT / "pyproject.toml").open("rb") as f:
                return tomllib.load(f)["project"]["version"]
        except (OSError, KeyError, tomllib.TOMLDecodeError):
            return "okänd"


VERSION = _version()


@dataclass(frozen=True)
class Placeholder:
    """A start-page section whose content comes with a later issue."""

    title: str
    issue: str
    description: str
    anchor: str = ""


PLACEHOLDERS = {
    "inbox": Placeholder(
        "Inkorg",
        "Samordnad vård (inkorg och SIP)",
        "Meddelanden, kallelser och påminnelser till din enhet.",
    ),
    "admission_notices": Placeholder(
        "Inskrivningsmeddelanden",
        "Trygg utskrivning",
        "Meddelanden om inskrivna personer som din enhet ska planera för och kvittera.",
    ),
    "discharges": Placeholder(
        "Utskrivningar från avdelningen",
        "Trygg utskrivning",
        "Inskrivningsmeddelande, utskrivningsklar och meddelande om utskrivning för inskrivna "
        "patienter.",
    ),
    "named_contacts": Placeholder(
        "Fasta kontakter och listning",
        "Listning och fasta kontakter",
        "Listade personer och de personer du är fast kontakt för.",
    ),
    "appoint_contacts": Placeholder(
        "Utse fasta vårdkontakter",
        "Listning och fasta kontakter",
        "Personer som behöver en fast vårdkontakt, till exempel inför utskrivning.",
    ),
    "sip": Placeholder(
        "SIP – samordnade individuella planer",
        "Samordnad vård (inkorg och SIP)",
        "Planer där du eller din enhet deltar, och möten som ska kallas till.",
    ),
    "own_plans": Placeholder(
        "Mina planer",
        "Samordnad vård (inkorg och SIP)",
        "Din samordnade individuella plan och din dokumenterade överenskommelse.",
    ),
}

ROLE_PLACEHOLDERS: dict[Role, tuple[str, ...]] = {
    Role.REGION_NURSE: ("inbox", "admission_notices", "named_contacts", "sip"),
    Role.GP: ("inbox", "admission_notices", "named_contacts"),
    Role.WARD_DOCTOR: ("discharges", "inbox"),
    Role.WARD_NURSE: ("discharges", "inbox"),
    Role.MUNICIPAL_NURSE: ("inbox", "admission_notices", "sip"),
    Role.CARE_MANAGER: ("inbox", "admission_notices", "sip"),
    Role.ASSISTANT_NURSE: ("inbox", "named_contacts"),
    Role.UNIT_HEAD: ("appoint_contacts", "inbox"),
    Role.COORDINATOR: ("inbox", "sip"),
    Role.ANALYST: (),
    Role.LEADERSHIP: (),
    Role.SECURITY_OFFICER: (),
    Role.RESIDENT: ("own_plans",),
}


def placeholders_for(role: Role | None) -> list[Placeholder]:
    return [PLACEHOLDERS[key] for key in ROLE_PLACEHOLDERS.get(role, ())]


def start_heading(role: Role | None) -> str:
    """The start page's h1 for a role."""
    if role == Role.UNIT_HEAD:
        return "Min verksamhet"
    if role in CARE_ROLES:
        return "Mitt arbete"
    if role in COUNTY_ROLES:
        return "Länsöversikt"
    if role == Role.SECURITY_OFFICER:
        return "Säkerhet och loggranskning"
    if role == Role.RESIDENT:
        return "Min sida"
    return "Start"


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    current: bool


def nav_items(role: Role | None, path: str) -> list[NavItem]:
    start = reverse("web:start")
    items = [("Start", start, path == start)]
    if role in CARE_ROLES:
        search = reverse("web:resident_search")
        items.append(("Invånare", search, path.startswith(search)))
    elif role in COUNTY_ROLES:
        followup = reverse("followup:overview")
        items.append(("Uppföljning", followup, path.startswith(followup)))
    elif role == Role.SECURITY_OFFICER:
        review, search = reverse("access:review_list"), reverse("access:log_search")
        items.append(("Loggranskning", review, path.startswith(review)))
        items.append(("Sök i loggen", search, path.startswith(search)))
    elif role == Role.RESIDENT:
        for label, name in (
            ("Mina kontakter", "citizen:my_contacts"),
            ("Samtycken och spärrar", "citizen:my_consents"),
            ("Vem har läst mina uppgifter", "citizen:my_log"),
        ):
            url = reverse(name)
            items.append((label, url, path.startswith(url)))
    return [NavItem(label, url, current) for label, url, current in items]


def current_assignment(user, role: Role | None, *, on: date) -> Assignment | None:
    """The assignment the user works in today: for a unit head the unit they head, otherwise the
    largest current one."""
    staff = Staff.objects.filter(user=user).first() if user.is_authenticated else None
    if staff is None:
        return None
    assignments = (
        staff.assignments.filter(valid_from__lte=on)
        .exclude(valid_to__lt=on)
        .select_related("unit__municipality__county")
    )
    if role == Role.UNIT_HEAD:
        head = assignments.filter(role=AssignmentRole.UNIT_HEAD).order_by("-valid_from").first()
        if head is not None:
            return head
    return assignments.order_by("-fte", "-valid_from", "pk").first()


def resident_of(user) -> Person | None:
    if not user.is_authenticated:
        return None
    return Person.objects.filter(user=user).first()


@dataclass(frozen=True)
class UserContext:
    """Who the logged-in user is, as the layout shows it."""

    name: str
    role: Role | None
    role_label: str
    unit: CareUnit | None
    unit_label: str
    assignment: Assignment | None


def user_context(request, *, on: date) -> UserContext | None:
    """The logged-in user's name, role and unit, computed once per request."""
    user = request.user
    if not user.is_authenticated:
        return None
    cached = getattr(request, "_navet_user_context", None)
    if cached is not None:
        return cached
    role = role_of(user)
    assignment = None
    if role == Role.RESIDENT:
        unit_label = Role.RESIDENT.label
    else:
        assignment = current_assignment(user, role, on=on)
        unit_label = assignment.unit.name if assignment else "Ingen aktuell enhet"
    context = UserContext(
        name=user.get_full_name() or user.get_username(),
        role=role,
        role_label=role.label if role else "Ingen roll",
        unit=assignment.unit if assignment else None,
        unit_label=unit_label,
        assignment=assignment,
    )
    request._navet_user_context = context
    return context
