from django.contrib import admin

from navet.remote.models import OnCallRota


@admin.register(OnCallRota)
class OnCallRotaAdmin(admin.ModelAdmin):
    list_display = ("subarea", "unit", "valid_from", "valid_to")
    list_filter = ("subarea",)
    raw_id_fields = ("unit",)
