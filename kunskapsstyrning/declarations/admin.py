from django.contrib import admin

from kunskapsstyrning.organisation.admin import ReadOnlyAdmin
from kunskapsstyrning.organisation.audit import register_event_admins

from .models import InterestDeclaration


@admin.register(InterestDeclaration)
class InterestDeclarationAdmin(ReadOnlyAdmin):
    """Declarations are filed by the members themselves; here they are read, never edited."""

    list_display = ("person", "form", "submitted_on", "has_interests")
    list_filter = ("form", "has_interests")
    list_select_related = ("person",)
    search_fields = ("person__last_name", "person__first_name")
    date_hierarchy = "submitted_on"

    def get_queryset(self, request):
        # The declarations the detail page would show the user (VIEW_DECLARATION), no more.
        return super().get_queryset(request).visible_to(request.user)


register_event_admins(admin.site, "declarations")
