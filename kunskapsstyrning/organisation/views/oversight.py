"""Overviews for the national support function."""

from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.views.generic import TemplateView

from ..choices import GroupKind
from ..composition import RULES, Severity, composition_findings
from ..models import Group
from ..models.periods import today
from ..permissions import is_support_staff


class CompositionOverviewView(LoginRequiredMixin, UserPassesTestMixin, TemplateView):
    """Every checked group with its composition findings, worst first."""

    template_name = "organisation/composition_overview.html"

    def test_func(self):
        return is_support_staff(self.request.user)

    def get_context_data(self, **kwargs):
        kinds = [k for k in GroupKind if k in RULES]
        kind = self.request.GET.get("typ")
        groups = list(
            Group.objects.active().filter(kind__in=[kind] if kind in RULES else RULES).order_by("kind", "name")
        )
        findings = composition_findings(groups, on=today())
        rows = [
            {
                "group": g,
                "findings": findings[g.pk],
                "errors": sum(f.severity == Severity.ERROR for f in findings[g.pk]),
                "warnings": sum(f.severity == Severity.WARNING for f in findings[g.pk]),
            }
            for g in groups
        ]
        rows.sort(key=lambda r: (-r["errors"], -r["warnings"], r["group"].name))
        return super().get_context_data(rows=rows, kinds=kinds, kind=kind, **kwargs)
