"""Overviews for the national support function."""

from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.http import HttpResponse
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.generic import ListView

from ..composition import Severity, checked_kinds, composition_findings
from ..filtersets import CompositionFilterSet
from ..models import Group
from ..models.periods import today
from ..ordering import swedish
from ..permissions import is_support_staff
from ..rosterfiles import csv_bytes, neutralise


class CompositionOverviewView(LoginRequiredMixin, UserPassesTestMixin, ListView):
    """Checked groups with their composition findings, a page at a time; filtered by kind, name,
    host and sjukvårdsregion (CompositionFilterSet), and exported as CSV with the same filters.

    Findings are computed for the groups on the page only (four queries): computing them for
    every group to sort the whole list by severity took seconds at ten times the real volume.
    The export computes them for every group that the filters leave, on request.
    """

    template_name = "organisation/composition_overview.html"
    paginate_by = 50

    def test_func(self):
        return is_support_staff(self.request.user)

    def get_queryset(self):
        base = Group.objects.active().filter(kind__in=checked_kinds())
        self.filterset = CompositionFilterSet(self.request.GET or None, queryset=base)
        qs = self.filterset.qs if self.filterset.is_bound and self.filterset.is_valid() else base
        return qs.select_related("healthcare_region").order_by("kind", swedish("name"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        groups = list(context["object_list"])
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            rows=rows_with_findings(groups),
            filterset=self.filterset,
            page_query=query.urlencode(),
        )
        return context


def rows_with_findings(groups: list[Group]) -> list[dict]:
    findings = composition_findings(groups, on=today())
    return [
        {
            "group": g,
            "findings": findings[g.pk],
            "errors": sum(f.severity == Severity.ERROR for f in findings[g.pk]),
            "warnings": sum(f.severity == Severity.WARNING for f in findings[g.pk]),
        }
        for g in groups
    ]


class CompositionExportView(CompositionOverviewView):
    """The overview's groups (every page, the same filters) as CSV: semicolons, UTF-8 with BOM
    and CRLF like the roster export, formulas neutralised; always in Swedish."""

    def get(self, request, *args, **kwargs):
        groups = list(self.get_queryset())
        with translation.override("sv"):
            rows = [
                [
                    _("Grupp"),
                    _("Kortnamn"),
                    _("Typ"),
                    _("Sjukvårdsregion"),
                    _("Brister"),
                    _("Varningar"),
                    _("Iakttagelser"),
                ]
            ]
            for row in rows_with_findings(groups):
                g = row["group"]
                rows.append(
                    [
                        g.name,
                        g.short_name,
                        g.get_kind_display(),
                        g.healthcare_region.name if g.healthcare_region else "",
                        str(row["errors"]),
                        str(row["warnings"]),
                        " | ".join(str(f.message) for f in row["findings"]),
                    ]
                )
        response = HttpResponse(
            csv_bytes([[neutralise(v) for v in row] for row in rows]), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = content_disposition_header(True, f"sammansattning-{today():%Y-%m-%d}.csv")
        return response
