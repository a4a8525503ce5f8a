"""Admin for every model of the shared structure. Ending, not deleting, is the norm here too."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from . import services
from .audit import register_event_admins
from .models import (
    Group,
    GroupName,
    HealthcareRegion,
    HealthcareRegionName,
    Hosting,
    Membership,
    Municipality,
    Organisation,
    Person,
    Region,
    RosterChange,
    RosterSnapshot,
    RosterSnapshotEntry,
)
from .permissions import EDIT_ROSTER, editable_groups


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records written only by the services (history, declarations, nominations): read here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class HealthcareRegionNameInline(admin.TabularInline):
    model = HealthcareRegionName
    extra = 0


class RegionInline(admin.TabularInline):
    model = Region
    extra = 0
    prepopulated_fields = {"slug": ("name",)}


@admin.register(HealthcareRegion)
class HealthcareRegionAdmin(admin.ModelAdmin):
    list_display = ("name", "sort_order")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (HealthcareRegionNameInline, RegionInline)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("name", "healthcare_region")
    list_filter = ("healthcare_region",)
    list_select_related = ("healthcare_region",)
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name",)


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("name", "region")
    list_select_related = ("region",)
    search_fields = ("name",)
    autocomplete_fields = ("region",)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "kind")
    list_filter = ("kind",)
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name", "short_name")


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("last_name", "first_name", "title", "email", "is_demo")
    list_filter = ("is_demo",)
    search_fields = ("last_name", "first_name", "email")
    raw_id_fields = ("user",)


class GroupNameInline(admin.TabularInline):
    model = GroupName
    extra = 0


class HostingInline(admin.TabularInline):
    model = Hosting
    extra = 0


class MembershipInline(admin.TabularInline):
    """Read-only here: roster changes go through the membership admin or the roster page, which
    record history and check who may edit."""

    model = Membership
    extra = 0
    fields = ("person", "role", "represents_healthcare_region", "represents_region", "start_date", "end_date")
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("person", "represents_healthcare_region", "represents_region")
        )


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "healthcare_region", "region", "closed_on")
    list_filter = ("kind", "healthcare_region")
    list_select_related = ("healthcare_region", "region")
    search_fields = ("name", "short_name", "former_names__name")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("mirror_of", "parents", "region")
    inlines = (GroupNameInline, HostingInline, MembershipInline)


@admin.register(Hosting)
class HostingAdmin(admin.ModelAdmin):
    list_display = ("group", "kind", "healthcare_region", "organisation", "start_date", "end_date")
    list_filter = ("kind", "healthcare_region")
    list_select_related = ("group", "healthcare_region", "organisation")
    autocomplete_fields = ("group",)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("person", "group", "role", "represents", "start_date", "end_date")
    list_filter = ("role", "group__kind")
    list_select_related = (
        "person",
        "group",
        "represents_healthcare_region",
        "represents_region",
        "represents_municipality",
        "represents_organisation",
    )
    search_fields = ("person__last_name", "person__first_name", "group__name")
    autocomplete_fields = ("person", "group", "represents_region", "represents_municipality", "represents_organisation")
    date_hierarchy = "start_date"

    @admin.display(description=_("företräder"))
    def represents(self, obj):
        return obj.represents or "–"

    # The same rules as the roster pages: a user sees and edits the memberships of the groups
    # they may edit, and every save goes through the services so that history is kept.
    def get_queryset(self, request):
        return super().get_queryset(request).filter(group__in=editable_groups(request.user))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "group":
            kwargs["queryset"] = editable_groups(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or request.user.has_perm(EDIT_ROSTER, obj.group))

    def has_delete_permission(self, request, obj=None):
        # History is kept: a membership is ended with an end date, never deleted.
        return False

    def save_model(self, request, obj, form, change):
        if not request.user.has_perm(EDIT_ROSTER, obj.group):
            raise PermissionDenied
        fields = {name: form.cleaned_data[name] for name in form.changed_data if name != "person"}
        if change:
            if "person" in form.changed_data:
                raise PermissionDenied  # succession is a replacement, done on the roster page
            saved = services.membership_update(membership=obj, by=request.user, **fields)
        else:
            represents = next((getattr(obj, f) for f in _REPRESENTS if getattr(obj, f)), None)
            saved = services.membership_create(
                person=obj.person,
                group=obj.group,
                role=obj.role,
                start_date=obj.start_date,
                end_date=obj.end_date,
                represents=represents,
                note=obj.note,
                by=request.user,
            )
        obj.pk = saved.pk


_REPRESENTS = (
    "represents_healthcare_region",
    "represents_region",
    "represents_municipality",
    "represents_organisation",
)


@admin.register(RosterChange)
class RosterChangeAdmin(ReadOnlyAdmin):
    """The roster history: read-only, never edited."""

    list_display = ("at", "group", "action", "summary", "actor")
    list_filter = ("action", "group__kind")
    list_select_related = ("group", "actor")
    search_fields = ("summary", "group__name")
    date_hierarchy = "at"

    def get_queryset(self, request):
        return super().get_queryset(request).filter(group__in=editable_groups(request.user))


class RosterSnapshotEntryInline(admin.TabularInline):
    model = RosterSnapshotEntry
    extra = 0
    autocomplete_fields = ("person",)


@admin.register(RosterSnapshot)
class RosterSnapshotAdmin(admin.ModelAdmin):
    list_display = ("group", "year", "source")
    list_select_related = ("group",)
    inlines = (RosterSnapshotEntryInline,)


@admin.register(GroupName)
class GroupNameAdmin(admin.ModelAdmin):
    list_display = ("name", "group", "used_until")
    list_select_related = ("group",)


@admin.register(HealthcareRegionName)
class HealthcareRegionNameAdmin(admin.ModelAdmin):
    list_display = ("name", "healthcare_region", "used_until")
    list_select_related = ("healthcare_region",)


@admin.register(RosterSnapshotEntry)
class RosterSnapshotEntryAdmin(admin.ModelAdmin):
    list_display = ("person", "role", "snapshot")
    list_filter = ("role",)
    list_select_related = ("person", "snapshot__group")
    autocomplete_fields = ("person",)


register_event_admins(admin.site, "organisation")
