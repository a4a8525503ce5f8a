from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kunskapsstyrning.organisation.audit import register_event_admins

from . import kinds, services
from .models import CalendarFeed, Digest, KindSetting, Notice, Preference


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


class KindSettingForm(forms.ModelForm):
    kind = forms.ChoiceField(label=_("Slag"), choices=lambda: [(k.name, k.label) for k in kinds.all_kinds()])

    class Meta:
        model = KindSetting
        fields = ("kind", "lead_days", "active")


@admin.register(KindSetting)
class KindSettingAdmin(admin.ModelAdmin):
    """Lead times per reminder kind. Without a row a kind uses its defaults (shown in the list
    of kinds below the form's help text)."""

    form = KindSettingForm
    list_display = ("kind", "lead_days", "active")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        defaults = ", ".join(f"{k.label}: {', '.join(map(str, k.default_lead_days))}" for k in kinds.all_kinds())
        form.base_fields["lead_days"].help_text = _("Dagar före tidpunkten, t.ex. 90,30. Standard: %(defaults)s.") % {
            "defaults": defaults
        }
        return form


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    """Read-only: reminders are decided by the planner, never by hand. Resend is the one action."""

    list_display = ("title", "person", "kind", "email_status", "attempts", "send_after", "sent_at", "read_at")
    list_filter = ("kind", "email_status")
    list_select_related = ("person",)
    search_fields = ("title", "person__last_name", "person__first_name")
    readonly_fields = [f.name for f in Notice._meta.fields]
    actions = ("resend",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Skicka valda påminnelser igen"), permissions=("view",))
    def resend(self, request, queryset):
        for notice in queryset:
            services.notice_resend(notice=notice, by=request.user)
        self.message_user(request, _("Påminnelserna skickas igen."), messages.SUCCESS)


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    list_display = ("person", "day", "email_status", "attempts", "sent_at")
    list_filter = ("email_status",)
    list_select_related = ("person",)
    readonly_fields = [f.name for f in Digest._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


register_event_admins(admin.site, "notices")


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    """Read-only: each person chooses on their own page (Val för påminnelser)."""

    list_display = ("person", "kind", "delivery")
    list_filter = ("kind", "delivery")
    list_select_related = ("person",)
    readonly_fields = ("person", "kind", "delivery")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
