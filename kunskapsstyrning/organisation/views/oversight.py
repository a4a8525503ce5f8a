"""Overviews for the national support function."""

from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from .. import composition_overview as overview
from ..composition import checked_kinds
from ..filtersets import CompositionFilterSet
from ..models import Aggregate, Group
from ..models.periods import today
from ..permissions import is_support_staff
from ..rosterfiles import csv_bytes, neutralise


class CompositionOverviewView(LoginRequiredMixin, UserPassesTestMixin, TemplateView):
    """Every checked group with its composition findings, worst first (or by name), a page at a
    time; filtered by kind, name, host and sjukvårdsregion (CompositionFilterSet), and exported as
    CSV with the same filters.

    The findings are precomputed by the worker (composition_overview.py, aggregates.py) after
    each change and nightly; the page reads the stored result in one query and says when it was
    computed. Checking every group on request took seconds at ten times the real volume.
    """

    template_name = "organisation/composition_overview.html"
    paginate_by = 50

    def test_func(self):
        return is_support_staff(self.request.user)

    def ordered(self) -> list[list[int]]:
        """[id, errors, warnings] of every group the filters leave, in the chosen order."""
        base = Group.objects.active().filter(kind__in=checked_kinds())
        self.filterset = CompositionFilterSet(self.request.GET or None, queryset=base)
        self.aggregate = overview.read_order()
        group_ids = None
        if self.filterset.is_bound and self.filterset.is_valid() and _filtering(self.filterset):
            group_ids = set(self.filterset.qs.values_list("pk", flat=True))
        self.order = self.request.GET.get("ordning") if self.request.GET.get("ordning") in overview.ORDERS else ""
        return overview.ordered(self.aggregate, group_ids=group_ids, order=self.order or "brister")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        items = self.ordered()
        paginator = Paginator(items, self.paginate_by)
        page = paginator.get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            rows=overview.rows(self.aggregate, list(page.object_list)),
            page_obj=page,
            paginator=paginator,
            is_paginated=page.has_other_pages(),
            total=len(items),
            filterset=self.filterset,
            aggregate=self.aggregate,
            order=self.order,
            page_query=query.urlencode(),
        )
        return context


def _filtering(filterset) -> bool:
    return any(value not in (None, "") for value in filterset.form.cleaned_data.values())


class CompositionExportView(CompositionOverviewView):
    """The overview's groups (every page, the same filters) as CSV: semicolons, UTF-8 with BOM
    and CRLF like the roster export, formulas neutralised; always in Swedish."""

    def get(self, request, *args, **kwargs):
        with translation.override("sv"):
            items = self.ordered()
            rows = overview.rows(
                self.aggregate, items, whole_payload=Aggregate.objects.get(pk=self.aggregate.pk).payload
            )
            table = [
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
            for row in rows:
                table.append(
                    [
                        row.name,
                        row.short_name,
                        row.kind_label,
                        row.healthcare_region,
                        str(row.errors),
                        str(row.warnings),
                        " | ".join(message for _severity, message in row.findings),
                    ]
                )
        response = HttpResponse(
            csv_bytes([[neutralise(str(v)) for v in row] for row in table]), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = content_disposition_header(True, f"sammansattning-{today():%Y-%m-%d}.csv")
        return response
