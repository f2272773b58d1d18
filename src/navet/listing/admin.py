from django.contrib import admin

from navet.listing.models_capacity import GuideValue


@admin.register(GuideValue)
class GuideValueAdmin(admin.ModelAdmin):
    """The county's guide value per year; without a row the default (1 100 / 550) applies."""

    list_display = ("county", "year", "specialist_per_fte", "st_per_fte", "note")
    list_filter = ("county",)
