"""Safe discharge under lag (2017:612): the inpatient stay as a sequence of events, and the notices
it sends to the units that take over.

An `InpatientStay` is the whole hospital stay of one person, across transfers between wards
(the law's "vårdtillfälle" from the receiving units' point of view). Its fields hold the current
state for worklists; the truth is the append-only `StayEvent` log: nothing is edited in place, a
wrong time is put right by a `corrected` event that names the event it corrects (see
docs/transitions.md).
A stay imported from the hospital's system links its first ward episode in `navet.activity`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from navet.activity.models import AdmissionType, CareType, InpatientEpisode
from navet.organisation.models import CareUnit, Municipality
from navet.residents.models import Person


class Destination(models.TextChoices):
    HOME = "home", "Hem"
    HOME_WITH_HOME_CARE = "home_with_home_care", "Hem med hemtjänst eller hemsjukvård"
    NURSING_HOME = "nursing_home", "Särskilt boende"
    SHORT_TERM = "short_term", "Korttidsboende"
    OTHER_HOSPITAL = "other_hospital", "Annat sjukhus"
    DECEASED = "deceased", "Avliden"
    OTHER = "other", "Annat"


class ConsentAnswer(models.TextChoices):
    GIVEN = "given", "Samtycker till informationsöverföring"
    REFUSED = "refused", "Samtycker inte"
    NOT_ASKED = "not_asked", "Inte tillfrågad än (kan inte ta ställning)"


class InpatientStay(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="stays")
    ward = models.ForeignKey(
        CareUnit, on_delete=models.PROTECT, related_name="+", verbose_name="avdelning"
    )
    admitted_at = models.DateTimeField("inskrivningstid")
    admission_type = models.CharField(
        "inskrivningssätt", max_length=10, choices=AdmissionType.choices
    )
    care_type = models.CharField("vårdtyp", max_length=12, choices=CareType.choices)
    admission_reason = models.CharField("inskrivningsorsak", max_length=300, blank=True)
    consent = models.CharField(
        "samtycke", max_length=10, choices=ConsentAnswer.choices, default=ConsentAnswer.NOT_ASKED
    )
    # The rule in force at admission: the registered municipality and the listing on the day
    # of admission route every notice of the stay, even if the person moves during it.
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    needs_assessed_at = models.DateTimeField(
        "bedömt behov av insatser efter utskrivning", null=True, blank=True
    )
    estimated_discharge = models.DateField("beräknat utskrivningsdatum", null=True, blank=True)
    ready_at = models.DateTimeField("utskrivningsklar", null=True, blank=True)
    discharged_at = models.DateTimeField("utskrivningstid", null=True, blank=True)
    destination = models.CharField(
        "utskrivning till", max_length=30, choices=Destination.choices, blank=True
    )
    activity_episode = models.OneToOneField(
        InpatientEpisode, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    key = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "vårdtillfälle (utskrivning)"
        verbose_name_plural = "vårdtillfällen (utskrivning)"
        ordering = ["-admitted_at", "-pk"]
        indexes = [
            models.Index(fields=["ward", "discharged_at"]),
            models.Index(fields=["person", "admitted_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(discharged_at__isnull=True)
                | Q(discharged_at__gte=models.F("admitted_at")),
                name="stay_discharge_after_admission",
            ),
        ]

    def __str__(self) -> str:
        return f"Vårdtillfälle {timezone.localtime(self.admitted_at):%Y-%m-%d} ({self.pk})"

    @property
    def is_open(self) -> bool:
        return self.discharged_at is None


class EventKind(models.TextChoices):
    ADMITTED = "admitted", "Inskriven"
    ASSESSED = "assessed", "Bedömt behov av insatser efter utskrivning"
    ESTIMATE = "estimate", "Beräknat utskrivningsdatum"
    TRANSFERRED = "transferred", "Överflyttad"
    READY = "ready", "Utskrivningsklar"
    NOT_READY = "not_ready", "Inte längre utskrivningsklar"
    DISCHARGED = "discharged", "Utskriven"
    CORRECTED = "corrected", "Rättelse"


# The events whose time a correction may put right.
TIMED_EVENTS = (
    EventKind.ADMITTED,
    EventKind.ASSESSED,
    EventKind.TRANSFERRED,
    EventKind.READY,
    EventKind.NOT_READY,
    EventKind.DISCHARGED,
)


class StayEvent(models.Model):
    """One thing that happened in a stay, recorded by a named user (or an import)."""

    stay = models.ForeignKey(InpatientStay, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("händelse", max_length=12, choices=EventKind.choices)
    at = models.DateTimeField("tidpunkt")
    recorded_at = models.DateTimeField("registrerad", default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_by_name = models.CharField("registrerad av", max_length=200)
    unit = models.ForeignKey(
        CareUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )  # the ward transferred to
    estimate = models.DateField(null=True, blank=True)
    destination = models.CharField(max_length=30, choices=Destination.choices, blank=True)
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections"
    )
    reason = models.CharField("motivering", max_length=500, blank=True)
    key = models.CharField(max_length=200, unique=True)

    class Meta:
        verbose_name = "händelse i vårdtillfälle"
        verbose_name_plural = "händelser i vårdtillfällen"
        ordering = ["recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {timezone.localtime(self.at):%Y-%m-%d %H:%M}"

    def effective_at(self):
        """The time after the latest correction (the event's own `at` is never changed)."""
        latest = max(self.corrections.all(), key=lambda c: (c.recorded_at, c.pk), default=None)
        return latest.at if latest else self.at


class NoticeKind(models.TextChoices):
    ADMISSION = "admission_notice", "Inskrivningsmeddelande"
    READY = "ready_notice", "Underrättelse om utskrivningsklar"
    NOT_READY = "not_ready_notice", "Inte längre utskrivningsklar"


class Notice(models.Model):
    """A notice of the stay to one receiving unit, delivered as an item in its inbox (which
    holds the acknowledgement). `due_at` is the statutory time it had to be sent by."""

    stay = models.ForeignKey(InpatientStay, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField("typ", max_length=20, choices=NoticeKind.choices)
    unit = models.ForeignKey(CareUnit, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveSmallIntegerField(default=1)
    estimate = models.DateField(null=True, blank=True)
    due_at = models.DateTimeField("ska skickas senast", null=True, blank=True)
    sent_at = models.DateTimeField("skickat")
    inbox_item = models.ForeignKey(
        "messaging.InboxItem", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "meddelande"
        verbose_name_plural = "meddelanden"
        ordering = ["sent_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["stay", "unit", "kind", "version"], name="notice_once_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} till {self.unit} ({self.version})"

    @property
    def sent_late(self) -> bool:
        return self.due_at is not None and self.sent_at > self.due_at


class IntakeUnit(models.Model):
    """The unit of a municipality that receives admission notices (its intake, usually the care
    managers). Without a row, the municipality's social-services unit receives them."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    unit = models.ForeignKey(
        CareUnit, on_delete=models.PROTECT, related_name="+", verbose_name="mottagande enhet"
    )

    class Meta:
        verbose_name = "kommunens mottagning av inskrivningsmeddelanden"
        verbose_name_plural = "kommunernas mottagning av inskrivningsmeddelanden"

    def __str__(self) -> str:
        return f"{self.municipality}: {self.unit}"


# Planning before discharge (issue 7 part 3) lives in its own module.
from navet.transitions.models_followon import (  # noqa: E402, F401
    DischargeNotice,
    FollowUpCall,
    Readmission,
    SipCall,
)
from navet.transitions.models_gaps import GapReason, GapStatus, RegionGap  # noqa: E402, F401
from navet.transitions.models_planning import (  # noqa: E402, F401
    ChecklistMark,
    HealthCentrePlan,
    MunicipalPlan,
    PlanningMessage,
    Side,
)
