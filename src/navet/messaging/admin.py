"""Only the inbox settings are administered here; items are personal data and never appear in
the admin (it would be a path around the gate and the audit log)."""

from django.contrib import admin

from navet.messaging.models import InboxSettings


@admin.register(InboxSettings)
class InboxSettingsAdmin(admin.ModelAdmin):
    list_display = ("unit", "notify_email", "escalation_unit")
    raw_id_fields = ("unit", "escalation_unit")
    search_fields = ("unit__name", "unit__hsa_id")
