from django.contrib import admin

from kunskapsstyrning.organisation.admin import GroupAdmin

from .models import ProgramArea


@admin.register(ProgramArea)
class ProgramAreaAdmin(GroupAdmin):
    list_filter = ("healthcare_region",)
