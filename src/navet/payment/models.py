"""Rule sets per county agreement and year, the model chosen per municipality and month, and the
amount per day per year. Pure rules in navet.payment.rules; these rows only hold parameters."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from navet.organisation.models import County, Municipality
from navet.payment.rules import Model, RuleParams


class ModelKind(models.TextChoices):
    INDIVIDUAL = Model.INDIVIDUAL.value, "Individmodell"
    AVERAGE = Model.AVERAGE.value, "Genomsnittsmodell"


class RuleSet(models.Model):
    """One version of a county agreement's payment rules, valid for a range of years. For a year
    the highest version valid then applies; without any, the statutory default does."""

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="payment_rule_sets")
    name = models.CharField("överenskommelse", max_length=200)
    valid_from_year = models.PositiveSmallIntegerField("gäller från år")
    valid_to_year = models.PositiveSmallIntegerField(
        "gäller till och med år", null=True, blank=True
    )
    version = models.PositiveSmallIntegerField("version", default=1)
    adopted_by = models.CharField("antagen av", max_length=200)
    adopted_on = models.DateField("antagen", null=True, blank=True)
    model = models.CharField(
        "modell", max_length=20, choices=ModelKind.choices, default=ModelKind.INDIVIDUAL
    )
    free_days_somatic = models.PositiveSmallIntegerField("fria dagar, somatik", default=3)
    free_days_psychiatric = models.PositiveSmallIntegerField("fria dagar, psykiatri", default=3)
    noon_cutoff = models.BooleanField("klockan 12-regeln", default=False)
    day_zero = models.BooleanField("dag 0 räknas i genomsnittet", default=False)
    rolling_months = models.PositiveSmallIntegerField(
        "månader i rullande genomsnitt",
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    require_sip_call = models.BooleanField("kräver kallelse till SIP när den behövs", default=False)
    amount_per_day = models.DecimalField(
        "belopp per dag enligt överenskommelsen",
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Tomt: Socialstyrelsens belopp för året.",
    )
    source = models.TextField("källa / beslut", blank=True)

    class Meta:
        verbose_name = "regelverk för betalningsansvar"
        verbose_name_plural = "regelverk för betalningsansvar"
        ordering = ["county", "-valid_from_year", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["county", "valid_from_year", "version"], name="payment_ruleset_version"
            )
        ]

    def __str__(self) -> str:
        years = f"{self.valid_from_year}–{self.valid_to_year or ''}"
        return f"{self.name} {years} v{self.version}"

    def params(self, model: str | None = None) -> RuleParams:
        return RuleParams(
            model=Model(model or self.model),
            free_days_somatic=self.free_days_somatic,
            free_days_psychiatric=self.free_days_psychiatric,
            noon_cutoff=self.noon_cutoff,
            day_zero=self.day_zero,
            rolling_months=self.rolling_months,
            require_sip_call=self.require_sip_call,
        )


class ModelChoice(models.Model):
    """The model a municipality is billed by in one month, when it differs from the rule set's."""

    rule_set = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="model_choices")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    month = models.DateField("månad", help_text="Första dagen i månaden.")
    model = models.CharField("modell", max_length=20, choices=ModelKind.choices)

    class Meta:
        verbose_name = "modell för kommun och månad"
        verbose_name_plural = "modeller för kommun och månad"
        constraints = [
            models.UniqueConstraint(
                fields=["rule_set", "municipality", "month"], name="payment_model_choice_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.month:%Y-%m}: {self.get_model_display()}"

    def save(self, *args, **kwargs):
        self.month = self.month.replace(day=1)
        super().save(*args, **kwargs)


class DailyAmount(models.Model):
    """Socialstyrelsen's amount per day for a year (förordning 2017:617); entered by the admin."""

    year = models.PositiveSmallIntegerField("år", unique=True)
    amount = models.DecimalField("belopp per dag (kr)", max_digits=9, decimal_places=2)
    source = models.CharField("källa", max_length=300, blank=True)
    entered_by = models.CharField("inlagt av", max_length=150, blank=True)
    updated_at = models.DateTimeField("ändrat", auto_now=True)

    class Meta:
        verbose_name = "belopp per dag"
        verbose_name_plural = "belopp per dag"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}: {self.amount} kr"
