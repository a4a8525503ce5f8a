"""Care pathways in the admin, for support staff (append-friendly: one section per part of the app)."""

from django.contrib import admin

# --- Follow-up: indicators, introductions, reports, gap analyses --------------------------------
# Writes go through the same services as the pages (validation, rule, history); values and
# reports are read-only here: regions report them on the pages or by CSV.
from django.core.exceptions import ValidationError as _ValidationError

from . import follow_up_services as _follow_up_services
from .models import GapActivity, Implementation, ImplementationReport, Indicator, IndicatorValue


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "pathway", "kind", "target", "unit", "is_demo")
    list_filter = ("kind", "pathway")
    search_fields = ("code", "name", "pathway__name")
    list_select_related = ("pathway",)
    readonly_fields = ("updated_at",)

    def save_model(self, request, obj, form, change):
        _follow_up_services.indicator_save(indicator=obj, by=request.user)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(IndicatorValue)
class IndicatorValueAdmin(ReadOnlyAdmin):
    list_display = ("indicator", "region", "year", "value", "is_demo", "updated_at")
    list_filter = ("year", "indicator__pathway")
    list_select_related = ("indicator", "region")


class ReportInline(admin.TabularInline):
    model = ImplementationReport
    extra = 0
    fields = ("kind", "year", "stage", "submitted_on")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ActivityInline(admin.TabularInline):
    model = GapActivity
    extra = 0
    fields = ("position", "title", "owner", "status", "due_on")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Implementation)
class ImplementationAdmin(admin.ModelAdmin):
    list_display = ("pathway", "region", "stage", "responsible_group", "decided_on", "is_demo")
    list_filter = ("stage", "region__healthcare_region", "pathway")
    list_select_related = ("pathway", "region", "responsible_group")
    raw_id_fields = ("responsible_group",)
    readonly_fields = ("stage", "updated_by", "updated_at")
    fields = (
        "pathway",
        "region",
        "responsible_group",
        "declined",
        "decided_on",
        "gap_analysis_on",
        "action_plan_on",
        "introduced_on",
        "follow_up_on",
        "note",
        "stage",
        "updated_by",
        "updated_at",
    )
    inlines = [ReportInline, ActivityInline]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        previous = obj.responsible_group_id if obj else None

        class CheckedForm(form):
            def _post_clean(self):
                super()._post_clean()
                if self.instance.pathway_id and self.instance.region_id:
                    try:
                        _follow_up_services.implementation_check(self.instance, previous_group_id=previous)
                    except _ValidationError as exc:
                        self._update_errors(exc)

        return CheckedForm

    def save_model(self, request, obj, form, change):
        saved = _follow_up_services.implementation_update(
            pathway=obj.pathway,
            region=obj.region,
            by=request.user,
            **{f: getattr(obj, f) for f in self.fields[2:10]},
        )
        obj.pk, obj.stage = saved.pk, saved.stage


@admin.register(ImplementationReport)
class ImplementationReportAdmin(ReadOnlyAdmin):
    list_display = ("implementation", "kind", "year", "stage", "submitted_on", "is_demo")
    list_filter = ("kind", "year")
    list_select_related = ("implementation__pathway", "implementation__region")
