"""The county's organisation: geography, principals, care providers, care units and staff.

Principal (huvudman) and care provider (vårdgivare/omsorgsgivare) are kept apart on purpose: a
private health centre on contract is its own care provider while the region stays the principal, and
blocks and consent work between care providers, not principals.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q


class County(models.Model):
    code = models.CharField("länskod", max_length=2, primary_key=True)
    name = models.CharField("namn", max_length=100)

    class Meta:
        verbose_name = "län"
        verbose_name_plural = "län"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Subarea(models.Model):
    """A node / länsdel: a group of municipalities that collaborate (e.g. Nod Sala)."""

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="subareas")
    name = models.CharField("namn", max_length=100)

    class Meta:
        verbose_name = "nod"
        verbose_name_plural = "noder"
        ordering = ["county", "name"]
        constraints = [
            models.UniqueConstraint(fields=["county", "name"], name="subarea_unique_name_in_county")
        ]

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    code = models.CharField("kommunkod", max_length=4, primary_key=True)
    name = models.CharField("namn", max_length=100)
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="municipalities")
    subarea = models.ForeignKey(
        Subarea, on_delete=models.SET_NULL, null=True, blank=True, related_name="municipalities"
    )
    population = models.PositiveIntegerField("folkmängd", null=True, blank=True)
    population_year = models.PositiveSmallIntegerField("år för folkmängd", null=True, blank=True)

    class Meta:
        verbose_name = "kommun"
        verbose_name_plural = "kommuner"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class PrincipalKind(models.TextChoices):
    REGION = "region", "Region"
    MUNICIPALITY = "municipality", "Kommun"


class Principal(models.Model):
    """Huvudman: the body legally responsible for care (a region or a municipality)."""

    kind = models.CharField("typ", max_length=20, choices=PrincipalKind.choices)
    name = models.CharField("namn", max_length=150)
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="principals")
    municipality = models.OneToOneField(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="principal"
    )
    organisation_number = models.CharField("organisationsnummer", max_length=10, blank=True)

    class Meta:
        verbose_name = "huvudman"
        verbose_name_plural = "huvudmän"
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="region", municipality__isnull=True)
                | Q(kind="municipality", municipality__isnull=False),
                name="principal_municipality_matches_kind",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Ownership(models.TextChoices):
    PUBLIC = "public", "Offentlig"
    PRIVATE = "private", "Privat"


class CareProvider(models.Model):
    """Vårdgivare / omsorgsgivare: the legal body that gives care, on behalf of a principal."""

    name = models.CharField("namn", max_length=150)
    organisation_number = models.CharField("organisationsnummer", max_length=10, blank=True)
    ownership = models.CharField("driftsform", max_length=10, choices=Ownership.choices)
    principal = models.ForeignKey(
        Principal,
        on_delete=models.PROTECT,
        related_name="care_providers",
        help_text="Huvudmannen som vårdgivaren är ansvarig inför (egen regi eller avtal).",
    )

    class Meta:
        verbose_name = "vårdgivare"
        verbose_name_plural = "vårdgivare"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class UnitKind(models.TextChoices):
    HEALTH_CENTRE = "health_centre", "Vårdcentral"
    INPATIENT_WARD = "inpatient_ward", "Vårdavdelning"
    EMERGENCY_DEPARTMENT = "emergency_department", "Akutmottagning"
    SPECIALIST_CLINIC = "specialist_clinic", "Specialistmottagning"
    HOME_HEALTH_CARE = "home_health_care", "Kommunal hälso- och sjukvård"
    HOME_CARE = "home_care", "Hemtjänst"
    NURSING_HOME = "nursing_home", "Särskilt boende"
    MOBILE_TEAM = "mobile_team", "Mobilt team"
    SCHOOL_HEALTH = "school_health", "Elevhälsa"
    SOCIAL_SERVICES = "social_services", "Socialtjänst (biståndshandläggning)"
    ADMINISTRATION = "administration", "Förvaltning / stab"


class CareProcess(models.Model):
    """Vårdprocess: a line of care within one care provider that several units belong to (e.g.
    psykiatri, barn- och ungdomspsykiatri, beroendevård, ungdomsmottagning). Each care provider
    configures its own. A person can block the data of a whole care process from every unit
    outside it (an internal block, navet.access)."""

    care_provider = models.ForeignKey(
        CareProvider, on_delete=models.PROTECT, related_name="care_processes"
    )
    code = models.SlugField("kod", max_length=40)
    name = models.CharField("namn", max_length=150)
    description = models.CharField("beskrivning", max_length=300, blank=True)

    class Meta:
        verbose_name = "vårdprocess"
        verbose_name_plural = "vårdprocesser"
        ordering = ["care_provider", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["care_provider", "code"], name="care_process_code_per_provider"
            )
        ]

    def __str__(self) -> str:
        return self.name


class CareUnit(models.Model):
    """Vårdenhet: any unit that gives care. Identified by its HSA-id."""

    hsa_id = models.CharField("HSA-id", max_length=31, unique=True)
    name = models.CharField("namn", max_length=150)
    kind = models.CharField("typ", max_length=30, choices=UnitKind.choices)
    care_provider = models.ForeignKey(CareProvider, on_delete=models.PROTECT, related_name="units")
    principal = models.ForeignKey(Principal, on_delete=models.PROTECT, related_name="units")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="units")
    hospital = models.CharField(
        "sjukhus", max_length=100, blank=True, help_text="För avdelningar och akutmottagningar."
    )
    listing_cap = models.PositiveIntegerField("listningstak", null=True, blank=True)
    care_process = models.ForeignKey(
        CareProcess,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
        verbose_name="vårdprocess",
        help_text="Vårdprocessen inom vårdgivaren som enheten hör till, om någon.",
    )
    # How residents reach the unit (shown on their own pages with their named contacts).
    phone = models.CharField("telefon", max_length=30, blank=True, default="", db_default="")
    address = models.CharField(
        "besöksadress", max_length=200, blank=True, default="", db_default=""
    )
    active_from = models.DateField("startdatum", null=True, blank=True)
    active_to = models.DateField("slutdatum", null=True, blank=True)

    class Meta:
        verbose_name = "vårdenhet"
        verbose_name_plural = "vårdenheter"
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "municipality"])]

    def __str__(self) -> str:
        return self.name

    @property
    def ownership(self) -> str:
        return self.care_provider.ownership

    def clean(self):
        super().clean()
        if (
            self.care_process_id
            and self.care_provider_id
            and self.care_process.care_provider_id != self.care_provider_id
        ):
            raise ValidationError(
                {"care_process": "Vårdprocessen hör till en annan vårdgivare än enheten."}
            )


class Profession(models.TextChoices):
    DOCTOR = "doctor", "Läkare"
    NURSE = "nurse", "Sjuksköterska"
    DISTRICT_NURSE = "district_nurse", "Distriktssköterska"
    ASSISTANT_NURSE = "assistant_nurse", "Undersköterska"
    PHYSIOTHERAPIST = "physiotherapist", "Fysioterapeut"
    OCCUPATIONAL_THERAPIST = "occupational_therapist", "Arbetsterapeut"
    PSYCHOLOGIST = "psychologist", "Psykolog"
    COUNSELLOR = "counsellor", "Kurator"
    CARE_MANAGER = "care_manager", "Biståndshandläggare"
    DIETITIAN = "dietitian", "Dietist"
    ADMINISTRATOR = "administrator", "Administratör"
    ANALYST = "analyst", "Analytiker"
    OTHER = "other", "Annan"


# Professions that require a licence (legitimation) from Socialstyrelsen.
LICENSED_PROFESSIONS = frozenset(
    {
        "doctor",
        "nurse",
        "district_nurse",
        "physiotherapist",
        "occupational_therapist",
        "psychologist",
        "dietitian",
    }
)


class DoctorGrade(models.TextChoices):
    SPECIALIST = "specialist", "Specialist"
    ST = "st", "ST-läkare"
    OTHER = "other", "Annan läkare"


class Specialty(models.TextChoices):
    GENERAL_PRACTICE = "general_practice", "Allmänmedicin"
    GERIATRICS = "geriatrics", "Geriatrik"
    PAEDIATRICS = "paediatrics", "Barn- och ungdomsmedicin"
    INTERNAL_MEDICINE = "internal_medicine", "Internmedicin"
    SURGERY = "surgery", "Kirurgi"
    ORTHOPAEDICS = "orthopaedics", "Ortopedi"
    PSYCHIATRY = "psychiatry", "Psykiatri"
    EMERGENCY_MEDICINE = "emergency_medicine", "Akutsjukvård"
    OTHER = "other", "Annan"


class Staff(models.Model):
    """A member of staff, identified by a personal HSA-id; may serve several units."""

    hsa_id = models.CharField("HSA-id", max_length=31, unique=True)
    given_name = models.CharField("förnamn", max_length=100)
    family_name = models.CharField("efternamn", max_length=100)
    profession = models.CharField("yrke", max_length=30, choices=Profession.choices)
    licensed = models.BooleanField("legitimerad", default=False)
    licence_number = models.CharField("legitimationsnummer", max_length=20, blank=True)
    doctor_grade = models.CharField(
        "läkarkategori", max_length=12, choices=DoctorGrade.choices, blank=True
    )
    specialty = models.CharField(
        "specialitet", max_length=30, choices=Specialty.choices, blank=True
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff",
    )

    class Meta:
        verbose_name = "medarbetare"
        verbose_name_plural = "medarbetare"
        ordering = ["family_name", "given_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(profession="doctor") | Q(doctor_grade=""),
                name="staff_doctor_grade_only_for_doctors",
            )
        ]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def full_name(self) -> str:
        return str(self)


class AssignmentRole(models.TextChoices):
    STAFF = "staff", "Medarbetare"
    UNIT_HEAD = "unit_head", "Verksamhetschef"
    COORDINATOR = "coordinator", "Samordnare"
    SECURITY_OFFICER = "security_officer", "Säkerhetsansvarig"


class Assignment(models.Model):
    """A member of staff serving a unit for a period, with a share of a full-time post."""

    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(CareUnit, on_delete=models.PROTECT, related_name="assignments")
    role = models.CharField("roll", max_length=20, choices=AssignmentRole.choices, default="staff")
    fte = models.DecimalField("tjänstgöringsgrad", max_digits=4, decimal_places=2, default=1)
    valid_from = models.DateField("från")
    valid_to = models.DateField("till och med", null=True, blank=True)

    class Meta:
        verbose_name = "placering"
        verbose_name_plural = "placeringar"
        ordering = ["staff", "valid_from"]
        indexes = [models.Index(fields=["unit", "valid_from"])]
        constraints = [
            models.CheckConstraint(condition=Q(fte__gt=0, fte__lte=1), name="assignment_fte_range"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="assignment_period_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.staff} – {self.unit}"
