"""Read-only views of invitations and pseudonymisations for the support function."""

from django.contrib import admin

from .models import Invitation, Pseudonymisation


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("person", "created_at", "sent_at", "expires_at", "accepted_at", "revoked_at")
    list_select_related = ("person",)
    exclude = ("token_hash",)
    readonly_fields = (
        "person",
        "email",
        "invited_by",
        "sent_at",
        "message_id",
        "expires_at",
        "accepted_at",
        "revoked_at",
    )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Pseudonymisation)
class PseudonymisationAdmin(admin.ModelAdmin):
    list_display = ("placeholder", "at", "by", "reason")
    list_select_related = ("by",)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
