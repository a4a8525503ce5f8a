"""Admin for every model of the shared structure. Ending, not deleting, is the norm here too."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

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
    RosterSnapshot,
    RosterSnapshotEntry,
)


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
    model = Membership
    extra = 0
    autocomplete_fields = ("person",)
    fields = ("person", "role", "represents_healthcare_region", "represents_region", "start_date", "end_date")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person")


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

    def has_delete_permission(self, request, obj=None):
        # History is kept: a membership is ended with an end date, never deleted.
        return False


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
