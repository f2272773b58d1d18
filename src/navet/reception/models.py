"""A resident's request in the digital reception (digital mottagning) and its chat.

One request goes to the health centre the person is listed at when they send it; one staff
member at a time holds it (`picked_by`). `first_assessed_at` is the first staff reply (chat
message or video link): the time to first assessment that Follow-up reads for the care
guarantee (vårdgaranti 0–3)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from navet.organisation.models import CareUnit
from navet.reception.triage import PROBLEM_AREAS, REASONS, SINCE, URGENCY_LABELS
from navet.residents.models import Person


class Status(models.TextChoices):
    WAITING = "waiting", "Väntar"
    IN_PROGRESS = "in_progress", "Din tur"
    CLOSED = "closed", "Avslutat"


class Channel(models.TextChoices):
    CHAT = "chat", "Chatt"
    VIDEO = "video", "Videobesök"


class ReceptionRequest(models.Model):
    key = models.CharField(max_length=64, unique=True)  # idempotency: one request per form
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(CareUnit, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("skickad", auto_now_add=True)
    problem_area = models.CharField("gäller", max_length=20, choices=PROBLEM_AREAS)
    reason_class = models.CharField("orsak", max_length=12, choices=REASONS)
    since = models.CharField("sedan", max_length=10, choices=SINCE)
    description = models.TextField("beskrivning")
    answers = models.JSONField("svar på kontrollfrågor", default=dict)
    urgency = models.PositiveSmallIntegerField(
        "angelägenhet", choices=sorted(URGENCY_LABELS.items())
    )
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.CHAT)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.WAITING)
    picked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    picked_at = models.DateTimeField(null=True, blank=True)
    first_assessed_at = models.DateTimeField("första bedömning", null=True, blank=True)
    video_url = models.URLField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField("utfall", max_length=200, blank=True)

    class Meta:
        verbose_name = "ärende i digital mottagning"
        verbose_name_plural = "ärenden i digital mottagning"
        indexes = [models.Index(fields=["unit", "status", "urgency", "created_at"])]

    def __str__(self) -> str:
        return f"Digital mottagning {self.pk} ({self.get_status_display()})"


class ReceptionMessage(models.Model):
    request = models.ForeignKey(ReceptionRequest, on_delete=models.CASCADE, related_name="messages")
    key = models.CharField(max_length=64, unique=True)
    from_staff = models.BooleanField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Meddelande {self.pk} i ärende {self.request_id}"
