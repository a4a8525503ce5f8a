"""Pages of the regional supplements: the region picker on the public recommendation page
(regional_context, called by views.RecommendationDetailView), the recommendation as a PDF with a
region's supplements, and the edit page where a region writes its texts. Views collect input and
ask the rules (EDIT_SUPPLEMENTS); nkk.supplement_services decides and writes."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.views import View

from kunskapsstyrning.organisation.models import Region
from kunskapsstyrning.organisation.models.periods import today
from kunskapsstyrning.pdf import render_pdf

from . import supplement_selectors as sup_selectors
from .choices import SectionKind
from .models import Recommendation, RecommendationSection, RegionalSupplement
from .permissions import EDIT_SUPPLEMENTS, supplement_region_ids
from .supplement_forms import RegionPickerForm, SupplementsForm, field_name
from .supplement_services import supplements_save, supplements_token


def _chosen_region(request, regions) -> tuple[RegionPickerForm, Region | None]:
    form = RegionPickerForm(request.GET or None, regions=regions)
    if form.is_bound and form.is_valid():
        slug = form.cleaned_data["region"]
        return form, next((r for r in regions if r.slug == slug), None)
    return form, None


def regional_context(request, recommendation, version, sections) -> dict:
    """The picker and the chosen region's supplements for the current version's page: one query
    for the regions and, with a region chosen, one for its supplements, whatever their number."""
    regions = sup_selectors.regions()
    picker, region = _chosen_region(request, regions)
    regional = sup_selectors.place_supplements(recommendation, region, sections, version.number)
    pdf_url = reverse("nkk:recommendation_pdf", args=[recommendation.slug])
    if region is not None:
        pdf_url += "?" + urlencode({"region": region.slug})
    context = {"region_picker": picker, "regional": regional, "pdf_url": pdf_url, "supplement_edit_url": None}
    user = request.user
    if user.is_authenticated:
        allowed = supplement_region_ids(user, recommendation)
        if allowed is None or allowed:
            url = reverse("nkk:supplements", args=[recommendation.slug])
            if region is not None and (allowed is None or region.pk in allowed):
                url = reverse("nkk:supplements_edit", args=[recommendation.slug, region.slug])
            context["supplement_edit_url"] = url
    return context


def _public(slug: str) -> Recommendation:
    rec = (
        Recommendation.objects.public()
        .filter(slug=slug)
        .select_related("subject_area__healthcare_region", "subject_area__steering_npo", "owning_group")
        .select_related("current_version__publishing_date")
        .first()
    )
    if rec is None:
        raise Http404(_("Kunskapsstödet finns inte eller är inte publicerat."))
    return rec


class RecommendationPdfView(View):
    """The current version as a PDF (WeasyPrint): title, version, approval and publishing dates,
    diagnosis codes, the sections and, with ?region=, that region's supplements."""

    def get(self, request, slug):
        rec = _public(slug)
        version = rec.current_version
        sections = list(RecommendationSection.objects.filter(version=version).order_by("position"))
        regions = sup_selectors.regions()
        _picker, region = _chosen_region(request, regions)
        regional = sup_selectors.place_supplements(rec, region, sections, version.number)
        context = {
            "recommendation": rec,
            "version": version,
            "sections": sections,
            "regional": regional,
            "earlier_titles": list(rec.earlier_titles.all()),
            "printed_on": today(),
            "page_url": request.build_absolute_uri(rec.get_absolute_url()),
        }
        body = render_pdf("nkk/supplements/recommendation_pdf.html", context, request)
        name = f"{rec.slug}-version-{version.number}" + (f"-{region.slug}" if region else "") + ".pdf"
        response = HttpResponse(body, content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(False, name)
        return response


class SupplementMixin(LoginRequiredMixin):
    @cached_property
    def recommendation(self) -> Recommendation:
        return _public(self.kwargs["slug"])

    def allowed_regions(self) -> list[Region]:
        allowed = supplement_region_ids(self.request.user, self.recommendation)
        regions = sup_selectors.regions()
        return regions if allowed is None else [r for r in regions if r.pk in allowed]


class SupplementIndexView(SupplementMixin, View):
    """The regions whose supplements to this recommendation the user writes, with what each has."""

    def get(self, request, slug):
        rec = self.recommendation
        regions = self.allowed_regions()
        if not regions:
            raise PermissionDenied
        counts: dict[int, int] = {}
        for region_id in RegionalSupplement.objects.filter(
            recommendation=rec, region__in=[r.pk for r in regions]
        ).values_list("region_id", flat=True):
            counts[region_id] = counts.get(region_id, 0) + 1
        rows = [(r, counts.get(r.pk, 0)) for r in regions]
        return TemplateResponse(request, "nkk/supplements/index.html", {"recommendation": rec, "rows": rows})


class SupplementEditView(SupplementMixin, View):
    """A region's texts to one recommendation, one field per section that takes a supplement,
    with the national text of the section beside it."""

    template_name = "nkk/supplements/edit.html"

    @cached_property
    def region(self) -> Region:
        region = get_object_or_404(Region, slug=self.kwargs["region"])
        probe = RegionalSupplement(recommendation=self.recommendation, region=region)
        if not self.request.user.has_perm(EDIT_SUPPLEMENTS, probe):
            raise PermissionDenied
        return region

    def render(self, form, supplements, status=200):
        rec = self.recommendation
        national = {s.kind: s for s in RecommendationSection.objects.filter(version_id=rec.current_version_id)}
        rows = [
            {"field": form[field_name(kind)], "national": national.get(kind), "supplement": supplements.get(kind)}
            for kind in SectionKind
            if field_name(kind) in form.fields
        ]
        context = {"recommendation": rec, "region": self.region, "form": form, "rows": rows}
        return TemplateResponse(self.request, self.template_name, context, status=status)

    def get(self, request, slug, region):
        supplements = sup_selectors.region_supplements(self.recommendation, self.region)
        initial = {field_name(kind): s.body_markdown for kind, s in supplements.items()}
        initial["token"] = supplements_token(supplements.values())
        return self.render(SupplementsForm(initial=initial), supplements)

    def post(self, request, slug, region):
        form = SupplementsForm(request.POST)
        if form.is_valid():
            try:
                changes = supplements_save(
                    recommendation=self.recommendation,
                    region=self.region,
                    texts=form.texts(),
                    by=request.user,
                    token=form.cleaned_data["token"] or None,
                )
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for kind, errors in exc.error_dict.items():
                        target = field_name(kind) if field_name(kind) in form.fields else None
                        for error in errors:
                            form.add_error(target, error)
                else:
                    form.add_error(None, " ".join(exc.messages))
            else:
                if changes.any:
                    messages.success(
                        request,
                        _("Regionens tillägg är sparade för %(region)s.") % {"region": self.region.name},
                    )
                else:
                    messages.info(request, _("Ingenting var ändrat."))
                url = self.recommendation.get_absolute_url() + "?" + urlencode({"region": self.region.slug})
                return redirect(url)
        supplements = sup_selectors.region_supplements(self.recommendation, self.region)
        return self.render(form, supplements, status=400)
