"""Who the logged-in user is in the layout, and what each role sees: menu and start pages."""

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
from navet.residents.selectors import guardian_children

COUNTY_ROLES = frozenset({Role.ANALYST, Role.LEADERSHIP, Role.FORUM_SECRETARY})
# Roles whose start page shows the listing and named-contact worklists (navet.listing).
LISTING_ROLES = frozenset(
    {Role.REGION_NURSE, Role.GP, Role.UNIT_HEAD, Role.ASSISTANT_NURSE, Role.MUNICIPAL_NURSE}
)


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
    if role == Role.MUNICIPAL_FINANCE:
        return "Kommunens betalningsansvar"
    if role == Role.RESIDENT:
        return "Min sida"
    return "Start"


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    current: bool
    key: str = ""  # "inbox"/"transitions"/"deviations": the layout renders it with its count


def nav_items(role: Role | None, path: str, *, guardian: bool = False) -> list[NavItem]:
    """`guardian`: the resident has a child in their custody today (the menu shows *Mina barn*)."""
    start = reverse("web:start")
    items = [("Start", start, path == start)]
    keys = {}
    if role in CARE_ROLES:
        inbox = reverse("messaging:inbox")
        items.append(("Inkorg", inbox, path.startswith(inbox)))
        keys[inbox] = "inbox"
        discharge = reverse("transitions:worklist")
        items.append(("Utskrivning", discharge, path == discharge))
        keys[discharge] = "transitions"
        deviations = reverse("deviations:worklist")
        items.append(("Avvikelser", deviations, path == deviations))
        keys[deviations] = "deviations"
        search = reverse("web:resident_search")
        items.append(("Invånare", search, path.startswith(search)))
    elif role in COUNTY_ROLES:
        followup = reverse("followup:overview")
        items.append(("Uppföljning", followup, path.startswith(followup)))
        roadmaps = reverse("roadmap:list")
        items.append(("Färdplan", roadmaps, path.startswith(roadmaps)))
        if role in (Role.ANALYST, Role.LEADERSHIP):  # navet.payment.views.PAYMENT_ROLES
            payment = reverse("payment:overview")
            items.append(("Betalningsansvar", payment, path.startswith(payment)))
        if role in (Role.ANALYST, Role.LEADERSHIP):  # navet.deviations.views_statistics
            statistics = reverse("deviations:statistics")
            items.append(("Avvikelser", statistics, path.startswith(statistics)))
    elif role == Role.MUNICIPAL_FINANCE:
        payment = reverse("payment:overview")
        items.append(("Betalningsansvar", payment, path.startswith(payment)))
    if role == Role.UNIT_HEAD:
        statistics = reverse("deviations:statistics")
        items.append(("Avvikelsestatistik", statistics, path.startswith(statistics)))
    # the security officer reviews every user's log, a unit head their own unit's users'
    if role in (Role.SECURITY_OFFICER, Role.UNIT_HEAD):
        review, search = reverse("access:review_list"), reverse("access:log_search")
        items.append(("Loggranskning", review, path.startswith(review)))
        items.append(("Sök i loggen", search, path.startswith(search)))
    elif role == Role.RESIDENT:
        for label, name in (
            ("Mina kontakter", "citizen:my_contacts"),
            ("Mina planer", "citizen:my_plans"),
            *([("Mina barn", "citizen:my_children")] if guardian else []),
            ("Digital mottagning", "reception:my_requests"),
            ("Samtycken och spärrar", "citizen:my_consents"),
            ("Vem har läst mina uppgifter", "citizen:my_log"),
        ):
            url = reverse(name)
            items.append((label, url, path.startswith(url)))
    return [NavItem(label, url, current, keys.get(url, "")) for label, url, current in items]


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


def is_guardian(user, *, on: date) -> bool:
    """Does this resident have a child in their custody on `on` (the menu's *Mina barn*)?"""
    person = resident_of(user)
    return person is not None and bool(guardian_children(person, on=on))


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
