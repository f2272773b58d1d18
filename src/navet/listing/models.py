"""What the listing app keeps beside the residents' own records: waiting lists for health centres
at their listing cap, the life-threatening-condition flag that decides who may be a named care
contact, and the record of each listing-file import."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from navet.organisation.models import CareUnit, Staff
from navet.residents.models import ListingOrigin, Person


class WaitingStatus(models.TextChoices):
    WAITING = "waiting", "Väntar"
    LISTED = "listed", "Listad"
    WITHDRAWN = "withdrawn", "Återtagen"


class WaitingListEntry(models.Model):
    """A person waiting for a place at a health centre that has reached its listing cap
    (listningstak). Served in order of `requested_on`, then of registration."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="waiting_lists")
    unit = models.ForeignKey(CareUnit, on_delete=models.PROTECT, related_name="waiting_list")
    requested_on = models.DateField("önskat från")
    origin = models.CharField(
        "hur önskemålet kom till", max_length=20, choices=ListingOrigin.choices
    )
    status = models.CharField(
        "status", max_length=20, choices=WaitingStatus.choices, default=WaitingStatus.WAITING
    )
    registered_by = models.ForeignKey(
        Staff, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField("anteckning", max_length=300, blank=True)
    key = models.CharField(max_length=64, unique=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "plats på väntelista"
        verbose_name_plural = "väntelista"
        ordering = ["unit", "requested_on", "created_at", "pk"]
        indexes = [models.Index(fields=["unit", "status", "requested_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "unit"],
                condition=Q(status="waiting"),
                name="waiting_list_once_per_unit",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} väntar på {self.unit} sedan {self.requested_on}"


class LifeThreateningCondition(models.Model):
    """The person has a life-threatening condition (SOSFS 2011:7): their named care contact must
    be a licensed doctor. Health data, recorded at a unit (the gate decides who sees it)."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="life_threatening_conditions"
    )
    unit = models.ForeignKey(CareUnit, on_delete=models.PROTECT, related_name="+")
    valid_from = models.DateField("från")
    valid_to = models.DateField("till och med", null=True, blank=True)
    noted_by = models.ForeignKey(
        Staff, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField("anteckning", max_length=300, blank=True)
    key = models.CharField(max_length=64, unique=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "livshotande tillstånd"
        verbose_name_plural = "livshotande tillstånd"
        indexes = [models.Index(fields=["person", "valid_from"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="life_threatening_period_order",
            )
        ]

    def __str__(self) -> str:
        return f"Livshotande tillstånd ({self.valid_from}–{self.valid_to or ''})"


class ImportMode(models.TextChoices):
    ALL_OR_NOTHING = "all_or_nothing", "Allt eller inget"
    VALID_ONLY = "valid_only", "Bara giltiga rader"
    CHECK_ONLY = "check_only", "Bara kontroll"


class ListingImport(models.Model):
    """One run of a listing-file import: who, which file, and what came of it (the rows
    themselves are listings, each with its own audit row)."""

    created_at = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True)
    file_name = models.CharField("fil", max_length=255)
    sha256 = models.CharField(max_length=64)
    mode = models.CharField(max_length=20, choices=ImportMode.choices)
    rows = models.PositiveIntegerField(default=0)
    listed = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    invalid = models.PositiveIntegerField(default=0)
    committed = models.BooleanField(default=False)
    errors = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = "import av listningsfil"
        verbose_name_plural = "importer av listningsfiler"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%Y-%m-%d %H:%M})"


class ProposalSource(models.TextChoices):
    UI = "ui", "Webben"
    CLI = "cli", "Kommando"


class ProposalRun(models.Model):
    """One run of the named-doctor proposals for one health centre (issue 5 part 4): who ran it,
    when, with which capacities, and what came of it. A county run is one run per centre."""

    unit = models.ForeignKey(CareUnit, on_delete=models.PROTECT, related_name="proposal_runs")
    on = models.DateField("gäller")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField("körd av", max_length=150, blank=True)
    source = models.CharField(max_length=10, choices=ProposalSource.choices)
    overshoot_percent = models.PositiveSmallIntegerField(default=0)
    candidates = models.PositiveIntegerField("utan fast läkarkontakt", default=0)
    proposed = models.PositiveIntegerField("förslag", default=0)
    unassigned = models.PositiveIntegerField("utan förslag", default=0)
    solve_seconds = models.FloatField(default=0)
    doctors = models.JSONField(default=list, blank=True)  # capacities when it ran
    key = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = "körning av förslag på fast läkarkontakt"
        verbose_name_plural = "körningar av förslag på fast läkarkontakt"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Förslag {self.unit} {self.created_at:%Y-%m-%d %H:%M}"


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", "Föreslagen"
    ACCEPTED = "accepted", "Godkänd"
    SKIPPED = "skipped", "Inte genomförd"
    UNASSIGNED = "unassigned", "Utan förslag (ingen kapacitet)"


class Proposal(models.Model):
    """A proposed named doctor for one person (or, with no doctor, a person left without one,
    kept in order of need)."""

    run = models.ForeignKey(ProposalRun, on_delete=models.CASCADE, related_name="proposals")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    doctor = models.ForeignKey(
        Staff, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    need = models.PositiveSmallIntegerField("behov")
    visits_with_doctor = models.PositiveIntegerField("besök hos läkaren", default=0)
    most_seen = models.BooleanField("läkaren personen träffat mest", default=False)
    status = models.CharField(max_length=12, choices=ProposalStatus.choices)
    note = models.CharField(max_length=300, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "förslag på fast läkarkontakt"
        verbose_name_plural = "förslag på fast läkarkontakt"
        ordering = ["run", "-need", "pk"]
        indexes = [models.Index(fields=["run", "status"])]

    def __str__(self) -> str:
        return f"{self.person_id} → {self.doctor_id or '–'} ({self.status})"


from navet.listing.models_capacity import (  # noqa: E402, F401  (models of this app)
    ChoiceKind,
    ChoiceStatus,
    GuideValue,
    NamedDoctorChoice,
)
