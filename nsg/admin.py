from django.contrib import admin

from kunskapsstyrning.organisation.admin import GroupAdmin

from .models import CollaborationGroup


@admin.register(CollaborationGroup)
class CollaborationGroupAdmin(GroupAdmin):
    list_filter = ("healthcare_region",)
