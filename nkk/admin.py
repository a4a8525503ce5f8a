"""Admin for NKK. Reference data (ämnesområden, publishing dates) is kept here by support staff;
texts and their workflow are read here and written on the editor pages through the services, so
the published versions' immutability and the transition log hold whatever the entry point."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kunskapsstyrning.organisation.admin import ModulePermissionMixin, ReadOnlyAdmin
from kunskapsstyrning.organisation.audit import register_event_admins

from . import services
from .models import (
    PublishingDate,
    Recommendation,
    RecommendationSection,
    RecommendationTitle,
    RecommendationVersion,
    SubjectArea,
    TransitionRecord,
)


class NkkModuleMixin(ModulePermissionMixin):
    module_permission = "nkk.view_subjectarea"


@admin.register(SubjectArea)
class SubjectAreaAdmin(NkkModuleMixin, admin.ModelAdmin):
    list_display = ("name", "healthcare_region", "steering_npo", "revision_interval_months")
    list_select_related = ("healthcare_region", "steering_npo")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("steering_npo",)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PublishingDate)
class PublishingDateAdmin(NkkModuleMixin, admin.ModelAdmin):
    list_display = ("date", "status", "published_at", "note")
    list_filter = ("status",)
    fields = ("date", "note", "status", "published_at", "published_by", "failure_reason", "attempted_at")
    readonly_fields = ("status", "published_at", "published_by", "failure_reason", "attempted_at")
    actions = ("publish_selected",)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        created = services.publishing_date_create(date=obj.date, note=obj.note, by=request.user)
        obj.pk = created.pk

    @admin.action(description=_("Publicera valda tillfällen (allt eller inget per datum)"))
    def publish_selected(self, request, queryset):
        for publishing_date in queryset.order_by("date"):
            try:
                result = services.publishing_date_publish(publishing_date=publishing_date, by=request.user)
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)
                continue
            if result.refused:
                self.message_user(request, " ".join(result.refused), messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("%(date)s: %(count)s publicerade.") % {"date": publishing_date, "count": len(result.published)},
                )


class SectionInline(admin.TabularInline):
    model = RecommendationSection
    extra = 0
    fields = ("kind", "position", "body_markdown")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class TitleInline(admin.TabularInline):
    model = RecommendationTitle
    extra = 0
    readonly_fields = ("title", "used_until", "merged")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Recommendation)
class RecommendationAdmin(NkkModuleMixin, ReadOnlyAdmin):
    list_display = ("title", "subject_area", "owning_group", "status", "last_published_on", "revision_deadline")
    list_filter = ("status", "subject_area")
    list_select_related = ("subject_area", "owning_group")
    search_fields = ("title", "slug")
    inlines = (TitleInline,)


@admin.register(RecommendationVersion)
class RecommendationVersionAdmin(NkkModuleMixin, ReadOnlyAdmin):
    list_display = ("title", "number", "state", "change_kind", "publishing_date", "published_at")
    list_filter = ("state", "change_kind")
    list_select_related = ("publishing_date",)
    search_fields = ("title",)
    inlines = (SectionInline,)


@admin.register(TransitionRecord)
class TransitionRecordAdmin(NkkModuleMixin, ReadOnlyAdmin):
    list_display = ("at", "recommendation", "action", "from_state", "to_state", "by")
    # The model's own order (the shared fields of TransitionLogBase come first in _meta).
    fields = (
        "recommendation",
        "version",
        "action",
        "from_state",
        "to_state",
        "comment",
        "by",
        "publishing_date",
        "second_round_kind",
    )
    list_filter = ("action", "to_state")
    list_select_related = ("recommendation", "by")
    search_fields = ("recommendation__title", "comment")


register_event_admins(admin.site, "nkk")


# Regionala tillägg ------------------------------------------------------------------------------
# Written through the same service as the edit page (supplement_services.supplements_save), so the
# rule, the sanitising and the history hold whatever the entry point. The list shows what the
# user may write (support staff: every region).

from django import forms  # noqa: E402
from django.db.models import Q  # noqa: E402

from . import supplement_services  # noqa: E402
from .models import RegionalSupplement  # noqa: E402
from .permissions import EDIT_SUPPLEMENTS, regional_scopes  # noqa: E402


class RegionalSupplementForm(forms.ModelForm):
    class Meta:
        model = RegionalSupplement
        fields = ("recommendation", "region", "section", "body_markdown")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if "recommendation" in self.fields:
            self.fields["recommendation"].queryset = Recommendation.objects.public().order_by("title")

    def clean(self):
        data = super().clean()
        rec = data.get("recommendation") or (self.instance.recommendation if self.instance.pk else None)
        region = data.get("region") or (self.instance.region if self.instance.pk else None)
        if rec is not None and region is not None and self.user is not None:
            if not self.user.has_perm(EDIT_SUPPLEMENTS, RegionalSupplement(recommendation=rec, region=region)):
                raise ValidationError(
                    _("Du har inte behörighet att skriva regionala tillägg för %(region)s.") % {"region": region}
                )
        return data


@admin.register(RegionalSupplement)
class RegionalSupplementAdmin(ModulePermissionMixin, admin.ModelAdmin):
    module_permission = "nkk.view_regionalsupplement"
    form = RegionalSupplementForm
    list_display = ("recommendation", "region", "section", "version_number", "updated_at", "updated_by")
    list_filter = ("section", "region")
    list_select_related = ("recommendation", "region", "updated_by")
    search_fields = ("recommendation__title", "region__name", "body_markdown")
    readonly_fields = ("version_number", "updated_at", "updated_by")

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.has_perm("nkk.view_subjectarea"):  # support staff: every region
            return qs
        q = Q(pk__in=[])
        for region_id, npo_id in regional_scopes(request.user):
            q |= Q(region_id=region_id, recommendation__subject_area__steering_npo_id=npo_id)
        return qs.filter(q)

    def get_readonly_fields(self, request, obj=None):
        fixed = ("recommendation", "region", "section") if obj is not None else ()
        return (*fixed, *self.readonly_fields)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)

        class WithUser(form):
            def __init__(self, *args, **kw):
                super().__init__(*args, user=request.user, **kw)

        return WithUser

    def save_model(self, request, obj, form, change):
        supplement_services.supplements_save(
            recommendation=obj.recommendation,
            region=obj.region,
            texts={obj.section: form.cleaned_data["body_markdown"]},
            by=request.user,
        )
        saved = RegionalSupplement.objects.get(
            recommendation=obj.recommendation, region=obj.region, section=obj.section
        )
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        supplement_services.supplements_save(
            recommendation=obj.recommendation, region=obj.region, texts={obj.section: ""}, by=request.user
        )

    def delete_queryset(self, request, queryset):
        for obj in queryset.select_related("recommendation", "region"):
            self.delete_model(request, obj)


# Revision campaigns: kept by support staff through the same services as the campaign pages.

from django import forms  # noqa: E402

from . import campaign_services  # noqa: E402
from .choices import TargetPopulation  # noqa: E402
from .models import Campaign  # noqa: E402


class CampaignAdminForm(forms.ModelForm):
    subject_area_choice = forms.ModelMultipleChoiceField(
        label=_("Ämnesområden"),
        queryset=SubjectArea.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Inget valt: alla ämnesområden."),
    )
    target_populations = forms.MultipleChoiceField(
        label=_("Målgrupper"),
        choices=TargetPopulation.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Inget valt: alla målgrupper."),
    )

    class Meta:
        model = Campaign
        fields = ("name", "description", "starts_on", "deadline", "target_populations")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["subject_area_choice"].initial = list(self.instance.subject_areas.all())


@admin.register(Campaign)
class CampaignAdmin(NkkModuleMixin, admin.ModelAdmin):
    form = CampaignAdminForm
    list_display = ("name", "starts_on", "deadline", "created_by")
    list_select_related = ("created_by",)
    search_fields = ("name",)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        kwargs = {
            "name": data["name"],
            "description": data.get("description", ""),
            "starts_on": data["starts_on"],
            "deadline": data["deadline"],
            "subject_areas": list(data["subject_area_choice"]),
            "target_populations": data["target_populations"],
            "by": request.user,
        }
        if change:
            campaign_services.campaign_update(campaign=obj, **kwargs)
        else:
            obj.pk = campaign_services.campaign_create(**kwargs).pk

    def save_related(self, request, form, formsets, change):
        """The ämnesområden were written by the service in save_model."""
