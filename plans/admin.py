"""Activity plans in the admin, for support staff. Approved plans are read-only: the database
triggers refuse to change them, and the admin says so before anyone tries."""

from django.contrib import admin

from kunskapsstyrning.organisation.audit import register_event_admins

from .choices import PlanState
from .models import Initiative, PlanYear, SummaryPdf


class InitiativeInline(admin.TabularInline):
    model = Initiative
    extra = 0
    fields = ("position", "title", "kind", "status")
    show_change_link = True

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or obj.state != PlanState.APPROVED)

    has_add_permission = has_change_permission
    has_delete_permission = has_change_permission


@admin.register(PlanYear)
class PlanYearAdmin(admin.ModelAdmin):
    list_display = ("group", "year", "revision", "state", "decided_on")
    list_filter = ("year", "state", "group__kind")
    search_fields = ("group__name",)
    list_select_related = ("group",)
    raw_id_fields = ("group", "revises")
    readonly_fields = ("submitted_at", "submitted_by", "approved_by", "created_by", "created_at", "updated_at")
    inlines = [InitiativeInline]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or obj.state != PlanState.APPROVED)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or obj.state != PlanState.APPROVED)


@admin.register(SummaryPdf)
class SummaryPdfAdmin(admin.ModelAdmin):
    list_display = ("year", "state", "progress", "created_at", "finished_at")
    list_filter = ("year", "state")
    readonly_fields = ("data_version", "created_at", "finished_at", "requested_by")


register_event_admins(admin.site, "plans")
