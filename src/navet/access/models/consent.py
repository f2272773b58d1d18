"""Consent (samtycke) and blocks (spärr): what the person has decided about sharing their data
between care providers. History of every change is kept (django-simple-history); `version` gives
optimistic locking for edits."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from navet.organisation.models import CareProcess, CareProvider, CareUnit
from navet.residents.models import Person


class ConsentPurpose(models.TextChoices):
    SHARED_OVERVIEW = "shared_overview", "Sammanhållen översikt"
    SIP = "sip", "Samordnad individuell plan (SIP)"
    DISCHARGE_PLANNING = "discharge_planning", "Planering inför utskrivning"


class ConsentGivenBy(models.TextChoices):
    PERSON = "person", "Personen själv"
    GUARDIAN = "guardian", "Vårdnadshavare för barn"
    ATTITUDE_CLARIFIED = "attitude_clarified", "Inställning utredd (varaktigt beslutsoförmögen)"


class ConsentMethod(models.TextChoices):
    IN_PERSON = "in_person", "Vid besök"
    PHONE = "phone", "Per telefon"
    DIGITAL = "digital", "Digitalt"


class Consent(models.Model):
    """The person's consent that `recipient_provider` may read data held by
    `disclosing_provider` (null: by every care provider) for one purpose, valid from … to
    (inclusive). Withdrawal ends it at once; the row stays as history."""

    key = models.CharField(max_length=64, unique=True)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField("ändamål", max_length=30, choices=ConsentPurpose.choices)
    recipient_provider = models.ForeignKey(
        CareProvider, on_delete=models.PROTECT, related_name="+", verbose_name="får läsas av"
    )
    disclosing_provider = models.ForeignKey(
        CareProvider,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="uppgifter hos",
        help_text="Tomt: uppgifter hos alla vårdgivare.",
    )
    given_by = models.CharField("lämnat av", max_length=20, choices=ConsentGivenBy.choices)
    guardian_name = models.CharField("vårdnadshavarens namn", max_length=200, blank=True)
    method = models.CharField("hur", max_length=20, choices=ConsentMethod.choices)
    valid_from = models.DateField("gäller från")
    valid_to = models.DateField("gäller till och med")
    note = models.CharField("anteckning", max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField("återkallat", null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawal_method = models.CharField(max_length=20, choices=ConsentMethod.choices, blank=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "samtycke"
        verbose_name_plural = "samtycken"
        indexes = [models.Index(fields=["person", "purpose"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__gte=models.F("valid_from")), name="consent_period_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.valid_from}–{self.valid_to})"

    def is_active(self, day) -> bool:
        return self.withdrawn_at is None and self.valid_from <= day <= self.valid_to

    @staticmethod
    def active_on(day) -> Q:
        return Q(withdrawn_at__isnull=True, valid_from__lte=day, valid_to__gte=day)


class BlockKind(models.TextChoices):
    INTERNAL = "internal", "Inre spärr (inom vårdgivaren)"
    EXTERNAL = "external", "Yttre spärr (mot andra vårdgivare)"


class Block(models.Model):
    """Spärr. Internal: data recorded at `unit` are hidden from every other unit, or data
    recorded at any unit of `care_process` are hidden from every unit outside that care process.
    External: data held by `care_provider` are hidden from every other care provider. A block
    always overrides consent; only the person's explicit consent lifts it (an external block only
    by the care provider that registered it)."""

    key = models.CharField(max_length=64, unique=True)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="blocks")
    kind = models.CharField("typ", max_length=10, choices=BlockKind.choices)
    care_provider = models.ForeignKey(
        CareProvider, on_delete=models.PROTECT, related_name="+", verbose_name="vårdgivare"
    )
    unit = models.ForeignKey(
        CareUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    care_process = models.ForeignKey(
        CareProcess,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="vårdprocess",
    )
    method = models.CharField("hur begäran kom", max_length=20, choices=ConsentMethod.choices)
    note = models.CharField("anteckning", max_length=500, blank=True)
    set_at = models.DateTimeField(auto_now_add=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    registered_by_provider = models.ForeignKey(
        CareProvider, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lifted_at = models.DateTimeField("hävd", null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    lift_consent_method = models.CharField(max_length=20, choices=ConsentMethod.choices, blank=True)
    lift_note = models.CharField(max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "spärr"
        verbose_name_plural = "spärrar"
        indexes = [models.Index(fields=["person", "kind"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="internal", unit__isnull=False, care_process__isnull=True)
                | Q(kind="internal", unit__isnull=True, care_process__isnull=False)
                | Q(kind="external", unit__isnull=True, care_process__isnull=True),
                name="block_target_matches_kind",
            )
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def target_name(self) -> str:
        """Whose data the block covers, in Swedish (needs unit, care_process, care_provider)."""
        if self.unit_id:
            return self.unit.name
        if self.care_process_id:
            return f"vårdprocessen {self.care_process.name} hos {self.care_provider.name}"
        return self.care_provider.name

    @property
    def active(self) -> bool:
        return self.lifted_at is None
