"""Admin for the vårdförlopp. Support staff register a vårdförlopp here (through
services.pathway_create, so version 1 and the log come with it) and keep its name, NAG and NPOs;
the lifecycle is taken through services.transition (the admin action publishes decided ones).
Versions, their content and the log are read here: the texts are written on the editor pages,
and the database refuses changes to frozen versions whatever the entry point."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kunskapsstyrning.organisation.admin import ModulePermissionMixin, ReadOnlyAdmin
from kunskapsstyrning.organisation.audit import register_event_admins

from . import follow_up_services as _follow_up_services
from . import services
from .choices import PathwayState
from .models import (
    CarePathway,
    FlowStep,
    GapActivity,
    Implementation,
    ImplementationReport,
    Indicator,
    IndicatorValue,
    PathwaySection,
    PathwayTransition,
    PathwayVersion,
)


class SvfModuleMixin(ModulePermissionMixin):
    module_permission = "svf.view_carepathway"


@admin.register(CarePathway)
class CarePathwayAdmin(SvfModuleMixin, admin.ModelAdmin):
    list_display = ("name", "state", "working_group", "decided_on", "is_demo")
    list_filter = ("state", "is_demo")
    list_select_related = ("working_group",)
    search_fields = ("name", "slug")
    filter_horizontal = ("responsible_npos",)
    autocomplete_fields = ("working_group",)
    fields = (
        "name",
        "slug",
        "diagnosis_area",
        "definition",
        "working_group",
        "responsible_npos",
        "state",
        "decided_on",
    )
    readonly_fields = ("slug", "state", "decided_on")
    actions = ("publish_selected",)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        created = services.pathway_create(
            name=obj.name,
            working_group=obj.working_group,
            diagnosis_area=obj.diagnosis_area,
            definition=obj.definition,
            by=request.user,
        )
        obj.pk, obj.slug = created.pk, created.slug

    def save_related(self, request, form, formsets, change):
        # The NPOs are set on the row the service created.
        form.instance = CarePathway.objects.get(pk=form.instance.pk)
        super().save_related(request, form, formsets, change)

    @admin.action(description=_("Publicera valda vårdförlopp som SKS har beslutat"))
    def publish_selected(self, request, queryset):
        for pathway in queryset.order_by("name"):
            if pathway.state != PathwayState.DECIDED:
                continue
            try:
                services.transition(pathway=pathway, action="publish", by=request.user)
            except ValidationError as exc:
                self.message_user(request, f"{pathway}: {' '.join(exc.messages)}", messages.ERROR)
            else:
                self.message_user(request, _("%(name)s är publicerat.") % {"name": pathway})


class StepInline(admin.TabularInline):
    model = FlowStep
    extra = 0
    fields = ("letter", "title", "care_actions_markdown", "patient_actions_markdown")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class SectionInline(admin.TabularInline):
    model = PathwaySection
    extra = 0
    fields = ("kind", "body_markdown")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PathwayVersion)
class PathwayVersionAdmin(SvfModuleMixin, ReadOnlyAdmin):
    list_display = ("title", "number", "status", "decided_on", "published_at")
    list_filter = ("status",)
    list_select_related = ("pathway",)
    search_fields = ("title", "pathway__name")
    inlines = (StepInline, SectionInline)


@admin.register(PathwayTransition)
class PathwayTransitionAdmin(SvfModuleMixin, ReadOnlyAdmin):
    list_display = ("at", "pathway", "action", "from_state", "to_state", "decided_on", "by")
    # The model's own order (the shared fields of TransitionLogBase come first in _meta).
    fields = ("pathway", "version", "action", "from_state", "to_state", "comment", "decided_on", "by")
    list_filter = ("action", "to_state")
    list_select_related = ("pathway", "by")
    search_fields = ("pathway__name", "comment")


register_event_admins(admin.site, "svf")


# --- Follow-up: indicators, introductions, reports, gap analyses --------------------------------
# Writes go through the same services as the pages (validation, rule, history); values and
# reports are read-only here: regions report them on the pages or by CSV.


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "pathway", "kind", "target", "unit", "is_demo")
    list_filter = ("kind", "pathway")
    search_fields = ("code", "name", "pathway__name")
    list_select_related = ("pathway",)
    readonly_fields = ("updated_at",)

    def save_model(self, request, obj, form, change):
        _follow_up_services.indicator_save(indicator=obj, by=request.user)


class ReportedAdmin(ReadOnlyAdmin):
    """Values and reports come from the regions' pages and imports; support staff may remove one."""

    def has_delete_permission(self, request, obj=None):
        return admin.ModelAdmin.has_delete_permission(self, request, obj)


@admin.register(IndicatorValue)
class IndicatorValueAdmin(ReportedAdmin):
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
                    except ValidationError as exc:
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
class ImplementationReportAdmin(ReportedAdmin):
    list_display = ("implementation", "kind", "year", "stage", "submitted_on", "is_demo")
    list_filter = ("kind", "year")
    list_select_related = ("implementation__pathway", "implementation__region")
