"""Log review (loggranskning): systematic samples and targeted checks, each a case the security
officer reviews with a documented outcome (open → reviewed: no remark, or remark with action)."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class ReviewKind(models.TextChoices):
    SYSTEMATIC = "systematic", "Systematiskt stickprov"
    TARGETED = "targeted", "Riktad kontroll"
    EMERGENCY = "emergency", "Nödåtkomst"


class ReviewCheck(models.TextChoices):
    SAMPLE = "sample", "Stickprov"
    SAME_SURNAME = "same_surname", "Samma efternamn som personen"
    SAME_ADDRESS = "same_address", "Samma adress som personen"
    PROTECTED_IDENTITY = "protected_identity", "Person med skyddad identitet"
    COLLEAGUE = "colleague", "Kollega på samma enhet"
    OWN_RECORD = "own_record", "Egna uppgifter"
    MANY_PERSONS = "many_persons", "Många personer på kort tid"
    OUTSIDE_UNITS = "outside_units", "Åtkomst utanför enhetens egna vårdrelationer"
    EMERGENCY_ACCESS = "emergency_access", "Nödåtkomst"


class ReviewStatus(models.TextChoices):
    OPEN = "open", "Att granska"
    REVIEWED = "reviewed", "Granskad"


class ReviewOutcome(models.TextChoices):
    NO_REMARK = "no_remark", "Utan anmärkning"
    REMARK = "remark", "Med anmärkning"


class LogReview(models.Model):
    """One review case: a user's log during a period, optionally about one person."""

    key = models.CharField(max_length=120, unique=True)
    kind = models.CharField("typ", max_length=12, choices=ReviewKind.choices)
    check_kind = models.CharField("kontroll", max_length=20, choices=ReviewCheck.choices)
    subject_user_id = models.BigIntegerField()
    subject_username = models.CharField("användare", max_length=150)
    person_id = models.BigIntegerField(null=True, blank=True)
    period_start = models.DateTimeField("från")
    period_end = models.DateTimeField("till")
    hits = models.PositiveIntegerField("träffar", default=0)
    status = models.CharField(
        "status", max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.OPEN
    )
    outcome = models.CharField("utfall", max_length=10, choices=ReviewOutcome.choices, blank=True)
    notes = models.TextField("bedömning", blank=True)
    action_taken = models.TextField("åtgärd", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.CharField(max_length=150)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "loggranskning"
        verbose_name_plural = "loggranskningar"
        ordering = ["status", "-created_at"]
        indexes = [models.Index(fields=["status", "kind"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", outcome="")
                | Q(status="reviewed", outcome__in=["no_remark", "remark"]),
                name="log_review_outcome_matches_status",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_check_kind_display()}: {self.subject_username}"
