"""Planning before discharge (issue 7 part 3): each side's plan, the "ready to go home"
checklist marks and the messages of a stay. Imported at the bottom of models.py.

Two people editing never silently overwrite each other: a side's plan carries a `version` that
a save must name (optimistic locking, checked under the stay's row lock), and each checklist
item is its own row, marked and unmarked one at a time.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from navet.organisation.models import CareUnit


class Side(models.TextChoices):
    WARD = "ward", "Avdelningen"
    MUNICIPALITY = "municipality", "Kommunen"
    HEALTH_CENTRE = "health_centre", "Vårdcentralen"


class _Edited(models.Model):
    stay = models.OneToOneField(
        "transitions.InpatientStay", on_delete=models.CASCADE, related_name="+"
    )
    notes = models.TextField("övrig planering", blank=True, max_length=4000)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_by_name = models.CharField(max_length=200, blank=True)

    class Meta:
        abstract = True


class MunicipalPlan(_Edited):
    """The municipality's planning for life at home after the stay."""

    home_care = models.BooleanField("hemtjänst", default=False)
    home_care_details = models.CharField("hemtjänst – omfattning", max_length=300, blank=True)
    home_health_care = models.BooleanField("hemsjukvård", default=False)
    aids = models.BooleanField("hjälpmedel", default=False)
    aids_details = models.CharField("hjälpmedel – vilka", max_length=300, blank=True)
    short_term_stay = models.BooleanField("korttidsboende", default=False)

    class Meta:
        verbose_name = "kommunens planering inför utskrivning"
        verbose_name_plural = "kommunens planeringar inför utskrivning"

    def __str__(self) -> str:
        return f"Kommunens planering ({self.stay_id}, version {self.version})"


class HealthCentrePlan(_Edited):
    """The health centre's planning: follow-up after the stay."""

    follow_up_visit = models.BooleanField("uppföljande besök efter utskrivningen", default=False)
    follow_up_by = models.DateField("uppföljning senast", null=True, blank=True)
    medication_review = models.BooleanField("läkemedelsgenomgång", default=False)
    home_visit = models.BooleanField("hembesök", default=False)

    class Meta:
        verbose_name = "vårdcentralens planering inför utskrivning"
        verbose_name_plural = "vårdcentralernas planeringar inför utskrivning"

    def __str__(self) -> str:
        return f"Vårdcentralens planering ({self.stay_id}, version {self.version})"


class ChecklistMark(models.Model):
    """One item of the "ready to go home" checklist marked done by the responsible side; an
    unmarked item keeps its row (who undid it and when), so the checklist has a history."""

    stay = models.ForeignKey(
        "transitions.InpatientStay", on_delete=models.CASCADE, related_name="checklist_marks"
    )
    code = models.CharField(max_length=40)
    label = models.CharField(max_length=200)  # as configured when marked
    side = models.CharField(max_length=20, choices=Side.choices)
    unit = models.ForeignKey(CareUnit, on_delete=models.PROTECT, null=True, related_name="+")
    done_at = models.DateTimeField()
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    done_by_name = models.CharField(max_length=200)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by_name = models.CharField(max_length=200, blank=True)
    key = models.CharField(max_length=200, unique=True)

    class Meta:
        verbose_name = "avbockad punkt (hemgångsklar)"
        verbose_name_plural = "avbockade punkter (hemgångsklar)"
        ordering = ["done_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["stay", "code"],
                condition=Q(undone_at__isnull=True),
                name="checklist_one_mark_per_item",
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.done_by_name})"


class PlanningMessage(models.Model):
    """A general message on the stay between the ward and the notified units."""

    stay = models.ForeignKey(
        "transitions.InpatientStay", on_delete=models.CASCADE, related_name="planning_messages"
    )
    unit = models.ForeignKey(CareUnit, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    author_name = models.CharField(max_length=200)
    text = models.TextField("meddelande", max_length=4000)
    sent_at = models.DateTimeField(default=timezone.now)
    key = models.CharField(max_length=200, unique=True)

    class Meta:
        verbose_name = "meddelande i utskrivningsplaneringen"
        verbose_name_plural = "meddelanden i utskrivningsplaneringen"
        ordering = ["sent_at", "pk"]

    def __str__(self) -> str:
        return f"{self.author_name} {self.sent_at:%Y-%m-%d %H:%M}"
