"""Pages of the regional follow-up: the national matrix (vårdförlopp × region), a region's
introduction with its reports and gap analysis, the indicators, the comparison between regions and
reporting (form or CSV). The matrix, introductions, indicators and comparisons are public; writing
asks svf.permissions.REPORT_FOR_REGION, the same rule as the services."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from kunskapsstyrning.organisation.models import Region
from kunskapsstyrning.organisation.models.periods import today
from kunskapsstyrning.organisation.views.roster import add_service_errors

from . import follow_up_selectors as selectors
from . import follow_up_services as services
from . import indicator_import
from .follow_up_forms import ActivityForm, ActivityUpdateForm, ImplementationForm, ImportForm, ReportForm, ValuesForm
from .models import GapActivity, Indicator
from .permissions import REPORT_FOR_REGION, reporting_groups


class MatrixView(TemplateView):
    """Every followed pathway × every region, from the matrix the worker precomputed after the
    latest change (one query; the page says when it was computed)."""

    template_name = "svf/follow_up/matrix.html"

    def get_context_data(self, **kwargs):
        from kunskapsstyrning.organisation import aggregates

        aggregate = aggregates.read(selectors.MATRIX)
        data = selectors.stored_matrix(aggregate.payload, self.request.GET.get("sjukvardsregion") or "")
        return super().get_context_data(
            matrix=data,
            healthcare_regions=data["healthcare_regions"],
            chosen=data["chosen"],
            aggregate=aggregate,
            **kwargs,
        )


class PathwayMixin:
    @cached_property
    def pathway(self):
        return get_object_or_404(selectors.followed_pathways(), slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        kwargs.setdefault("pathway", self.pathway)
        return super().get_context_data(**kwargs)


class ImplementationMixin(PathwayMixin):
    @cached_property
    def region(self):
        return get_object_or_404(Region.objects.select_related("healthcare_region"), slug=self.kwargs["region"])

    @cached_property
    def implementation(self):
        return services.implementation_get(self.pathway, self.region)

    @cached_property
    def can_report(self) -> bool:
        return self.request.user.has_perm(REPORT_FOR_REGION, self.implementation)

    def require_report(self):
        if not self.request.user.is_authenticated:
            raise PermissionDenied
        if not self.can_report:
            raise PermissionDenied(_("Du rapporterar inte för regionen."))

    def get_context_data(self, **kwargs):
        # The URL's kwargs reach the context too: the region object replaces its slug.
        kwargs.update(region=self.region, implementation=self.implementation)
        return super().get_context_data(**kwargs)


class ImplementationView(ImplementationMixin, TemplateView):
    template_name = "svf/follow_up/implementation.html"

    def get_context_data(self, **kwargs):
        detail = selectors.implementation_detail(self.implementation)
        return super().get_context_data(
            detail=detail,
            can_report=self.can_report,
            reports=detail.prefetched_reports,
            activities=detail.prefetched_activities,
            **kwargs,
        )


class ReportingFormView(LoginRequiredMixin, ImplementationMixin, FormView):
    """A form of a region's reporting: the page's heading is `title`, the message after a save
    `success_message`, and `save(form)` calls the service (its ValidationError lands on the form)."""

    template_name = "svf/follow_up/form.html"
    title = ""
    success_message = ""

    def get_title(self) -> str:
        return self.title

    def get_context_data(self, **kwargs):
        kwargs.setdefault("title", self.get_title())
        return super().get_context_data(**kwargs)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.require_report()
        return super().dispatch(request, *args, **kwargs)

    def get_success_url(self):
        return self.implementation.get_absolute_url()

    def form_valid(self, form):
        try:
            self.save(form)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(self.get_success_url())


class ImplementationEditView(ReportingFormView):
    form_class = ImplementationForm
    title = gettext_lazy("Ändra införandet")
    success_message = gettext_lazy("Införandet är sparat.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "groups": reporting_groups(self.pathway, self.region)}

    def get_initial(self):
        i = self.implementation
        return {
            "responsible_group": i.responsible_group_id,
            "declined": i.declined,
            "decided_on": i.decided_on,
            "gap_analysis_on": i.gap_analysis_on,
            "action_plan_on": i.action_plan_on,
            "introduced_on": i.introduced_on,
            "follow_up_on": i.follow_up_on,
            "note": i.note,
        }

    def save(self, form):
        services.implementation_update(
            pathway=self.pathway, region=self.region, by=self.request.user, **form.cleaned_data
        )


class ReportCreateView(ReportingFormView):
    form_class = ReportForm
    title = gettext_lazy("Lämna rapport")
    success_message = gettext_lazy("Rapporten är inlämnad.")

    def get_initial(self):
        on = today()
        return {"kind": "lagesrapport" if on.month >= 4 else "arsrapport", "year": on.year}

    def save(self, form):
        services.report_submit(implementation=self.implementation, by=self.request.user, **form.cleaned_data)


class ActivityAddView(ReportingFormView):
    form_class = ActivityForm
    title = gettext_lazy("Ny aktivitet i gapanalysen")
    success_message = gettext_lazy("Aktiviteten är tillagd i gapanalysen.")

    def save(self, form):
        services.activity_add(implementation=self.implementation, by=self.request.user, **form.cleaned_data)


class ActivityUpdateView(ReportingFormView):
    form_class = ActivityUpdateForm
    success_message = gettext_lazy("Aktiviteten är ändrad.")

    @cached_property
    def activity(self):
        if self.implementation.pk is None:
            raise Http404
        return get_object_or_404(GapActivity, pk=self.kwargs["pk"], implementation=self.implementation)

    def get_initial(self):
        return {"owner": self.activity.owner, "status": self.activity.status, "due_on": self.activity.due_on}

    def get_title(self) -> str:
        return self.activity.title

    def save(self, form):
        services.activity_update(activity=self.activity, by=self.request.user, **form.cleaned_data)


class IndicatorListView(PathwayMixin, TemplateView):
    template_name = "svf/follow_up/indicators.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        regions = []
        if user.is_authenticated:
            from .models import Implementation

            regions = [
                r
                for r in selectors.regions()
                if user.has_perm(REPORT_FOR_REGION, Implementation(pathway=self.pathway, region=r))
            ]
        return super().get_context_data(
            indicators=list(self.pathway.indicators.all()), reporting_regions=regions, **kwargs
        )


class ComparisonView(PathwayMixin, TemplateView):
    template_name = "svf/follow_up/comparison.html"

    def get_context_data(self, **kwargs):
        indicator = get_object_or_404(Indicator, pathway=self.pathway, code=self.kwargs["code"])
        years = selectors.indicator_years(self.pathway)
        raw = self.request.GET.get("ar", "")
        year = int(raw) if raw.isascii() and raw.isdigit() and int(raw) in years else (years[0] if years else None)
        data = selectors.comparison(indicator, year) if year else None
        return super().get_context_data(
            indicator=indicator,
            years=years,
            year=year,
            data=data,
            chart=selectors.comparison_chart(indicator, data) if data and data["reported"] else None,
            **kwargs,
        )


class ValuesReportView(ReportingFormView):
    form_class = ValuesForm
    title = gettext_lazy("Rapportera indikatorvärden")
    success_message = gettext_lazy("Värdena är sparade.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "indicators": self.pathway.indicators.all()}

    def get_initial(self):
        return {"year": today().year - 1}

    def get_success_url(self):
        from django.urls import reverse

        return reverse("svf_follow_up:indicators", kwargs={"slug": self.pathway.slug})

    def save(self, form):
        services.indicator_values_report(
            pathway=self.pathway,
            region=self.region,
            year=form.cleaned_data["year"],
            values=form.values(),
            by=self.request.user,
        )


class ImportView(LoginRequiredMixin, PathwayMixin, FormView):
    """CSV import of indicator values; each row's region is checked against the reporting rule."""

    template_name = "svf/follow_up/import.html"
    form_class = ImportForm

    def form_valid(self, form):
        result = indicator_import.import_values(
            pathway=self.pathway, raw=form.cleaned_data["file"].read(), by=self.request.user
        )
        if not result.ok:
            return self.render_to_response(self.get_context_data(form=form, errors=result.errors))
        messages.success(
            self.request,
            _("Importen är klar: %(created)s nya värden, %(changed)s ändrade, %(unchanged)s oförändrade.")
            % {"created": result.created, "changed": result.changed, "unchanged": result.unchanged},
        )
        return redirect("svf_follow_up:indicators", slug=self.pathway.slug)


class ImportTemplateView(PathwayMixin, View):
    def get(self, request, slug):
        response = HttpResponse(indicator_import.template_csv(self.pathway), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="indikatorvarden-{self.pathway.slug}.csv"'
        return response
