"""Reports written from a roadmap: the semi-annual report to the directors and the yearly
state-grant report to Socialstyrelsen (see `navet.roadmap.reports`).

A report stores only what people write — one narrative per section, each save kept as a
revision with who and when — and its period. The figures are not stored: they are read from
Follow-up's stored results each time the report is shown or exported, with their own period and
data date, so a report never holds personal data.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class ReportKind(models.TextChoices):
    DIRECTORS = "directors", "Halvårsrapport till regiondirektör och kommundirektörer (KD/RD)"
    STATE_GRANT = "state_grant", "Årlig redovisning till Socialstyrelsen (statsbidrag)"


class Report(models.Model):
    roadmap = models.ForeignKey("roadmap.Roadmap", on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField("typ", max_length=20, choices=ReportKind.choices)
    title = models.CharField("rubrik", max_length=300)
    period_start = models.DateField("period från")
    period_end = models.DateField("period till och med")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    request_key = models.CharField(max_length=64, unique=True, null=True, blank=True)

    class Meta:
        verbose_name = "rapport"
        verbose_name_plural = "rapporter"
        ordering = ["roadmap", "-period_end", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="report_period_order"
            )
        ]

    def __str__(self) -> str:
        return self.title


class ReportSection(models.Model):
    """The narrative of one section; `key` names a section of the report kind's layout."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="sections")
    key = models.SlugField("avsnitt", max_length=80)
    text = models.TextField("text", blank=True)
    lock_version = models.PositiveIntegerField(default=1)
    updated_by_name = models.CharField("senast ändrad av", max_length=200, blank=True)
    updated_at = models.DateTimeField("senast ändrad", null=True, blank=True)

    class Meta:
        verbose_name = "rapportavsnitt"
        verbose_name_plural = "rapportavsnitt"
        ordering = ["report", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["report", "key"], name="report_section_unique_key")
        ]

    def __str__(self) -> str:
        return f"{self.report} – {self.key}"


class ReportSectionRevision(models.Model):
    """Each saved narrative, kept: who wrote what and when."""

    section = models.ForeignKey(ReportSection, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField("version")
    text = models.TextField("text", blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    saved_by_name = models.CharField("sparad av", max_length=200, blank=True)
    saved_at = models.DateTimeField("sparad", auto_now_add=True)
    request_key = models.CharField(max_length=64, unique=True, null=True, blank=True)

    class Meta:
        verbose_name = "version av rapportavsnitt"
        verbose_name_plural = "versioner av rapportavsnitt"
        ordering = ["section", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["section", "number"], name="report_revision_unique")
        ]

    def __str__(self) -> str:
        return f"{self.section} v{self.number}"
