"""The consultation pages: the round with its response matrix, the recipient's answer form,
the ledger (responding to comments, publishing), the coming windows, and "Att besvara".

Every page asks the rules of permissions.py; every write goes through services.py."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from kunskapsstyrning.organisation.models.periods import today
from kunskapsstyrning.organisation.views.roster import add_service_errors

from . import selectors, services
from .choices import RoundStatus
from .forms import AnswerForm, ConfirmForm, LateAnswerForm, ResponseForm
from .models import Answer, Comment, ConsultationRound, Recipient
from .permissions import (
    ACCEPT_LATE,
    ANSWER,
    PUBLISH_LEDGER,
    RESPOND,
    VIEW_ANSWER,
    VIEW_LEDGER,
    VIEW_ROUND,
    VIEW_WINDOWS,
    represents_recipient,
)


class RoundMixin(LoginRequiredMixin):
    """The round named in the address, with its subject's title and address."""

    permission = VIEW_ROUND

    @cached_property
    def round(self) -> ConsultationRound:
        try:
            return selectors.round_detail(self.kwargs["pk"])
        except ConsultationRound.DoesNotExist as exc:
            raise Http404 from exc

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.permission and not request.user.has_perm(self.permission, self.round):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(round=self.round, **kwargs)


class RoundDetailView(RoundMixin, TemplateView):
    """The round and its response matrix: members of the owning group, its leaders, support staff."""

    template_name = "consultations/round_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            matrix=selectors.response_matrix(self.round),
            may_view_ledger=user.has_perm(VIEW_LEDGER, self.round),
            may_accept_late=user.has_perm(ACCEPT_LATE) and self.round.status == RoundStatus.CLOSED,
            **kwargs,
        )


class RecipientMixin(RoundMixin):
    permission = None  # decided per page below

    @cached_property
    def recipient(self) -> Recipient:
        recipient = get_object_or_404(
            Recipient.objects.select_related("region", "group"), round=self.round, pk=self.kwargs["recipient"]
        )
        recipient.round = self.round
        return recipient


class AnswerView(RecipientMixin, FormView):
    """The recipient's answer: the form for its representative while the round accepts answers;
    the answer read-only for those who see the round."""

    template_name = "consultations/answer_form.html"
    form_class = AnswerForm

    @cached_property
    def answer(self) -> Answer | None:
        return Answer.objects.filter(recipient=self.recipient).prefetch_related("comments").first()

    @cached_property
    def may_answer(self) -> bool:
        return self.request.user.has_perm(ANSWER, self.recipient)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            readable = self.answer is not None and request.user.has_perm(VIEW_ANSWER, self.answer)
            own = represents_recipient(request.user, self.recipient)
            if not (self.may_answer or own or readable or request.user.has_perm(VIEW_ROUND, self.round)):
                raise PermissionDenied
            if request.method == "POST" and not self.may_answer:
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        if self.answer is None:
            return {}
        initial = {"position": self.answer.position, "text": self.answer.text}
        for i, comment in enumerate(self.answer.comments.all()):
            initial[f"section_{i}"] = comment.section
            initial[f"comment_{i}"] = comment.text
        return initial

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            recipient=self.recipient, answer=self.answer, may_answer=self.may_answer, today=today(), **kwargs
        )

    def form_valid(self, form):
        try:
            services.answer_submit(
                recipient=self.recipient,
                position=form.cleaned_data["position"],
                text=form.cleaned_data["text"],
                comments=form.comments(),
                attachment=form.cleaned_data.get("attachment") or None,
                by=self.request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Svaret för %(name)s är sparat.") % {"name": self.recipient.name})
        return redirect("consultations:answer", pk=self.round.pk, recipient=self.recipient.pk)


class LateAnswerView(RecipientMixin, FormView):
    """Support staff accept a late answer from one recipient."""

    template_name = "consultations/late_answer.html"
    form_class = LateAnswerForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(ACCEPT_LATE, self.recipient):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(recipient=self.recipient, **kwargs)

    def form_valid(self, form):
        try:
            services.recipient_accept_late(
                recipient=self.recipient, until=form.cleaned_data["late_until"], by=self.request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Ett sent svar från %(name)s godtas.") % {"name": self.recipient.name})
        return redirect("consultations:round", pk=self.round.pk)


class LedgerView(RoundMixin, TemplateView):
    """The comment–response ledger. The owning group responds here after the round has closed;
    a published ledger is read-only for every logged-in user."""

    template_name = "consultations/ledger.html"
    permission = VIEW_LEDGER

    @cached_property
    def may_respond(self) -> bool:
        return self.round.status == RoundStatus.CLOSED and self.request.user.has_perm(RESPOND, self.round)

    def get_context_data(self, bound=None, **kwargs):
        comments = selectors.ledger(self.round)
        for comment in comments:
            if self.may_respond:
                comment.form = (
                    bound
                    if bound is not None and bound.prefix == f"s{comment.pk}"
                    else ResponseForm(
                        comment=comment,
                        initial={"outcome": getattr(comment.current_response, "outcome", None)},
                    )
                )
        return super().get_context_data(
            comments=comments,
            may_respond=self.may_respond,
            may_publish=self.request.user.has_perm(PUBLISH_LEDGER, self.round)
            and self.round.status == RoundStatus.CLOSED,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not self.may_respond:
            raise PermissionDenied
        comment = get_object_or_404(Comment, pk=request.POST.get("comment"), answer__recipient__round=self.round)
        form = ResponseForm(request.POST, comment=comment)
        if form.is_valid():
            try:
                services.response_record(
                    comment=comment,
                    outcome=form.cleaned_data["outcome"],
                    reason=form.cleaned_data["reason"],
                    by=request.user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Svaret på synpunkten är sparat."))
                return redirect(f"{request.path}#synpunkt-{comment.pk}")
        return self.render_to_response(self.get_context_data(bound=form))


class LedgerPublishView(RoundMixin, FormView):
    template_name = "consultations/ledger_publish.html"
    form_class = ConfirmForm
    permission = PUBLISH_LEDGER

    def form_valid(self, form):
        try:
            services.ledger_publish(round=self.round, by=self.request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Sammanställningen är publicerad."))
        return redirect("consultations:ledger", pk=self.round.pk)


class AttachmentView(LoginRequiredMixin, TemplateView):
    """An answer's attachment, to those who may read the answer; always as a download."""

    def get(self, request, pk):
        answer = get_object_or_404(Answer.objects.select_related("recipient__round"), pk=pk)
        if not request.user.has_perm(VIEW_ANSWER, answer) or not answer.attachment:
            raise PermissionDenied if answer.attachment else Http404
        return FileResponse(answer.attachment.open("rb"), as_attachment=True, filename=answer.attachment_name)


class WindowsView(LoginRequiredMixin, TemplateView):
    """For support staff: the coming review windows and the rounds planned in each."""

    template_name = "consultations/windows.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(VIEW_WINDOWS):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(queued=selectors.upcoming_windows(count=12), today=today(), **kwargs)


class ToAnswerView(LoginRequiredMixin, TemplateView):
    """ "Att besvara": the open rounds the user may answer for a recipient they represent."""

    template_name = "consultations/to_answer.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(recipients=selectors.recipients_to_answer(self.request.user), **kwargs)
