"""The audit log: one append-only row per read, search, change, print, export or disclosure of
personal data, and per login and maintenance action.

Rows carry no foreign keys on purpose: they must outlive users, units and persons, and on
PostgreSQL the table is partitioned by month with UPDATE and DELETE refused by a trigger (see
migration 0002 and docs/trust.md). Names (unit, user) are copied in as they were at the time.
"""

from django.db import models
from django.utils import timezone


class AuditAction(models.TextChoices):
    READ = "read", "Läsning"
    SEARCH = "search", "Sökning"
    CREATE = "create", "Registrering"
    CHANGE = "change", "Ändring"
    PRINT = "print", "Utskrift"
    EXPORT = "export", "Export"
    DISCLOSURE = "disclosure", "Utlämnande"
    EMERGENCY_REVEAL = "emergency_reveal", "Nödåtkomst, steg 1: visa var uppgifter finns"
    EMERGENCY_OPEN = "emergency_open", "Nödåtkomst, steg 2: öppna uppgifter"
    DENIED = "denied", "Nekad åtkomst"
    LOGIN = "login", "Inloggning"
    LOGIN_FAILED = "login_failed", "Misslyckad inloggning"
    LOGOUT = "logout", "Utloggning"
    MAINTENANCE = "maintenance", "Underhåll av loggen"


# Actions that touch a person's data and so appear in that person's own access log.
PERSONAL_DATA_ACTIONS = frozenset(
    {
        AuditAction.READ,
        AuditAction.SEARCH,
        AuditAction.CREATE,
        AuditAction.CHANGE,
        AuditAction.PRINT,
        AuditAction.EXPORT,
        AuditAction.DISCLOSURE,
        AuditAction.EMERGENCY_REVEAL,
        AuditAction.EMERGENCY_OPEN,
    }
)


class AuditEvent(models.Model):
    id = models.BigAutoField(primary_key=True)
    occurred_at = models.DateTimeField(default=timezone.now)
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    user_id = models.BigIntegerField(null=True)
    username = models.CharField(max_length=150, blank=True)
    hsa_id = models.CharField(max_length=31, blank=True)
    role = models.CharField(max_length=30, blank=True)
    unit_id = models.BigIntegerField(null=True)
    unit_hsa_id = models.CharField(max_length=31, blank=True)
    unit_name = models.CharField(max_length=150, blank=True)
    care_provider_id = models.BigIntegerField(null=True)
    principal_id = models.BigIntegerField(null=True)
    person_id = models.BigIntegerField(null=True)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    purpose = models.CharField(max_length=30, blank=True)
    decision = models.CharField(max_length=20, blank=True)
    reason = models.CharField(max_length=40, blank=True)
    ip = models.GenericIPAddressField(null=True)
    user_agent = models.CharField(max_length=300, blank=True)
    path = models.CharField(max_length=300, blank=True)
    detail = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = "loggpost"
        verbose_name_plural = "loggposter"
        indexes = [
            models.Index(fields=["occurred_at"], name="audit_occurred"),
            models.Index(fields=["person_id", "occurred_at"], name="audit_person"),
            models.Index(fields=["user_id", "occurred_at"], name="audit_user"),
            models.Index(fields=["unit_id", "occurred_at"], name="audit_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action} {self.username}"


class AuditSeal(models.Model):
    """The seal of one interval [interval_start, interval_end): the number of rows, a SHA-256
    digest over them in id order, and a chain hash over the previous seal's chain hash."""

    interval_start = models.DateTimeField(unique=True)
    interval_end = models.DateTimeField()
    row_count = models.BigIntegerField()
    digest = models.CharField(max_length=64)
    previous_chain = models.CharField(max_length=64)
    chain = models.CharField(max_length=64, unique=True)
    sealed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "försegling"
        verbose_name_plural = "förseglingar"
        ordering = ["interval_start"]

    def __str__(self) -> str:
        return f"{self.interval_start:%Y-%m-%d %H:%M} ({self.row_count})"


class AuditPrune(models.Model):
    """A month of audit rows dropped whole after the retention period, and by whom."""

    month = models.DateField(unique=True)
    rows = models.BigIntegerField()
    pruned_at = models.DateTimeField(auto_now_add=True)
    pruned_by = models.CharField(max_length=150)
    retention_years = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = "gallrad loggmånad"
        verbose_name_plural = "gallrade loggmånader"
        ordering = ["month"]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} ({self.rows})"
