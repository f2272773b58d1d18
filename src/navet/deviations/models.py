"""Shared deviations (avvikelser): one record that both principals work in. Reported by anyone in
region or municipality, routed to the responsible unit (usually the other principal's),
received, investigated and closed with measures and a conclusion (HSLF-FS 2017:40 systematic
quality work); a lex Maria / lex Sarah flag marks those that go on to a formal investigation."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from navet.deviations import config
from navet.organisation.models import CareUnit
from navet.residents.models import Person

USER = settings.AUTH_USER_MODEL


class Severity(models.TextChoices):
    NONE = "none", "Ingen skada"
    MILD = "mild", "Lindrig skada"
    MODERATE = "moderate", "Måttlig skada"
    SEVERE = "severe", "Allvarlig skada"
    RISK_SEVERE = "risk_severe", "Risk för allvarlig skada"


# Severities after which the form suggests a lex Maria / lex Sarah assessment.
SERIOUS = frozenset({Severity.SEVERE, Severity.RISK_SEVERE})


class Status(models.TextChoices):
    REPORTED = "reported", "Anmäld"
    RECEIVED = "received", "Mottagen"
    INVESTIGATING = "investigating", "Under utredning"
    CLOSED = "closed", "Avslutad"


class CaseKind(models.TextChoices):
    STAY = "stay", "Utskrivning (vårdtillfälle)"
    SIP = "sip", "SIP"
    MOBILE = "mobile_request", "Mobilt team (uppdrag och hembesök)"
    MONITORING = "monitoring_alert", "Hemmonitorering (larm)"


class Escalation(models.TextChoices):
    NONE = "", "Nej"
    LEX_MARIA = "lex_maria", "Lex Maria (hälso- och sjukvård)"
    LEX_SARAH = "lex_sarah", "Lex Sarah (socialtjänst)"


class Deviation(models.Model):
    key = models.CharField(max_length=200, unique=True)  # idempotency: a double submit is one
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="deviations"
    )
    # The case by a generic reference (the owning app validates it: navet.deviations.cases).
    case_kind = models.CharField("ärendetyp", max_length=20, choices=CaseKind.choices, blank=True)
    case_id = models.PositiveBigIntegerField(null=True, blank=True)
    case_label = models.CharField("ärende", max_length=200, blank=True)
    category = models.CharField("kategori", max_length=40)
    severity = models.CharField("allvarlighetsgrad", max_length=20, choices=Severity.choices)
    occurred_at = models.DateTimeField("händelsetid")
    reported_at = models.DateTimeField("anmäld")
    reported_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    reported_by_name = models.CharField("anmälare", max_length=200)
    reporting_unit = models.ForeignKey(CareUnit, on_delete=models.PROTECT, related_name="+")
    responsible_unit = models.ForeignKey(
        CareUnit, on_delete=models.PROTECT, related_name="deviations"
    )
    description = models.TextField("händelsebeskrivning")
    immediate_action = models.TextField("omedelbar åtgärd", blank=True)
    escalation = models.CharField(
        "lex Maria / lex Sarah", max_length=10, choices=Escalation.choices, blank=True
    )
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.REPORTED)
    received_at = models.DateTimeField(null=True, blank=True)
    investigator = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    investigator_name = models.CharField("utredare", max_length=200, blank=True)
    investigation_started_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by_name = models.CharField(max_length=200, blank=True)
    conclusion = models.TextField("slutsats", blank=True)
    measures = models.TextField("åtgärder", blank=True)
    routed_item = models.ForeignKey(
        "messaging.InboxItem", on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "avvikelse"
        verbose_name_plural = "avvikelser"
        ordering = ["-reported_at", "-pk"]
        indexes = [
            models.Index(fields=["responsible_unit", "status"]),
            models.Index(fields=["reporting_unit", "status"]),
            models.Index(fields=["reported_at"]),
            models.Index(fields=["case_kind", "case_id"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(case_kind="") | models.Q(person__isnull=False),
                name="deviation_case_has_person",
            ),
        ]

    def __str__(self) -> str:
        return f"Avvikelse {self.pk}"

    @property
    def is_closed(self) -> bool:
        return self.status == Status.CLOSED

    @property
    def category_label(self) -> str:
        return config.category_label(self.category)


class EventKind(models.TextChoices):
    REPORTED = "reported", "Anmäld och skickad"
    RECEIVED = "received", "Mottagen"
    INVESTIGATING = "investigating", "Utredning påbörjad"
    FORWARDED = "forwarded", "Skickad vidare"
    CLOSED = "closed", "Avslutad"


class DeviationEvent(models.Model):
    """The deviation's history. `to_unit` is set when it was routed or forwarded: the units it
    passed through are the parties that see it (with the reporting unit)."""

    deviation = models.ForeignKey(Deviation, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=15, choices=EventKind.choices)
    at = models.DateTimeField()
    by_name = models.CharField(max_length=200)
    unit = models.ForeignKey(CareUnit, on_delete=models.PROTECT, related_name="+")
    to_unit = models.ForeignKey(
        CareUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"


class Comment(models.Model):
    key = models.CharField(max_length=200, unique=True)
    deviation = models.ForeignKey(Deviation, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    author_name = models.CharField(max_length=200)
    unit = models.ForeignKey(CareUnit, on_delete=models.PROTECT, related_name="+")
    text = models.TextField("kommentar")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Kommentar av {self.author_name}"
