"""Emergency access (nödåtkomst): a two-step, reasoned break of blocks and missing consent, and
the notice the person gets afterwards."""

from django.conf import settings
from django.db import models

from navet.organisation.models import CareUnit, Staff
from navet.residents.models import Person


class EmergencyReason(models.TextChoices):
    URGENT_CARE = "urgent_care", "Akut vårdbehov – uppgifterna behövs oundgängligen"
    CANNOT_CONSENT = "cannot_consent", "Personen kan inte lämna samtycke just nu"
    UNCONSCIOUS = "unconscious", "Personen är medvetslös eller kan inte kommunicera"
    OTHER = "other", "Annat skäl (beskriv)"


class EmergencyState(models.TextChoices):
    REVEALED = "revealed", "Visat var uppgifter finns"
    OPENED = "opened", "Öppnat"


class EmergencyAccess(models.Model):
    key = models.CharField(max_length=64, unique=True)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="emergency_accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    staff = models.ForeignKey(Staff, on_delete=models.PROTECT, null=True, related_name="+")
    unit = models.ForeignKey(CareUnit, on_delete=models.PROTECT, null=True, related_name="+")
    state = models.CharField(max_length=10, choices=EmergencyState.choices)
    reveal_reason = models.CharField(max_length=20, choices=EmergencyReason.choices)
    reveal_text = models.CharField(max_length=500)
    revealed_at = models.DateTimeField()
    open_key = models.CharField(max_length=64, blank=True)
    open_reason = models.CharField(max_length=20, choices=EmergencyReason.choices, blank=True)
    open_text = models.CharField(max_length=500, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    relationship = models.ForeignKey(
        "access.CareRelationship", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "nödåtkomst"
        verbose_name_plural = "nödåtkomster"
        indexes = [models.Index(fields=["person", "user", "expires_at"])]

    def __str__(self) -> str:
        return f"Nödåtkomst {self.revealed_at:%Y-%m-%d %H:%M}"


class PersonNotice(models.Model):
    """A notice queued to the person (for now: emergency access). `deliver_person_notices`
    delivers queued notices; the person's own pages show them either way."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="notices")
    subject = models.CharField(max_length=200)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    emergency = models.OneToOneField(
        EmergencyAccess, on_delete=models.PROTECT, null=True, blank=True, related_name="notice"
    )

    class Meta:
        verbose_name = "meddelande till personen"
        verbose_name_plural = "meddelanden till personer"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject
