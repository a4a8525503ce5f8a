"""Pages of the activity plans: the national overview (with chart, exports and the summary PDF),
a group's plan per year with its revisions, editing, submission and approval, and nuläge."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from kunskapsstyrning.organisation.models import Group
from kunskapsstyrning.organisation.models.periods import today
from kunskapsstyrning.organisation.registry import registry
from kunskapsstyrning.organisation.rosterfiles import csv_bytes, neutralise, sheet_title
from kunskapsstyrning.organisation.views.roster import add_service_errors

from . import selectors, services
from .choices import PLANNING_KINDS, PdfState, PlanState
from .filtersets import SORTS, InitiativeFilterSet
from .forms import ApproveForm, InitiativeForm, PlanCreateForm, ReviseForm
from .models import Initiative, PlanYear, SummaryPdf
from .permissions import APPROVE_PLAN, EDIT_PLAN, REQUEST_SUMMARY

CHART_WIDTH = 400  # the SVG's bar area, in user units


def bar_chart(counts) -> dict:
    """Rows for the server-rendered SVG bar chart: label, count, bar width and y position."""
    top = max((c.count for c in counts), default=0) or 1
    rows = [
        {"label": c.label, "count": c.count, "width": round(CHART_WIDTH * c.count / top), "y": 8 + i * 28}
        for i, c in enumerate(counts)
    ]
    return {"rows": rows, "height": 16 + 28 * len(rows), "bar_x": 190, "total_width": 190 + CHART_WIDTH + 60}


def sorted_(queryset, filterset):
    """The filterset sorts when asked to; otherwise by group, year and position."""
    if filterset.is_valid() and filterset.form.cleaned_data.get("sort"):
        return queryset
    return queryset.order_by(*SORTS["grupp"], "pk")


class OverviewMixin:
    """The overview's filtered initiatives (the plans in force), for the page and the exports."""

    def filtered(self):
        data = self.request.GET.copy()
        if "year" not in data:
            data["year"] = str(today().year)
        self.years = selectors.plan_years()
        self.filterset = InitiativeFilterSet(
            data, queryset=selectors.initiatives_in_force().order_by(), years=self.years
        )
        base = self.filterset.qs if self.filterset.is_valid() else selectors.initiatives_in_force().none()
        return base


class OverviewView(OverviewMixin, ListView):
    """Initiatives by year, group, type and status: filters, sorting, counts, a chart and its
    table, exports and the summary PDF. A fixed number of queries whatever the volume."""

    template_name = "plans/overview.html"
    paginate_by = 50

    def get_queryset(self):
        self.base = self.filtered()
        return selectors.overview_initiatives(sorted_(self.base, self.filterset))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        unsorted = self.base.order_by()
        kinds = selectors.kind_counts(unsorted)
        query = self.request.GET.copy()
        query.pop("page", None)
        year = self.filterset.form.cleaned_data.get("year") if self.filterset.is_valid() else None
        year = int(year) if year else None
        pdf = self._cached_pdf(year)
        context.update(
            filterset=self.filterset,
            kind_counts=kinds,
            status_counts=selectors.status_counts(unsorted),
            total=sum(c.count for c in kinds),
            chart=bar_chart(kinds),
            page_query=query.urlencode(),
            export_query=self.request.GET.urlencode(),
            year=year,
            summary_pdf=pdf,
            can_request_summary=self.request.user.has_perm(REQUEST_SUMMARY),
        )
        return context

    def _cached_pdf(self, year):
        """A finished PDF for the current data of the year, if there is one (two queries)."""
        if not year:
            return None
        return SummaryPdf.objects.filter(
            year=year, data_version=selectors.data_version(year), state=PdfState.DONE
        ).first()


EXPORT_COLUMNS = [
    "År",
    "Grupp",
    "Insats",
    "Beskrivning",
    "Typ",
    "Status",
    "Samverkande grupper",
    "Kunskapsstöd",
    "Vårdförlopp",
    "Planens status",
]


class OverviewExportView(OverviewMixin, View):
    """The overview's rows (every page, the same filters) as CSV or XLSX, always in Swedish."""

    format = "csv"

    def get(self, request):
        qs = sorted_(self.filtered(), self.filterset)
        with translation.override("sv"):
            rows = [EXPORT_COLUMNS]
            for i in selectors.overview_initiatives(qs):
                rows.append(
                    [
                        str(i.plan.year),
                        i.plan.group.name,
                        i.title,
                        i.description,
                        i.get_kind_display(),
                        i.get_status_display(),
                        ", ".join(g.name for g in i.cooperating_groups.all()),
                        "; ".join(r.title for r in i.recommendations.all()),
                        "; ".join(p.name for p in i.care_pathways.all()),
                        i.plan.get_state_display(),
                    ]
                )
        rows = [[neutralise(v) for v in row] for row in rows]
        name = f"insatser-{today():%Y-%m-%d}"
        if self.format == "xlsx":
            response = HttpResponse(
                _xlsx(rows), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            )
            response["Content-Disposition"] = content_disposition_header(True, f"{name}.xlsx")
        else:
            response = HttpResponse(csv_bytes(rows), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = content_disposition_header(True, f"{name}.csv")
        return response


def _xlsx(rows) -> bytes:
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title("Insatser")
    for row in rows:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# -- A group's plan ---------------------------------------------------------------------------


class PlanGroupMixin:
    @cached_property
    def group(self) -> Group:
        return get_object_or_404(Group, slug=self.kwargs["slug"], kind__in=PLANNING_KINDS)


class PlanView(PlanGroupMixin, TemplateView):
    """A group's plan for a year: the revisions, and one of them with its initiatives (the open
    revision for those who edit it, else the plan in force)."""

    template_name = "plans/plan_detail.html"

    def get_context_data(self, **kwargs):
        for name in ("slug", "year", "revision"):
            kwargs.pop(name, None)
        year = self.kwargs["year"]
        plans = selectors.group_plans(self.group, year)
        can_edit = self.request.user.has_perm(EDIT_PLAN, self.group)
        in_force = selectors.in_force(plans)
        if "revision" in self.kwargs:
            shown = next((p for p in plans if p.revision == self.kwargs["revision"]), None)
            if shown is None:
                raise Http404
        else:
            open_plan = next((p for p in plans if p.is_open), None)
            shown = open_plan if can_edit and open_plan else in_force
        for p in plans:
            p.group = self.group
        initiatives = selectors.plan_initiatives(shown) if shown else []
        can_approve = shown is not None and self.request.user.has_perm(APPROVE_PLAN, shown)
        return super().get_context_data(
            group=self.group,
            year=year,
            plans=plans,
            shown=shown,
            in_force=in_force,
            initiatives=initiatives,
            can_edit=can_edit,
            can_approve=can_approve,
            has_open=any(p.is_open for p in plans),
            # The forms only for those who get them (most visitors only read the plan).
            approve_form=ApproveForm(initial={"decided_on": today()}) if can_approve else None,
            revise_form=ReviseForm() if can_edit else None,
            create_form=PlanCreateForm(initial={"year": year}) if can_edit else None,
            States=PlanState,
            **kwargs,
        )


class EditMixin(PlanGroupMixin):
    """Only those who may edit the group's plans get past dispatch."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.has_perm(EDIT_PLAN, self.group):
            raise PermissionDenied(_("Du får inte ändra verksamhetsplanen för %(group)s.") % {"group": self.group})
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def plan(self) -> PlanYear:
        plan = get_object_or_404(PlanYear, group=self.group, year=self.kwargs["year"], revision=self.kwargs["revision"])
        plan.group = self.group
        return plan

    def plan_url(self, plan) -> str:
        return reverse("plans:plan", kwargs={"slug": self.group.slug, "year": plan.year})


class PlanCreateView(EditMixin, FormView):
    form_class = PlanCreateForm
    http_method_names = ["post"]

    def form_valid(self, form):
        try:
            plan = services.plan_create(group=self.group, year=form.cleaned_data["year"], by=self.request.user)
        except ValidationError as exc:
            messages.error(self.request, " ".join(exc.messages))
            return redirect("plans:plan", slug=self.group.slug, year=form.cleaned_data["year"])
        messages.success(self.request, _("Planen för %(year)s är skapad som utkast.") % {"year": plan.year})
        return redirect(self.plan_url(plan))

    def form_invalid(self, form):
        messages.error(self.request, _("Välj ett år i listan."))
        return redirect("plans:plan", slug=self.group.slug, year=today().year)


class InitiativeFormView(EditMixin, FormView):
    template_name = "plans/initiative_form.html"
    form_class = InitiativeForm

    @cached_property
    def initiative(self) -> Initiative | None:
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(Initiative, pk=self.kwargs["pk"], plan=self.plan)

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "group": self.group}
        if self.initiative and self.request.method == "GET":
            i = self.initiative
            kwargs["initial"] = {
                "title": i.title,
                "description": i.description,
                "kind": i.kind,
                "status": i.status,
                "cooperating_groups": list(i.cooperating_groups.all()),
                "recommendations": list(i.recommendations.values_list("pk", flat=True)),
                "care_pathways": list(i.care_pathways.values_list("pk", flat=True)),
            }
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(group=self.group, plan=self.plan, initiative=self.initiative, **kwargs)

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        groups = list(data.pop("cooperating_groups"))
        links = {name: list(data.pop(name)) for name in services.LINKS}
        try:
            if self.initiative:
                services.initiative_update(
                    initiative=self.initiative, by=self.request.user, cooperating_groups=groups, **links, **data
                )
                message = _("Insatsen ”%(title)s” är ändrad.")
            else:
                services.initiative_create(
                    plan=self.plan, by=self.request.user, cooperating_groups=groups, **links, **data
                )
                message = _("Insatsen ”%(title)s” är tillagd.")
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, message % {"title": data["title"]})
        return redirect(self.plan_url(self.plan))


class InitiativeDeleteView(EditMixin, TemplateView):
    template_name = "plans/initiative_delete.html"

    @cached_property
    def initiative(self) -> Initiative:
        return get_object_or_404(Initiative, pk=self.kwargs["pk"], plan=self.plan)

    def get_context_data(self, **kwargs):
        kwargs = {k: v for k, v in kwargs.items() if k not in ("slug", "year", "revision", "pk")}
        return super().get_context_data(group=self.group, plan=self.plan, initiative=self.initiative, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            services.initiative_delete(initiative=self.initiative, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Insatsen ”%(title)s” är borttagen.") % {"title": self.initiative.title})
        return redirect(self.plan_url(self.plan))


class PlanActionView(EditMixin, View):
    """Submit, return to draft, approve or revise: POST only, each through its service."""

    action = ""

    def dispatch(self, request, *args, **kwargs):
        if self.action == "approve":  # SKS or support staff, not the group's leaders
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_perm(APPROVE_PLAN, self.plan):
                raise PermissionDenied(_("Bara SKS ledamöter och stödfunktionen registrerar godkännanden."))
            return View.dispatch(self, request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            if self.action == "submit":
                services.plan_submit(plan=self.plan, by=request.user)
                messages.success(request, _("Planen är inlämnad till SKS."))
            elif self.action == "return":
                services.plan_return(plan=self.plan, by=request.user)
                messages.success(request, _("Planen är tillbaka som utkast."))
            elif self.action == "approve":
                form = ApproveForm(request.POST)
                if not form.is_valid():
                    raise ValidationError([e for errors in form.errors.values() for e in errors])
                services.plan_approve(plan=self.plan, by=request.user, **form.cleaned_data)
                messages.success(request, _("SKS godkännande är registrerat. Planen är nu låst."))
            elif self.action == "revise":
                form = ReviseForm(request.POST)
                form.is_valid()
                revision = services.plan_revise(
                    plan=self.plan, by=request.user, change_note=form.cleaned_data.get("change_note", "")
                )
                messages.success(
                    request, _("Revision %(revision)s är skapad som utkast.") % {"revision": revision.revision}
                )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect(self.plan_url(self.plan))


# -- The summary PDF --------------------------------------------------------------------------


class SummaryRequestView(View):
    """Ask for the year's summary: a finished PDF of the current data is reused, otherwise the
    task is queued; either way, the person lands on the page that follows its progress."""

    def post(self, request):
        if not request.user.is_authenticated:
            return redirect_to_login(reverse("plans:overview"))
        if not request.user.has_perm(REQUEST_SUMMARY):
            raise PermissionDenied
        try:
            year = int(request.POST.get("year", ""))
        except ValueError:
            year = 0
        if year not in selectors.plan_years():
            messages.error(request, _("Välj ett år med verksamhetsplaner."))
            return redirect("plans:overview")
        pdf, _queued = services.summary_request(year=year, data_version=selectors.data_version(year), by=request.user)
        return redirect(pdf.get_absolute_url())


class SummaryView(TemplateView):
    """The progress of one summary PDF (refresh without JavaScript; static/js/plans-summary.js
    polls the status URL and updates the page)."""

    template_name = "plans/summary.html"

    def get_context_data(self, **kwargs):
        pdf = get_object_or_404(SummaryPdf, pk=kwargs.pop("pk"))
        return super().get_context_data(pdf=pdf, is_done=pdf.state == PdfState.DONE, **kwargs)


def summary_status(request, pk: int):
    pdf = get_object_or_404(SummaryPdf, pk=pk)
    return JsonResponse(
        {
            "state": pdf.state,
            "state_display": pdf.get_state_display(),
            "progress": pdf.progress,
            "download_url": reverse("plans:summary_download", kwargs={"pk": pdf.pk})
            if pdf.state == PdfState.DONE
            else None,
        }
    )


def summary_download(request, pk: int):
    pdf = get_object_or_404(SummaryPdf, pk=pk, state=PdfState.DONE)
    return FileResponse(
        pdf.file.open("rb"),
        as_attachment=True,
        filename=f"sammanfattning-planerade-insatser-{pdf.year}.pdf",
        content_type="application/pdf",
    )


# -- Nuläge ------------------------------------------------------------------------------------


class NulageView(TemplateView):
    """The state of the system in numbers: every registered figure, as the worker counted it after
    the latest change (one query; the page says when). A figure registered since is counted now."""

    template_name = "plans/nulage.html"

    def get_context_data(self, **kwargs):
        from kunskapsstyrning.organisation import aggregates

        from .extensions import NULAGE

        aggregate = aggregates.read(NULAGE)
        stored = aggregate.payload.get("figures", {})
        sections: dict[str, list] = {}
        for figure in registry.status_figures:
            count = stored[figure.key] if figure.key in stored else figure.count()
            sections.setdefault(str(figure.section), []).append(
                {"key": figure.key, "label": figure.label, "count": count, "url": figure.url()}
            )
        return super().get_context_data(sections=sections.items(), on=today(), aggregate=aggregate, **kwargs)


class VacantSeatsView(TemplateView):
    template_name = "plans/vacant_seats.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(rows=selectors.groups_with_vacant_seats(), on=today(), **kwargs)
