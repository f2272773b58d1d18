"""Demo users: one per role, attached to real staff (or a resident) of the generated county.

Passwords are generated once per installation and kept in `var/demo_users.json` (readable only by
the owner), so that a second `./navet demo` prints the same credentials and nothing secret is
committed.
"""

import json
import secrets
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from django.contrib.auth.models import Group, User
from django.db import transaction
from django.db.models import Q

from navet.organisation.models import (
    Assignment,
    AssignmentRole,
    CareProvider,
    CareUnit,
    Principal,
    PrincipalKind,
    Profession,
    Staff,
    UnitKind,
)
from navet.organisation.roles import Role
from navet.paths import VAR_DIR
from navet.residents.models import Listing, Person, Relative, Residence

PASSWORD_FILE = VAR_DIR / "demo_users.json"


class DemoSetupError(RuntimeError):
    """The database lacks what a demo role needs (e.g. no ward nurse was generated)."""


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    role: str
    role_label: str
    name: str
    unit: str


# Which member of staff plays each care role: (username, profession(s), unit kind, assignment role).
_STAFF_ROLES = [
    (
        Role.REGION_NURSE,
        "distriktsskoterska",
        ["district_nurse", "nurse"],
        UnitKind.HEALTH_CENTRE,
        None,
    ),
    (Role.GP, "allmanlakare", ["doctor"], UnitKind.HEALTH_CENTRE, None),
    (Role.WARD_DOCTOR, "avdelningslakare", ["doctor"], UnitKind.INPATIENT_WARD, None),
    (Role.WARD_NURSE, "avdelningsskoterska", ["nurse"], UnitKind.INPATIENT_WARD, None),
    (
        Role.MUNICIPAL_NURSE,
        "kommunskoterska",
        ["nurse", "district_nurse"],
        UnitKind.HOME_HEALTH_CARE,
        None,
    ),
    (Role.CARE_MANAGER, "bistandshandlaggare", ["care_manager"], UnitKind.SOCIAL_SERVICES, None),
    (Role.ASSISTANT_NURSE, "underskoterska", ["assistant_nurse"], UnitKind.HOME_CARE, None),
    (Role.UNIT_HEAD, "verksamhetschef", None, UnitKind.HEALTH_CENTRE, AssignmentRole.UNIT_HEAD),
    (Role.COORDINATOR, "samordnare", None, UnitKind.MOBILE_TEAM, AssignmentRole.COORDINATOR),
]

# Roles that work for the region as a whole, not for one care unit; the demo creates their staff.
_OFFICE_ROLES = [
    (Role.ANALYST, "analytiker", Profession.ANALYST, "Anna", "Analytiker", "DEMOANALYS"),
    (Role.LEADERSHIP, "lansledning", Profession.ADMINISTRATOR, "Lars", "Ledningsson", "DEMOLEDN"),
    (
        Role.FORUM_SECRETARY,
        "forumsekreterare",
        Profession.ADMINISTRATOR,
        "Frida",
        "Färdplansson",
        "DEMOFARDPLAN",
    ),
    (
        Role.SECURITY_OFFICER,
        "sakerhetsansvarig",
        Profession.ADMINISTRATOR,
        "Sara",
        "Säkerhetsson",
        "DEMOSAKERHET",
    ),
]


def _load_passwords(path: Path) -> dict[str, str]:
    if path.exists():
        return {u["username"]: u["password"] for u in json.loads(path.read_text())}
    return {}


def _pick_staff(profession, unit_kind, assignment_role, taken: set[int]) -> tuple[Staff, CareUnit]:
    assignments = Assignment.objects.filter(unit__kind=unit_kind, valid_to__isnull=True).exclude(
        staff_id__in=taken
    )
    if profession:
        # Prefer a general-practice specialist for the GP role: the named-doctor rules need one.
        assignments = assignments.filter(staff__profession__in=profession)
        if profession == ["doctor"] and unit_kind == UnitKind.HEALTH_CENTRE:
            assignments = assignments.filter(staff__doctor_grade="specialist")
    if assignment_role:
        assignments = assignments.filter(role=assignment_role)
    else:
        # Unit heads are kept for the unit-head role, whose start page shows the unit's facts.
        assignments = assignments.exclude(staff__assignments__role=AssignmentRole.UNIT_HEAD)
    assignment = (
        assignments.filter(staff__user__isnull=True)
        .select_related("staff", "unit")
        .order_by("unit__municipality__population", "unit__name", "staff__hsa_id")
        .last()
    )
    if assignment is None:
        raise DemoSetupError(
            f"Ingen personal av typ {profession or assignment_role} på enhetstyp {unit_kind} finns."
        )
    return assignment.staff, assignment.unit


def _region_office() -> CareUnit:
    region = Principal.objects.filter(kind=PrincipalKind.REGION).order_by("pk").first()
    if region is None:
        raise DemoSetupError("Ingen region finns i databasen; generera ett län först.")
    existing = CareUnit.objects.filter(kind=UnitKind.ADMINISTRATION, principal=region).first()
    if existing:
        return existing
    provider = (
        CareProvider.objects.filter(principal=region, ownership="public").order_by("pk").first()
    )
    seat = region.units.order_by("-municipality__population").values_list("municipality", flat=True)
    return CareUnit.objects.create(
        hsa_id=f"{provider.units.order_by('pk').first().hsa_id.split('-')[0]}-DEMOSTAB",
        name=f"{region.name}, hälso- och sjukvårdsförvaltningen",
        kind=UnitKind.ADMINISTRATION,
        care_provider=provider,
        principal=region,
        municipality_id=seat.first(),
    )


def _municipal_finance() -> tuple[Staff, CareUnit]:
    """The finance officer of the demo care manager's municipality, at its finance office: sees
    that municipality's invoice basis only (navet.payment.scope)."""
    manager = Staff.objects.get(user__username="bistandshandlaggare")
    principal = manager.assignments.order_by("-valid_from").first().unit.principal
    municipality = principal.municipality
    unit = CareUnit.objects.filter(kind=UnitKind.ADMINISTRATION, principal=principal).first()
    if unit is None:
        provider = CareProvider.objects.filter(principal=principal).order_by("pk").first()
        unit = CareUnit.objects.create(
            hsa_id=f"{manager.hsa_id.split('-')[0]}-DEMOEKON{municipality.code}",
            name=f"{principal.name}, ekonomienheten",
            kind=UnitKind.ADMINISTRATION,
            care_provider=provider,
            principal=principal,
            municipality=municipality,
        )
    staff, created = Staff.objects.get_or_create(
        hsa_id=f"{unit.hsa_id.split('-')[0]}-DEMOEKONOM{municipality.code}",
        defaults={"given_name": "Erik", "family_name": "Ekonomsson", "profession": "administrator"},
    )
    if created:
        Assignment.objects.create(staff=staff, unit=unit, valid_from=date(2020, 1, 1))
    return staff, unit


def _pick_resident() -> Person:
    today = date.today()
    candidates = (
        Person.objects.filter(
            death_date__isnull=True,
            protected_identity=False,
            user__isnull=True,
            birth_date__lte=date(today.year - 70, 1, 1),
            identifier_kind="personnummer",
        )
        .filter(Q(named_contacts__role="named_doctor", named_contacts__valid_to__isnull=True))
        .filter(pk__in=Listing.objects.filter(valid_to__isnull=True).values("person"))
        .filter(pk__in=Residence.objects.filter(valid_to__isnull=True).values("person"))
        .order_by("identifier")
    )
    person = (
        candidates.first() or Person.objects.filter(death_date__isnull=True).order_by("pk").first()
    )
    if person is None:
        raise DemoSetupError("Inga invånare finns; generera ett län först.")
    return person


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _pick_guardian() -> Person | None:
    """A parent who is a current guardian of a child young enough for the guardian's view
    (access.config.guardian_view_until_age), preferring a child with a finalised, open SIP; None
    when the county has no guardian who is themselves a person in it."""
    from navet.access.config import guardian_view_until_age
    from navet.plans.models import CoordinatedPlan

    today = date.today()
    rows = (
        Relative.objects.filter(
            Relative.valid_on(today),
            is_guardian=True,
            person__birth_date__gt=_years_before(today, guardian_view_until_age()),
            person__death_date__isnull=True,
            person__protected_identity=False,
            related_person__isnull=False,
            related_person__user__isnull=True,
            related_person__death_date__isnull=True,
            related_person__protected_identity=False,
        )
        .select_related("related_person")
        .order_by("person__identifier", "pk")
    )
    with_plan = CoordinatedPlan.objects.filter(
        finalised_version__isnull=False, closed_at__isnull=True
    ).values("person")
    row = rows.filter(person__in=with_plan).first() or rows.first()
    return row.related_person if row is not None else None


def _user(
    username: str, password: str, first: str, last: str, role: Role, *, password_on_file: bool
) -> User:
    user, created = User.objects.get_or_create(username=username)
    user.first_name, user.last_name = first, last
    # Hashing is deliberately slow (Argon2): skip it when the user already has the filed password.
    if created or not password_on_file or not user.has_usable_password():
        user.set_password(password)
    user.save()
    # Demo users keep the printed password alone: a second factor is optional for them.
    optional = Group.objects.get_or_create(name="otp_optional")[0]
    user.groups.set([Group.objects.get_or_create(name=role.value)[0], optional])
    return user


@transaction.atomic
def ensure_demo_users(*, password_file: Path = PASSWORD_FILE) -> list[DemoUser]:
    """Create (or refresh) one demo user per role and return them with their passwords."""
    passwords = _load_passwords(password_file)
    on_file = set(passwords)
    result: list[DemoUser] = []

    def add(username: str, owner: Staff | Person, role: Role, unit: str, label: str = "") -> None:
        """The demo user `username` with `role`, logging in as `owner` (staff or a resident)."""
        password = passwords.setdefault(username, secrets.token_urlsafe(9))
        user = _user(
            username,
            password,
            owner.given_name,
            owner.family_name,
            role,
            password_on_file=username in on_file,
        )
        if owner.user_id != user.pk:
            owner.user = user
            owner.save(update_fields=["user"])
        result.append(
            DemoUser(username, password, role.value, label or role.label, owner.full_name, unit)
        )

    taken: set[int] = set(
        Staff.objects.filter(user__username__in=[r[1] for r in _STAFF_ROLES]).values_list(
            "pk", flat=True
        )
    )
    for role, username, profession, unit_kind, assignment_role in _STAFF_ROLES:
        existing = Staff.objects.filter(user__username=username).first()
        if existing:
            staff = existing
            unit = existing.assignments.order_by("-valid_from").first().unit
        else:
            staff, unit = _pick_staff(profession, unit_kind, assignment_role, taken)
        taken.add(staff.pk)
        add(username, staff, role, unit.name)

    office = _region_office()
    for role, username, profession, first, last, hsa_suffix in _OFFICE_ROLES:
        staff, created = Staff.objects.get_or_create(
            hsa_id=f"{office.hsa_id.split('-')[0]}-{hsa_suffix}",
            defaults={"given_name": first, "family_name": last, "profession": profession},
        )
        if created:
            Assignment.objects.create(staff=staff, unit=office, valid_from=date(2020, 1, 1))
        add(username, staff, role, office.name)

    staff, unit = _municipal_finance()
    add("kommunekonom", staff, Role.MUNICIPAL_FINANCE, unit.name)

    person = Person.objects.filter(user__username="invanare").first() or _pick_resident()
    add("invanare", person, Role.RESIDENT, "—")

    # A guardian (vårdnadshavare) of a child with a SIP: *Mina barn* (docs/plans.md §10).
    guardian = Person.objects.filter(user__username="vardnadshavare").first() or _pick_guardian()
    if guardian is not None:
        label = f"{Role.RESIDENT.label} (vårdnadshavare)"
        add("vardnadshavare", guardian, Role.RESIDENT, "—", label)

    password_file.parent.mkdir(exist_ok=True)
    password_file.write_text(json.dumps([asdict(u) for u in result], ensure_ascii=False, indent=2))
    password_file.chmod(0o600)
    return result
