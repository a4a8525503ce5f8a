"""Admin for every model of the shared structure. Ending, not deleting, is the norm here too."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from rules.contrib.admin import ObjectPermissionsModelAdmin

from . import services
from .audit import register_event_admins
from .forms import GroupRenameForm
from .models import (
    Aggregate,
    Group,
    GroupName,
    GroupRelation,
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
from .models.periods import today
from .permissions import EDIT_ROSTER, is_support_staff, led_group_ids


class RulesAdmin(ObjectPermissionsModelAdmin):
    """Model permissions asked of the rules in permissions.py, with the object where there is one,
    so the admin allows exactly what the pages allow."""

    def has_module_permission(self, request):
        user = request.user
        return user.is_active and (user.is_superuser or is_support_staff(user) or bool(led_group_ids(user)))


class ModulePermissionMixin:
    """The rules backend answers object permissions; the admin's app index asks for module
    permissions, which only Django's ModelBackend answers. An app's admins enter through the rule
    `module_permission` (one of its view permissions that support staff have)."""

    module_permission: str

    def has_module_permission(self, request):
        return request.user.has_perm(self.module_permission)


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


@admin.register(Aggregate)
class AggregateAdmin(ReadOnlyAdmin):
    """Derived data the worker writes (aggregates.py): seen here to check how fresh it is."""

    list_display = ("kind", "key", "computed_at", "as_of", "duration_ms", "requested_at")
    list_filter = ("kind",)
    exclude = ("payload",)  # several MB for the composition overview at scale


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

    # The list and the change form show the people whose details the pages show the user
    # (VIEW_PERSON; everyone for support staff). The autocomplete of the membership form lists
    # names only, of everyone, searched by name: a process leader must be able to pick an existing
    # person to add, and a name is public in the directory anyway (as in the roster page's search).
    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset if _is_autocomplete(request) else queryset.visible_to(request.user)

    def get_search_fields(self, request):
        return ("last_name", "first_name") if _is_autocomplete(request) else self.search_fields


def _is_autocomplete(request) -> bool:
    match = getattr(request, "resolver_match", None)
    return match is not None and match.url_name == "autocomplete"


class GroupNameInline(admin.TabularInline):
    """Former names are written by services.group_rename (the rename action), never typed here."""

    model = GroupName
    extra = 0
    fields = ("name", "used_until", "note", "recorded_by")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class HostingInline(admin.TabularInline):
    """Hostings change through services.hosting_transfer (the "Byt värd" page), which ends the old
    one; typing dates here would rewrite history."""

    model = Hosting
    extra = 0
    fields = ("kind", "healthcare_region", "organisation", "start_date", "end_date", "source", "created_by")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


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


class GroupRelationInline(admin.TabularInline):
    """The group's relations to the groups above it; the allowed kinds are checked in clean()."""

    model = GroupRelation
    fk_name = "from_group"
    extra = 0
    fields = ("kind", "to_group", "purpose", "start_date", "end_date", "note")
    autocomplete_fields = ("to_group",)


@admin.register(Group)
class GroupAdmin(RulesAdmin):
    list_display = ("name", "kind", "healthcare_region", "region", "closed_on")
    list_filter = ("kind", "healthcare_region")
    list_select_related = ("healthcare_region", "region")
    search_fields = ("name", "short_name", "former_names__name")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("mirror_of", "region")
    inlines = (GroupNameInline, GroupRelationInline, HostingInline, MembershipInline)
    actions = ("rename", "change_host")

    def get_queryset(self, request):
        # A process leader with staff access sees only the groups whose rosters they may edit.
        return super().get_queryset(request).editable_by(request.user)

    def has_delete_permission(self, request, obj=None):
        # A group is closed (closed_on), never deleted: its history must stay readable.
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    # The name is read-only once the group exists: a rename goes through services.group_rename,
    # which keeps the former name and who recorded it.
    def get_readonly_fields(self, request, obj=None):
        return ("name",) if obj else ()

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj else self.prepopulated_fields

    def get_urls(self):
        rename = self.admin_site.admin_view(self.rename_view)
        name = f"{self.opts.app_label}_{self.opts.model_name}_rename"  # npo/nsg proxies reuse this admin
        return [path("<int:pk>/byt-namn/", rename, name=name), *super().get_urls()]

    @admin.action(description=_("Byt namn (det gamla sparas i namnhistoriken)"), permissions=("change",))
    def rename(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Välj en grupp i taget att byta namn på."), messages.WARNING)
            return None
        return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_rename", pk=queryset.get().pk)

    @admin.action(description=_("Byt värd"), permissions=("change",))
    def change_host(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Välj en grupp i taget att byta värd för."), messages.WARNING)
            return None
        return redirect("organisation:hosting_transfer", slug=queryset.get().slug)

    def rename_view(self, request, pk):
        group = self.get_object(request, str(pk))
        if group is None:
            raise Http404
        if not self.has_change_permission(request, group):
            raise PermissionDenied
        form = GroupRenameForm(request.POST or None, initial={"name": group.name, "effective": today()})
        if request.method == "POST" and form.is_valid():
            try:
                services.group_rename(group=group, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                self.message_user(request, _("Gruppen heter nu ”%(name)s”.") % {"name": group.name})
                return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", group.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": group,
            "title": _("Byt namn på %(group)s") % {"group": group},
            "form": form,
        }
        return TemplateResponse(request, "admin/organisation/group/rename.html", context)


@admin.register(GroupRelation)
class GroupRelationAdmin(RulesAdmin):
    list_display = ("from_group", "kind", "to_group", "purpose", "start_date", "end_date")
    list_filter = ("kind", "purpose", "from_group__kind")
    list_select_related = ("from_group", "to_group")
    search_fields = ("from_group__name", "to_group__name")
    autocomplete_fields = ("from_group", "to_group")


@admin.register(Hosting)
class HostingAdmin(RulesAdmin):
    """Read and correct the source text only: a new host is registered on the group's "Byt värd"
    page (services.hosting_transfer), which ends the current hosting instead of overwriting it."""

    list_display = ("group", "kind", "healthcare_region", "organisation", "start_date", "end_date", "transfer_link")
    list_filter = ("kind", "healthcare_region")
    list_select_related = ("group", "healthcare_region", "organisation")
    readonly_fields = (
        "group",
        "kind",
        "healthcare_region",
        "organisation",
        "start_date",
        "end_date",
        "created_by",
        "transfer_link",
    )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("byt värd"))
    def transfer_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("organisation:hosting_transfer", args=[obj.group.slug]), _("Byt värd")
        )


@admin.register(Membership)
class MembershipAdmin(RulesAdmin):
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
        return super().get_queryset(request).filter(group__in=Group.objects.editable_by(request.user))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "group":
            kwargs["queryset"] = Group.objects.editable_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

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
        return super().get_queryset(request).filter(group__in=Group.objects.editable_by(request.user))


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
    """Former names come from services.group_rename; only the note and the date can be corrected."""

    list_display = ("name", "group", "used_until", "recorded_by")
    list_select_related = ("group", "recorded_by")
    readonly_fields = ("group", "name", "recorded_by")

    def has_add_permission(self, request):
        return False


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
