"""The admin for the organisation's configuration that no import brings: care processes
(vårdprocesser) and which units belong to them. No personal data here (the enumeration test
checks that the admin registers none)."""

from django.contrib import admin

from navet.organisation.models import CareProcess, CareUnit


class UnitInline(admin.TabularInline):
    model = CareUnit
    fk_name = "care_process"
    fields = ("name", "hsa_id", "kind")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(CareProcess)
class CareProcessAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "care_provider")
    list_filter = ("care_provider",)
    search_fields = ("name", "code")
    inlines = [UnitInline]


@admin.register(CareUnit)
class CareUnitAdmin(admin.ModelAdmin):
    """Units come from HSA or the generator; here only their care process is set."""

    list_display = ("name", "hsa_id", "kind", "care_provider", "care_process")
    list_filter = ("care_provider", "kind", "care_process")
    search_fields = ("name", "hsa_id")
    fields = ("name", "hsa_id", "kind", "care_provider", "care_process")
    readonly_fields = ("name", "hsa_id", "kind", "care_provider")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "care_process":
            unit_id = request.resolver_match.kwargs.get("object_id")
            unit = CareUnit.objects.filter(pk=unit_id).first() if unit_id else None
            if unit is not None:
                kwargs["queryset"] = CareProcess.objects.filter(care_provider=unit.care_provider)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
