"""Only the teams' profiles are administered here; requests, visits and follow-ups are personal
data and never appear in the admin (it would be a path around the gate and the audit log)."""

from django.contrib import admin

from navet.mobile.models import TeamProfile


@admin.register(TeamProfile)
class TeamProfileAdmin(admin.ModelAdmin):
    list_display = ("unit", "arrangement", "subarea")
    list_filter = ("arrangement",)
    raw_id_fields = ("unit",)
    search_fields = ("unit__name", "unit__hsa_id")
