"""Stored indicator results: one `IndicatorRun` per computation and its `IndicatorResult` rows.

The dashboards read only these tables, never the operational ones. A run writes into a new run;
pages show the latest *successful* run, so a failed or half-finished run leaves the previous
results visible. At most one run is queued or running at a time: `active` is True exactly while
a run is queued or running and unique, so a second "start" is refused by the database itself
(a double click, two analysts, the nightly timer while a run started by hand is going on).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class RunStatus(models.TextChoices):
    QUEUED = "queued", "I kö"
    RUNNING = "running", "Pågår"
    SUCCEEDED = "succeeded", "Klar"
    FAILED = "failed", "Misslyckades"


ACTIVE_STATUSES = (RunStatus.QUEUED, RunStatus.RUNNING)


class RunTrigger(models.TextChoices):
    COMMAND = "command", "Kommandot compute_indicators (t.ex. nattlig körning)"
    USER = "user", "Startad i Navet"
    DEMO = "demo", "Demons första start"


class ResultKind(models.TextChoices):
    PERIOD = "period", "Period"
    MONTH = "month", "Månad"


class IndicatorRun(models.Model):
    created_at = models.DateTimeField("skapad", auto_now_add=True)
    started_at = models.DateTimeField("startad", null=True, blank=True)
    finished_at = models.DateTimeField("klar", null=True, blank=True)
    status = models.CharField(
        "status", max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    # True while queued or running, NULL afterwards: unique, so only one run is active.
    active = models.BooleanField(null=True, default=True, unique=True, editable=False)
    trigger = models.CharField("startad genom", max_length=10, choices=RunTrigger.choices)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="startad av",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_by_name = models.CharField("startad av (namn)", max_length=150, blank=True)
    error = models.TextField("fel", blank=True)
    task_id = models.CharField("uppgiftens id", max_length=64, blank=True)

    # What was asked for. period_end may be left empty: the run then picks the default when
    # it starts (see runs.default_period_end).
    period_end = models.DateField("periodens sista dag", null=True, blank=True)
    months = models.PositiveSmallIntegerField("månader per period", default=12)
    periods = models.PositiveSmallIntegerField("antal perioder", default=2)
    grain = models.CharField("upplösning", max_length=10, default="month")
    engine = models.CharField("motor", max_length=10, default="duckdb")
    min_subjects = models.PositiveSmallIntegerField("minsta cellstorlek", default=5)
    overrides = models.JSONField("ändrade parametrar", default=dict, blank=True)
    only = models.JSONField("bara dessa indikatorer", default=list, blank=True)

    # What was used: filled in by the run.
    parameters = models.JSONField("parametrar", default=dict, blank=True)
    snapshot_created = models.CharField("ögonblicksbild tagen", max_length=40, blank=True)
    snapshot_source = models.CharField("ögonblicksbildens källa", max_length=300, blank=True)
    snapshot_rows = models.JSONField("rader i ögonblicksbilden", default=dict, blank=True)
    county_code = models.CharField("län", max_length=2, blank=True)
    labels = models.JSONField("namn på platser", default=dict, blank=True)
    row_count = models.PositiveIntegerField("resultatrader", default=0)
    seconds = models.FloatField("sekunder", null=True, blank=True)

    class Meta:
        verbose_name = "indikatorkörning"
        verbose_name_plural = "indikatorkörningar"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(active=True, status__in=ACTIVE_STATUSES)
                    | Q(active__isnull=True, status__in=(RunStatus.SUCCEEDED, RunStatus.FAILED))
                ),
                name="followup_run_active_iff_queued_or_running",
            ),
            models.CheckConstraint(
                condition=Q(months__gte=1) & Q(periods__gte=1),
                name="followup_run_months_and_periods_positive",
            ),
        ]
        indexes = [models.Index(fields=["status", "-finished_at"], name="followup_run_status")]

    def __str__(self) -> str:
        return f"indikatorkörning {self.pk} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES


class IndicatorResult(models.Model):
    """One row of the result table (docs/indicators.md, "The result table"), plus the run and
    whether the row is one of the run's periods or one of their calendar months."""

    run = models.ForeignKey(IndicatorRun, on_delete=models.CASCADE, related_name="results")
    kind = models.CharField(max_length=6, choices=ResultKind.choices)
    indicator = models.CharField(max_length=60)
    period_start = models.DateField()
    period_end = models.DateField()
    level = models.CharField(max_length=12)
    level_value = models.CharField(max_length=100)
    breakdown = models.CharField(max_length=20)
    breakdown_value = models.CharField(max_length=40)
    numerator = models.FloatField(null=True)
    denominator = models.FloatField(null=True)
    value = models.FloatField(null=True)
    suppressed = models.BooleanField(default=False)
    status = models.CharField(max_length=16)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = "indikatorresultat"
        verbose_name_plural = "indikatorresultat"
        constraints = [
            # Also the index every dashboard query uses (run, indicator, level, breakdown …).
            models.UniqueConstraint(
                fields=[
                    "run",
                    "indicator",
                    "level",
                    "breakdown",
                    "kind",
                    "period_start",
                    "period_end",
                    "level_value",
                    "breakdown_value",
                ],
                name="followup_result_one_row_per_key",
            )
        ]
        # The overview: every indicator's county total in one run.
        indexes = [
            models.Index(
                fields=["run", "level", "level_value", "breakdown", "kind"],
                name="followup_result_totals",
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.indicator} {self.period_start}–{self.period_end} "
            f"{self.level}={self.level_value} {self.breakdown}={self.breakdown_value}"
        )
