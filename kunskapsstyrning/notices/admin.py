from django.contrib import admin

from kunskapsstyrning.organisation.audit import register_event_admins

from .models import CalendarFeed


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    """Support staff can see and revoke feeds; the token itself is never shown."""

    list_display = ("person", "created_at", "revoked_at")
    list_select_related = ("person",)
    fields = ("person", "created_at", "revoked_at")
    readonly_fields = ("person", "created_at")
    search_fields = ("person__last_name", "person__first_name")

    def has_add_permission(self, request):
        return False


register_event_admins(admin.site, "notices")
