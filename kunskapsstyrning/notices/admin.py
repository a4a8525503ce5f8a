from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kunskapsstyrning.organisation.audit import register_event_admins

from . import services
from .models import CalendarFeed


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    """Support staff can see and revoke feeds; the token itself is never shown.

    Revocation is final: revoked_at is never edited by hand (a revoked address must not be
    revived by clearing the date; the database refuses it too), only set by the "Återkalla"
    action through the service."""

    list_display = ("person", "created_at", "revoked_at")
    list_select_related = ("person",)
    fields = ("person", "created_at", "revoked_at")
    readonly_fields = ("person", "created_at", "revoked_at")
    search_fields = ("person__last_name", "person__first_name")
    actions = ("revoke",)

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Återkalla valda kalenderadresser"), permissions=("change",))
    def revoke(self, request, queryset):
        revoked = 0
        for feed in queryset.filter(revoked_at__isnull=True).select_related("person"):
            revoked += services.calendar_feed_revoke(person=feed.person)
        self.message_user(
            request,
            ngettext("%(count)s kalenderadress återkallades.", "%(count)s kalenderadresser återkallades.", revoked)
            % {"count": revoked},
            messages.SUCCESS,
        )


register_event_admins(admin.site, "notices")
