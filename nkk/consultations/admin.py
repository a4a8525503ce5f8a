"""Admin for the consultation engine. Rounds, recipients and windows are written through the
services (the same validation and rules as the pages); answers, comments and responses are
written on the pages by the recipient and the owning group, and only read here."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kunskapsstyrning.organisation.admin import ReadOnlyAdmin
from kunskapsstyrning.organisation.audit import register_event_admins

from . import services
from .models import Answer, Comment, CommentResponse, ConsultationRound, Recipient, ReviewWindow
from .permissions import visible_rounds_filter
from .registry import consultation_subjects


class ServiceAdminMixin:
    """Saves through a service; a refusal is shown as an error message and nothing is saved."""

    def save_through(self, request, call) -> bool:
        try:
            call()
        except ValidationError as exc:
            for message in exc.messages:
                self.message_user(request, message, level=messages.ERROR)
            return False
        return True


class RecipientInline(admin.TabularInline):
    model = Recipient
    extra = 0
    fields = ("region", "group", "organisation_name", "late_until")
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


class RoundAdminForm(forms.ModelForm):
    """Checks what the service checks before the admin saves, so a refusal is shown on the form."""

    class Meta:
        model = ConsultationRound
        fields = ("kind", "subject_type", "subject_id", "owner_group", "window", "opens_on", "closes_on", "description")

    def clean(self):
        data = super().clean()
        subject_type, subject_id = data.get("subject_type"), data.get("subject_id")
        if subject_type and subject_id and not subject_type.model_class().objects.filter(pk=subject_id).exists():
            self.add_error("subject_id", _("Det finns inget innehåll med det id:t."))
        if not self.errors and data.get("opens_on") and data.get("closes_on"):
            candidate = ConsultationRound(
                kind=data.get("kind"), window=data.get("window"), opens_on=data["opens_on"], closes_on=data["closes_on"]
            )
            try:
                services.check_round_dates(candidate)
            except ValidationError as exc:
                self.add_error(None, exc.messages)
        return data


@admin.register(ConsultationRound)
class ConsultationRoundAdmin(ServiceAdminMixin, admin.ModelAdmin):
    form = RoundAdminForm
    list_display = ("__str__", "kind", "owner_group", "opens_on", "closes_on", "ledger_published_at")
    list_filter = ("kind",)
    list_select_related = ("owner_group", "subject_type")
    date_hierarchy = "opens_on"
    autocomplete_fields = ("owner_group",)
    readonly_fields = ("ledger_published_at", "ledger_published_by", "created_by", "created_at")
    inlines = (RecipientInline,)

    def get_queryset(self, request):
        q = visible_rounds_filter(request.user)
        queryset = super().get_queryset(request)
        return queryset if q is None else queryset.filter(q)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "subject_type":
            from django.contrib.contenttypes.models import ContentType

            kwargs["queryset"] = ContentType.objects.filter(pk__in=consultation_subjects.content_type_ids())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return (*fields, "subject_type", "subject_id", "owner_group") if obj else fields

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            changes = {f: data[f] for f in ("kind", "window", "opens_on", "closes_on", "description") if f in data}
            self.save_through(request, lambda: services.round_update(round=obj, by=request.user, **changes))
        else:
            subject = data["subject_type"].get_object_for_this_type(pk=data["subject_id"])
            created = []
            self.save_through(
                request,
                lambda: created.append(
                    services.round_create(
                        kind=data["kind"],
                        subject=subject,
                        owner_group=data["owner_group"],
                        window=data.get("window"),
                        opens_on=data.get("opens_on"),
                        closes_on=data.get("closes_on"),
                        description=data.get("description", ""),
                        by=request.user,
                    )
                ),
            )
            if created:
                obj.pk = created[0].pk
                obj.created_by = created[0].created_by

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else ()

    def save_related(self, request, form, formsets, change):
        for formset in formsets:  # read-only: nothing to save, nothing to log
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Recipient)
class RecipientAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "round", "late_until")
    list_select_related = ("round__subject_type", "region", "group")
    autocomplete_fields = ("contacts",)
    fields = ("round", "region", "group", "organisation_name", "contacts", "late_until")

    def get_readonly_fields(self, request, obj=None):
        return ("round", "region", "group", "organisation_name") if obj else ()

    def get_queryset(self, request):
        q = visible_rounds_filter(request.user)
        queryset = super().get_queryset(request)
        return queryset if q is None else queryset.filter(round__in=ConsultationRound.objects.filter(q))

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if not change:
            self.save_through(
                request,
                lambda: services.recipient_add(
                    round=data["round"],
                    region=data.get("region"),
                    group=data.get("group"),
                    organisation_name=data.get("organisation_name", ""),
                    contacts=data.get("contacts", ()),
                    by=request.user,
                ),
            )
            return
        self.save_through(
            request, lambda: services.recipient_set_contacts(recipient=obj, contacts=data["contacts"], by=request.user)
        )
        if data.get("late_until") and "late_until" in form.changed_data:
            self.save_through(
                request,
                lambda: services.recipient_accept_late(recipient=obj, until=data["late_until"], by=request.user),
            )

    def save_related(self, request, form, formsets, change):
        pass  # contacts are set by the service

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReviewWindow)
class ReviewWindowAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "kind", "year", "number", "opens_on", "closes_on", "note")
    list_filter = ("kind", "year")
    fields = ("kind", "year", "number", "opens_on", "closes_on", "note")

    def get_readonly_fields(self, request, obj=None):
        return ("kind", "year", "number") if obj else ()

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        self.save_through(
            request,
            lambda: services.window_store(
                kind=obj.kind,
                year=obj.year,
                number=obj.number,
                opens_on=data.get("opens_on"),
                closes_on=data.get("closes_on"),
                note=data.get("note", ""),
                by=request.user,
            ),
        )

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Answer)
class AnswerAdmin(ReadOnlyAdmin):
    list_display = ("recipient", "position", "is_late", "updated_at")
    list_filter = ("position", "is_late")
    list_select_related = ("recipient__region", "recipient__group")

    def get_queryset(self, request):
        q = visible_rounds_filter(request.user)
        queryset = super().get_queryset(request)
        return queryset if q is None else queryset.filter(recipient__round__in=ConsultationRound.objects.filter(q))


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "section")
    list_select_related = ("answer__recipient__region", "answer__recipient__group")

    def get_queryset(self, request):
        q = visible_rounds_filter(request.user)
        queryset = super().get_queryset(request)
        return (
            queryset if q is None else queryset.filter(answer__recipient__round__in=ConsultationRound.objects.filter(q))
        )


@admin.register(CommentResponse)
class CommentResponseAdmin(ReadOnlyAdmin):
    list_display = ("comment", "outcome", "responded_at")
    list_filter = ("outcome",)
    list_select_related = ("comment__answer__recipient__region", "comment__answer__recipient__group")

    def get_queryset(self, request):
        q = visible_rounds_filter(request.user)
        queryset = super().get_queryset(request)
        rounds = ConsultationRound.objects.filter(q) if q is not None else None
        return queryset if rounds is None else queryset.filter(comment__answer__recipient__round__in=rounds)


register_event_admins(admin.site, "consultations")
