"""Pages of the vårdförlopp: the public list and pages (every published version at its permanent
address, comparisons, the PDF), and the editor pages of the NAG, SKS and the support function.
Views collect input and ask the rules; the services decide and write."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from kunskapsstyrning.pdf import render_pdf

from . import selectors, services
from .choices import PathwayState, VersionStatus
from .forms import DraftForm, PathwayCreateForm, TransitionForm
from .models import CarePathway
from .permissions import CREATE_PATHWAY, EDIT_DRAFT, VIEW_WORK
from .workflow import transitions_from


def _pathway(slug: str) -> CarePathway:
    try:
        return selectors.pathway_by_slug(slug)
    except CarePathway.DoesNotExist:
        raise Http404(_("Vårdförloppet finns inte.")) from None


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _add_errors(form, exc: ValidationError) -> None:
    """A service's errors on the form: on the field they name when the form has it, else on top."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, _error_text(exc))
        return
    for field, errors in exc.error_dict.items():
        form.add_error(field if field in form.fields else None, " ".join(ValidationError(errors).messages))


# Public ---------------------------------------------------------------------------------------


_SLUG = "slug-to-replace"


class PathwayListView(TemplateView):
    """Published vårdförlopp, and those under development with their state. Three queries."""

    template_name = "svf/pathway_list.html"

    def get_context_data(self, **kwargs):
        pathways = selectors.pathway_list()
        # One reversal and one translation of each state for the whole list, not one a row.
        address = reverse("svf:pathway", args=[_SLUG])
        states = {value: str(label) for value, label in PathwayState.choices}
        for p in pathways:
            p.url = address.replace(_SLUG, p.slug)
            p.state_label = states.get(p.state, p.state)
        return super().get_context_data(
            published=[p for p in pathways if p.published],
            under_way=[p for p in pathways if not p.published],
            can_create=self.request.user.has_perm(CREATE_PATHWAY),
            **kwargs,
        )


class VersionContextMixin:
    """The pathway, the version shown and what the page shows around it."""

    def version_context(self, pathway, version, *, is_current: bool) -> dict:
        user = self.request.user
        sees_work = user.has_perm(VIEW_WORK, pathway)
        return {
            "pathway": pathway,
            "version": version,
            "steps": list(version.steps.all()) if version else [],
            "sections": list(version.sections.all()) if version else [],
            "versions": selectors.readable_versions(pathway, user, sees_work),
            "is_current": is_current,
            "rounds": selectors.rounds_with_positions(pathway) if user.is_authenticated else [],
            "sees_work": sees_work,
        }


class PathwayDetailView(VersionContextMixin, View):
    """The vårdförlopp's live (latest published) version, or its state while it has none."""

    def get(self, request, slug):
        pathway = _pathway(slug)
        published = [v for v in pathway.all_versions if v.status == VersionStatus.PUBLISHED]
        version = selectors.version_with_content(pathway, published[0].number) if published else None
        context = self.version_context(pathway, version, is_current=True)
        return TemplateResponse(request, "svf/pathway_detail.html", context)


def _readable_version(request, pathway, number):
    version = selectors.version_with_content(pathway, number)
    if version is None:
        raise Http404(_("Versionen finns inte."))
    if version.status == VersionStatus.PUBLISHED:
        return version
    if version.status == VersionStatus.CONSULTATION and request.user.is_authenticated:
        return version
    if request.user.has_perm(VIEW_WORK, pathway):
        return version
    raise Http404(_("Versionen finns inte eller är inte publicerad."))


class VersionDetailView(VersionContextMixin, View):
    """One version at its permanent address: a published one never changes. A remissversion is
    shown to logged-in users, a draft to those who see the work."""

    def get(self, request, slug, number):
        pathway = _pathway(slug)
        version = _readable_version(request, pathway, number)
        published = [v for v in pathway.all_versions if v.status == VersionStatus.PUBLISHED]
        context = self.version_context(pathway, version, is_current=bool(published) and published[0].pk == version.pk)
        return TemplateResponse(request, "svf/pathway_detail.html", context)


class VersionPdfView(View):
    """The version as a PDF: flow, action table and the other sections."""

    def get(self, request, slug, number):
        pathway = _pathway(slug)
        version = _readable_version(request, pathway, number)
        context = {
            "pathway": pathway,
            "version": version,
            "steps": list(version.steps.all()),
            "sections": list(version.sections.all()),
            "title": version.title,
        }
        response = HttpResponse(render_pdf("svf/pathway_pdf.html", context, request), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{pathway.slug}-version-{version.number}.pdf"'
        return response


class CompareView(View):
    """Any two versions the user may read, side by side with the changes marked."""

    def get(self, request, slug):
        pathway = _pathway(slug)
        readable = selectors.readable_versions(pathway, request.user, request.user.has_perm(VIEW_WORK, pathway))
        by_number = {v.number: v for v in readable}
        try:
            old_number, new_number = int(request.GET.get("fran", "")), int(request.GET.get("till", ""))
        except ValueError:
            if len(readable) < 2:
                raise Http404(_("Det finns inget att jämföra.")) from None
            old_number, new_number = readable[1].number, readable[0].number
        if old_number not in by_number or new_number not in by_number:
            raise Http404(_("Versionen finns inte eller är inte publicerad."))
        old = selectors.version_with_content(pathway, old_number)
        new = selectors.version_with_content(pathway, new_number)
        context = {
            "pathway": pathway,
            "old": old,
            "new": new,
            "versions": sorted(readable, key=lambda v: v.number),
            "diff": selectors.diff_versions(old, new),
        }
        return TemplateResponse(request, "svf/compare.html", context)


# Editor pages ----------------------------------------------------------------------------------


class WorkMixin(LoginRequiredMixin):
    @cached_property
    def pathway(self) -> CarePathway:
        pathway = _pathway(self.kwargs["slug"])
        if not self.request.user.has_perm(VIEW_WORK, pathway):
            raise PermissionDenied
        return pathway

    def back(self):
        return redirect("svf:work", slug=self.pathway.slug)


class WorkView(WorkMixin, TemplateView):
    """The editor page: state, the open version, the actions the user may take, the log."""

    template_name = "svf/work_detail.html"

    def get_context_data(self, **kwargs):
        user, pathway = self.request.user, self.pathway
        version = services.open_version(pathway)
        actions = [t for t in transitions_from(pathway.state) if user.has_perm(t.permission, pathway)]
        return super().get_context_data(
            pathway=pathway,
            version=version,
            actions=actions,
            transition_form=TransitionForm() if any(a.needs_round for a in actions) else None,
            can_edit=version is not None and user.has_perm(EDIT_DRAFT, pathway),
            versions=pathway.all_versions,
            rounds=selectors.rounds_with_positions(pathway),
            log=list(selectors.log_of(pathway)[:100]),
            **kwargs,
        )


class PathwayCreateView(LoginRequiredMixin, View):
    """A new vårdförlopp with version 1 as an empty draft, through the same service as the admin
    (services.pathway_create: checked, logged). For whoever the rules let create (support staff)."""

    template_name = "svf/pathway_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(CREATE_PATHWAY):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def render(self, form, status=200):
        return TemplateResponse(self.request, self.template_name, {"form": form}, status=status)

    def get(self, request):
        return self.render(PathwayCreateForm())

    def post(self, request):
        form = PathwayCreateForm(request.POST)
        if form.is_valid():
            try:
                pathway = services.pathway_create(by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(
                    request, _("Vårdförloppet %(name)s är skapat med ett tomt utkast.") % {"name": pathway.name}
                )
                return redirect("svf:work", slug=pathway.slug)
        return self.render(form, status=400)


class DraftEditView(WorkMixin, View):
    template_name = "svf/draft_form.html"

    def version(self):
        version = services.open_version(self.pathway)
        if version is None or not self.request.user.has_perm(EDIT_DRAFT, self.pathway):
            raise PermissionDenied
        return version

    def render(self, form, version, status=200):
        context = {"form": form, "version": version, "pathway": self.pathway}
        return TemplateResponse(self.request, self.template_name, context, status=status)

    def get(self, request, slug):
        version = self.version()
        steps = list(version.steps.order_by("position"))
        initial = {
            "title": version.title,
            "change_note": version.change_note,
            **{f"section_{s.kind}": s.body_markdown for s in version.sections.all()},
        }
        for i, step in enumerate(steps):
            initial[f"step_{i}_title"] = step.title
            initial[f"step_{i}_care"] = step.care_actions_markdown
            initial[f"step_{i}_patient"] = step.patient_actions_markdown
        return self.render(DraftForm(initial=initial, step_count=len(steps)), version)

    def post(self, request, slug):
        version = self.version()
        count = sum(1 for key in request.POST if key.startswith("step_") and key.endswith("_title"))
        form = DraftForm(request.POST, step_count=max(count - 2, 0))
        if form.is_valid():
            try:
                services.version_update(version=version, by=request.user, **form.service_kwargs())
            except ValidationError as exc:
                form.add_error(None, _error_text(exc))
            else:
                messages.success(request, _("Utkastet är sparat."))
                return self.back()
        return self.render(form, version, status=400)


class TransitionView(WorkMixin, View):
    def post(self, request, slug):
        form = TransitionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Kontrollera uppgifterna: %(errors)s") % {"errors": form.errors.as_text()})
            return self.back()
        data = form.cleaned_data
        try:
            moved = services.transition(
                pathway=self.pathway,
                action=data["action"],
                by=request.user,
                comment=data["comment"],
                decided_on=data["decided_on"],
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                groups=list(data["groups"]),
                organisations=form.organisation_names(),
            )
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(
                request, _("Vårdförloppet är nu ”%(state)s”.") % {"state": moved.get_state_display().lower()}
            )
        return self.back()
