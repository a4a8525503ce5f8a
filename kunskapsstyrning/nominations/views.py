"""Calls for seats and nominations: publish, nominate, check conflicts, decide."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView

from kunskapsstyrning.organisation.models.periods import today
from kunskapsstyrning.organisation.permissions import EDIT_ROSTER, is_support_staff
from kunskapsstyrning.organisation.views.roster import RosterEditMixin, add_service_errors

from . import services
from .forms import NominationDecisionForm, NominationForm, SeatCallForm
from .models import Nomination, SeatCall


class CallCreateView(RosterEditMixin, FormView):
    template_name = "nominations/call_form.html"
    form_class = SeatCallForm

    def form_valid(self, form):
        try:
            call = services.call_create(group=self.group, by=self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Utlysningen ”%(title)s” är publicerad.") % {"title": call.title})
        return redirect("nominations:call", pk=call.pk)


class CallDetailView(FormView):
    """The call (public), a nomination form (logged in, while open), and for those who may edit
    the group's roster: the nominations with conflict check and decision."""

    template_name = "nominations/call_detail.html"
    form_class = NominationForm

    @cached_property
    def call(self) -> SeatCall:
        return get_object_or_404(SeatCall.objects.select_related("group", "healthcare_region"), pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        can_decide = self.request.user.has_perm(EDIT_ROSTER, self.call.group)
        nominations = (
            list(
                Nomination.objects.visible_to(self.request.user)
                .filter(call=self.call)
                .select_related("person", "nominating_healthcare_region", "nominating_group", "membership")
                .order_by("submitted_at")
            )
            if can_decide  # the same answer (VIEW_NOMINATION); spares anonymous visitors the query
            else []
        )
        return super().get_context_data(
            call=self.call,
            is_open=today() <= self.call.closes_on,
            can_decide=can_decide,
            nominations=nominations,
            decision_form=NominationDecisionForm(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.nomination_submit(
                call=self.call,
                person=form.nominee_person(),
                by=self.request.user,
                nominated_by=data["nominated_by"],
                nominating_healthcare_region=data.get("nominating_healthcare_region"),
                nominating_group=data.get("nominating_group"),
                motivation=data["motivation"],
                manager_approval=data.get("manager_approval", False),
                manager_name=data.get("manager_name", ""),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Nomineringen är inlämnad."))
        return redirect("nominations:call", pk=self.call.pk)


class OpenCallsView(LoginRequiredMixin, UserPassesTestMixin, ListView):
    """For the national support function: every open call (closing today or later) with its
    nominations, soonest closing first. Three queries for the list, however many calls."""

    template_name = "nominations/open_calls.html"
    context_object_name = "calls"

    def test_func(self):
        return is_support_staff(self.request.user)

    def get_queryset(self):
        nominations = (
            Nomination.objects.visible_to(self.request.user)
            .select_related("person", "nominating_healthcare_region", "nominating_group")
            .order_by("submitted_at")
        )
        return (
            SeatCall.objects.filter(closes_on__gte=today())
            .select_related("group", "healthcare_region")
            .prefetch_related(Prefetch("nominations", queryset=nominations, to_attr="visible_nominations"))
            .order_by("closes_on", "pk")
        )


class NominationDecisionView(LoginRequiredMixin, View):
    """Check conflicts of interest, accept or decline a nomination.

    Accepting or declining is confirmed on a page of its own first (no JavaScript): the call
    page's buttons post here without `confirm`, which shows "Bekräfta att du antar …" with the
    note; the confirmation posts with `confirm` and decides. A GET with ?action= shows the same
    page."""

    template_name = "nominations/decision_confirm.html"

    def nomination(self, pk) -> Nomination:
        nomination = get_object_or_404(Nomination.objects.select_related("call__group", "person"), pk=pk)
        if not self.request.user.has_perm(EDIT_ROSTER, nomination.call.group):
            raise PermissionDenied
        return nomination

    def confirm_page(self, nomination, form):
        return TemplateResponse(self.request, self.template_name, {"nomination": nomination, "form": form})

    def get(self, request, pk):
        nomination = self.nomination(pk)
        form = NominationDecisionForm(request.GET)
        if not form.is_valid() or form.cleaned_data["action"] == "check":
            return redirect("nominations:call", pk=nomination.call_id)
        return self.confirm_page(nomination, form)

    def post(self, request, pk):
        nomination = self.nomination(pk)
        form = NominationDecisionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Välj vad som ska göras med nomineringen."))
            return redirect("nominations:call", pk=nomination.call_id)
        action, note = form.cleaned_data["action"], form.cleaned_data["note"]
        if action != "check" and not form.cleaned_data["confirm"]:
            return self.confirm_page(nomination, form)
        try:
            if action == "check":
                services.nomination_check_conflicts(nomination=nomination, note=note, by=request.user)
                messages.success(request, _("Jävskontrollen är registrerad."))
            else:
                decided = services.nomination_decide(
                    nomination=nomination, accept=action == "accept", by=request.user, decision_note=note
                )
                messages.success(
                    request,
                    _("%(name)s är antagen och uppdraget är skapat.") % {"name": decided.person.full_name}
                    if action == "accept"
                    else _("Nomineringen är avslagen."),
                )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("nominations:call", pk=nomination.call_id)
