from django.contrib import admin

from navet.payment.models import DailyAmount, ModelChoice, RuleSet


class ModelChoiceInline(admin.TabularInline):
    model = ModelChoice
    extra = 0


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin):
    list_display = ["name", "county", "valid_from_year", "valid_to_year", "version", "model"]
    list_filter = ["county", "model"]
    inlines = [ModelChoiceInline]


@admin.register(DailyAmount)
class DailyAmountAdmin(admin.ModelAdmin):
    list_display = ["year", "amount", "source", "entered_by", "updated_at"]
