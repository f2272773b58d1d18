"""The digital waiting room: a municipal nurse's structured question about a person to a doctor's
unit (the person's health centre or the subarea's on-call unit), picked up by one doctor and
answered in Navet."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from navet.organisation.models import CareUnit, Subarea
from navet.residents.models import Person


class Urgency(models.TextChoices):
    ACUTE = "acute", "Akut – inom en timme"
    TODAY = "today", "Samma dag"
    ROUTINE = "routine", "Inom tre dagar"


URGENCY_RANK = {Urgency.ACUTE: 0, Urgency.TODAY: 1, Urgency.ROUTINE: 2}


class Target(models.TextChoices):
    HEALTH_CENTRE = "health_centre", "Personens vårdcentral"
    ON_CALL = "on_call", "Jourhavande läkare i delområdet"


class Status(models.TextChoices):
    WAITING = "waiting", "Väntar"
    PICKED_UP = "picked_up", "Tagen av läkare"
    ANSWERED = "answered", "Besvarad"


class OnCallRota(models.Model):
    """Which unit answers consultations on call for a subarea (node) in a period. Simple on
    purpose: one unit per subarea at a time; the unit's doctors share the queue."""

    subarea = models.ForeignKey(Subarea, on_delete=models.PROTECT, related_name="on_call_rotas")
    unit = models.ForeignKey(CareUnit, on_delete=models.PROTECT, related_name="on_call_rotas")
    valid_from = models.DateField("från")
    valid_to = models.DateField("till och med", null=True, blank=True)

    class Meta:
        verbose_name = "jourschema"
        ordering = ["subarea", "-valid_from"]

    def __str__(self) -> str:
        return f"{self.subarea.name}: {self.unit.name}"


class Consultation(models.Model):
    key = models.CharField(max_length=200, unique=True)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="consultations")
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    asked_by_name = models.CharField(max_length=200)
    asking_unit = models.ForeignKey(CareUnit, on_delete=models.PROTECT, related_name="+")
    target = models.CharField(max_length=20, choices=Target.choices)
    to_unit = models.ForeignKey(CareUnit, on_delete=models.PROTECT, related_name="consultations")
    urgency = models.CharField("brådska", max_length=10, choices=Urgency.choices)
    question = models.TextField("fråga")
    # Vital signs (units in navet.remote.vitals); blank when not measured.
    pulse = models.PositiveSmallIntegerField("puls (/min)", null=True, blank=True)
    systolic = models.PositiveSmallIntegerField("systoliskt blodtryck (mmHg)", null=True)
    diastolic = models.PositiveSmallIntegerField("diastoliskt blodtryck (mmHg)", null=True)
    respiratory_rate = models.PositiveSmallIntegerField("andningsfrekvens (/min)", null=True)
    spo2 = models.PositiveSmallIntegerField("syremättnad (%)", null=True)
    temperature = models.DecimalField("temperatur (°C)", max_digits=3, decimal_places=1, null=True)
    created_at = models.DateTimeField()
    due_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    picked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    picked_by_name = models.CharField(max_length=200, blank=True)
    picked_at = models.DateTimeField(null=True)
    advice = models.TextField("råd", blank=True)
    orders = models.TextField("ordinationer", blank=True)
    visit_needed = models.BooleanField("besök behövs", default=False)
    video_link = models.CharField(max_length=300, blank=True)
    video_provider = models.CharField(max_length=100, blank=True)
    answered_at = models.DateTimeField(null=True)
    escalated_at = models.DateTimeField(null=True)
    question_item = models.ForeignKey(
        "messaging.InboxItem", on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "konsultation"
        indexes = [models.Index(fields=["to_unit", "status"]), models.Index(fields=["due_at"])]

    def __str__(self) -> str:
        return f"Konsultation {self.pk}"

    @property
    def is_answered(self) -> bool:
        return self.status == Status.ANSWERED

    def is_overdue(self, now) -> bool:
        return not self.is_answered and self.due_at <= now
