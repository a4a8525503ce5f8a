from django.contrib import admin

from kunskapsstyrning.organisation.admin import ReadOnlyAdmin
from kunskapsstyrning.organisation.audit import register_event_admins
from kunskapsstyrning.organisation.models import Group

from .models import Nomination, SeatCall


class NominationInline(admin.TabularInline):
    model = Nomination
    extra = 0
    fields = ("person", "nominated_by", "status", "conflicts_checked", "membership")
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SeatCall)
class SeatCallAdmin(admin.ModelAdmin):
    list_display = ("title", "group", "role", "closes_on", "deciding_body")
    list_filter = ("deciding_body", "role")
    list_select_related = ("group",)
    search_fields = ("title", "group__name")
    autocomplete_fields = ("group",)
    inlines = (NominationInline,)

    def get_queryset(self, request):
        # Calls are public, but here they are edited: the groups whose rosters the user may edit.
        return super().get_queryset(request).filter(group__in=Group.objects.editable_by(request.user))


@admin.register(Nomination)
class NominationAdmin(ReadOnlyAdmin):
    """Read here; decided on the call's page, where acceptance creates the membership."""

    list_display = ("person", "call", "nominated_by", "status", "conflicts_checked")
    list_filter = ("status", "nominated_by")
    list_select_related = ("person", "call__group")
    search_fields = ("person__last_name", "call__title")

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)


register_event_admins(admin.site, "nominations")
