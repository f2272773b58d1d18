"""Home monitoring: a unit enrols a person with measures and thresholds; measurements come from
the person's own form or from a device; a value outside its threshold raises an alert on the
unit's worklist until someone acknowledges it with what was done."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from navet.monitoring.measures import choices
from navet.organisation.models import CareUnit
from navet.residents.models import Person


class Enrolment(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="monitoring")
    unit = models.ForeignKey(CareUnit, on_delete=models.PROTECT, related_name="monitoring")
    reason = models.CharField("anledning", max_length=200, blank=True)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    end_reason = models.CharField("anledning till avslut", max_length=200, blank=True)

    class Meta:
        verbose_name = "inskrivning i hemmonitorering"
        constraints = [
            models.UniqueConstraint(
                fields=["person", "unit"],
                condition=Q(ended_at__isnull=True),
                name="monitoring_one_open_enrolment_per_unit",
            )
        ]

    def __str__(self):
        return f"Inskrivning {self.pk}"


class MonitoredMeasure(models.Model):
    """One measure of an enrolment, with the person's own thresholds (blank: no limit)."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="measures")
    measure = models.CharField("mått", max_length=20, choices=choices())
    low = models.DecimalField("nedre gräns", max_digits=8, decimal_places=2, null=True, blank=True)
    high = models.DecimalField("övre gräns", max_digits=8, decimal_places=2, null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "measure"], name="monitoring_measure_once")
        ]

    def __str__(self):
        return self.get_measure_display()


class DeviceToken(models.Model):
    """A measuring device's credential, bound to one enrolment. Only the SHA-256 of the token is
    stored; the token itself is shown once when it is created."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="devices")
    label = models.CharField("enhet", max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return self.label


class Source(models.TextChoices):
    FORM = "form", "Eget formulär"
    DEVICE = "device", "Mätenhet"


class Measurement(models.Model):
    """A value in the measure's canonical UCUM unit (converted on arrival)."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="values")
    measure = models.CharField("mått", max_length=20, choices=choices())
    value = models.DecimalField("värde", max_digits=8, decimal_places=2)
    unit = models.CharField("enhet (UCUM)", max_length=20)
    effective_at = models.DateTimeField("mättid")
    source = models.CharField(max_length=10, choices=Source.choices)
    device = models.ForeignKey(
        DeviceToken, on_delete=models.PROTECT, null=True, blank=True, related_name="values"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["effective_at", "pk"]
        indexes = [models.Index(fields=["enrolment", "measure", "effective_at"])]
        constraints = [
            # A device that sends the same observation again stores it once.
            models.UniqueConstraint(
                fields=["device", "measure", "effective_at"],
                condition=Q(device__isnull=False),
                name="monitoring_device_value_once",
            ),
            # The resident's form sent twice (a double click) stores one value.
            models.UniqueConstraint(
                fields=["enrolment", "measure", "effective_at"],
                condition=Q(source="form"),
                name="monitoring_form_value_once",
            ),
        ]

    def __str__(self):
        return f"{self.get_measure_display()} {self.value} {self.unit}"


class Alert(models.Model):
    measurement = models.OneToOneField(Measurement, on_delete=models.CASCADE, related_name="alert")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="alerts")
    unit = models.ForeignKey(CareUnit, on_delete=models.PROTECT, related_name="monitoring_alerts")
    reason = models.CharField("avvikelse", max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    acknowledged_at = models.DateTimeField("kvitterad", null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.TextField("åtgärd", blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.reason
