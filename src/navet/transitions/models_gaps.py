"""Days the patient stayed in hospital because of the region's own gap (payment part 9): claimed
by the municipality, confirmed or disputed by the region. Imported at the bottom of models.py."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from navet.organisation.models import CareUnit


class GapReason(models.TextChoices):
    HEALTH_CENTRE = "health_centre_not_ready", "Vårdcentralens del var inte klar"
    NAMED_CONTACT = "named_contact_missing", "Fast vårdkontakt saknades"
    SIP_CALL = "sip_call_late", "Kallelsen till SIP dröjde"
    WARD = "ward_not_ready", "Avdelningens del var inte klar (t.ex. läkemedelslista, intyg)"
    OTHER = "other", "Annan brist hos regionen"


class GapStatus(models.TextChoices):
    CLAIMED = "claimed", "Begärd av kommunen"
    CONFIRMED = "confirmed", "Bekräftad av regionen"
    DISPUTED = "disputed", "Bestridd av regionen"
    WITHDRAWN = "withdrawn", "Återkallad av kommunen"
    SUPERSEDED = "superseded", "Ersatt av en rättelse"


class RegionGap(models.Model):
    """An interval of days (both ends included). Nothing is edited in place: a decision is
    recorded once, and a wrong interval is put right by a new claim that `replaces` it (the old
    one becomes superseded when the new one is confirmed)."""

    stay = models.ForeignKey(
        "transitions.InpatientStay", on_delete=models.CASCADE, related_name="region_gaps"
    )
    first_day = models.DateField("från och med")
    last_day = models.DateField("till och med")
    reason = models.CharField("brist", max_length=30, choices=GapReason.choices)
    text = models.CharField("beskrivning", max_length=500)
    status = models.CharField(max_length=12, choices=GapStatus.choices, default=GapStatus.CLAIMED)
    replaces = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by"
    )
    claimed_unit = models.ForeignKey(CareUnit, on_delete=models.PROTECT, related_name="+")
    claimed_at = models.DateTimeField(default=timezone.now)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    claimed_by_name = models.CharField(max_length=200)
    decided_unit = models.ForeignKey(
        CareUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by_name = models.CharField(max_length=200, blank=True)
    decision_note = models.CharField("motivering", max_length=500, blank=True)
    key = models.CharField(max_length=200, unique=True)

    class Meta:
        verbose_name = "dagar orsakade av regionens brist"
        verbose_name_plural = "dagar orsakade av regionens brister"
        ordering = ["first_day", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_day__gte=models.F("first_day")), name="gap_days_in_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.first_day}–{self.last_day}: {self.get_reason_display()}"

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1
