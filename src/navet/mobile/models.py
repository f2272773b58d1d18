"""Mobile teams: requests, triage, home visits and the joint follow-up of frequent ED attenders.

A team is a CareUnit of kind `mobile_team` (it then has staff, an inbox and care relationships
like any unit); `TeamProfile` adds who runs it (region, municipality or both) and the node it
serves. The 7-day outcome is not stored: it is computed from the activity data when shown
(navet.mobile.outcomes), so a late-arriving ED visit changes it without a job.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from navet.organisation.models import CareUnit, Municipality, Staff, Subarea
from navet.residents.models import Person


class Arrangement(models.TextChoices):
    REGION = "region", "Regionens team"
    MUNICIPALITY = "municipality", "Kommunens team"
    JOINT = "joint", "Gemensamt team (region och kommun)"


class TeamProfile(models.Model):
    unit = models.OneToOneField(
        CareUnit,
        on_delete=models.CASCADE,
        related_name="mobile_profile",
        limit_choices_to={"kind": "mobile_team"},
    )
    arrangement = models.CharField("driftform", max_length=20, choices=Arrangement.choices)
    subarea = models.ForeignKey(
        Subarea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name="nod",
        help_text="Teamets område; tomt: enhetens kommuns nod.",
    )

    class Meta:
        verbose_name = "mobilt team"
        verbose_name_plural = "mobila team"

    def __str__(self) -> str:
        return f"{self.unit} ({self.get_arrangement_display()})"


class Channel(models.TextChoices):
    HOME_HEALTH_CARE = "home_health_care", "Kommunal hemsjukvård"
    HEALTH_CENTRE = "health_centre", "Vårdcentral"
    PHONE_1177 = "1177", "1177 Vårdguiden"
    EMERGENCY_DEPARTMENT = "emergency_department", "Akutmottagning"


class Urgency(models.TextChoices):
    # Declared in order of urgency: the worklist sorts by it.
    ACUTE = "acute", "Akut – inom 2 timmar"
    SAME_DAY = "same_day", "Samma dag"
    PLANNED = "planned", "Inom några dagar"


URGENCY_ORDER = {value: i for i, value in enumerate(Urgency.values)}


class Status(models.TextChoices):
    RECEIVED = "received", "Inkommen"
    ACCEPTED = "accepted", "Accepterad, besök planerat"
    ADVISED = "advised", "Råd lämnade"
    DECLINED = "declined", "Avböjd"
    VISITED = "visited", "Hembesök gjort"


OPEN_STATUSES = (Status.RECEIVED, Status.ACCEPTED)


class MobileRequest(models.Model):
    key = models.CharField(max_length=200, unique=True)  # idempotency: a double submit is one
    team = models.ForeignKey(CareUnit, on_delete=models.PROTECT, related_name="mobile_requests")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="mobile_requests")
    channel = models.CharField("från", max_length=30, choices=Channel.choices)
    from_unit = models.ForeignKey(
        CareUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sender_name = models.CharField("avsändare", max_length=200)
    reason = models.TextField("orsak")
    urgency = models.CharField("angelägenhet", max_length=10, choices=Urgency.choices)
    received_at = models.DateTimeField("inkom")
    status = models.CharField(
        "status", max_length=10, choices=Status.choices, default=Status.RECEIVED
    )
    triaged_at = models.DateTimeField("bedömd", null=True, blank=True)
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    planned_at = models.DateTimeField("planerat besök", null=True, blank=True)
    triage_note = models.TextField("råd eller skäl", blank=True)

    class Meta:
        verbose_name = "begäran till mobilt team"
        verbose_name_plural = "begäranden till mobilt team"
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["team", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(planned_at__isnull=False),
                name="mobile_accepted_has_planned_time",
            )
        ]

    def __str__(self) -> str:
        return f"Begäran {self.pk} till {self.team}"

    @property
    def urgency_rank(self) -> int:
        return URGENCY_ORDER[self.urgency]


class VisitOutcome(models.TextChoices):
    MANAGED_AT_HOME = "managed_at_home", "Omhändertagen i hemmet"
    REFERRED = "referred", "Hänvisad (vårdcentral, specialistvård)"
    ADMITTED = "admitted", "Inlagd på sjukhus"


class HomeVisit(models.Model):
    request = models.OneToOneField(MobileRequest, on_delete=models.CASCADE, related_name="visit")
    visited_at = models.DateTimeField("besökstid")
    staff = models.ManyToManyField(Staff, related_name="+", verbose_name="deltog")
    findings = models.TextField("bedömning och fynd")
    actions = models.TextField("åtgärder")
    outcome = models.CharField("utfall", max_length=20, choices=VisitOutcome.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField("registrerat")

    class Meta:
        verbose_name = "hembesök"
        verbose_name_plural = "hembesök"

    def __str__(self) -> str:
        return f"Hembesök {self.visited_at:%Y-%m-%d}"


class FollowUpStatus(models.TextChoices):
    OPEN = "open", "Pågår"
    CLOSED = "closed", "Avslutad"


class JointFollowUp(models.Model):
    """The team's and the municipality's joint follow-up of a frequent ED attender."""

    key = models.CharField(max_length=200, unique=True)
    team = models.ForeignKey(CareUnit, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    ed_visits = models.PositiveSmallIntegerField("akutbesök senaste året vid start")
    contact = models.CharField("kontakt i kommunen", max_length=200)
    plan = models.TextField("överenskommen plan")
    outcome = models.TextField("utfall", blank=True)
    status = models.CharField(
        "status", max_length=10, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN
    )
    opened_at = models.DateTimeField("startad")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    closed_at = models.DateTimeField("avslutad", null=True, blank=True)

    class Meta:
        verbose_name = "gemensam uppföljning"
        verbose_name_plural = "gemensamma uppföljningar"
        constraints = [
            models.UniqueConstraint(
                fields=["team", "person"],
                condition=Q(status="open"),
                name="mobile_one_open_follow_up_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"Gemensam uppföljning {self.pk} ({self.get_status_display().lower()})"
