"""Overviews for the national support function."""

from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.views.generic import ListView

from ..choices import GroupKind
from ..composition import Severity, checked_kinds, composition_findings
from ..models import Group
from ..models.periods import today
from ..ordering import swedish
from ..permissions import is_support_staff


class CompositionOverviewView(LoginRequiredMixin, UserPassesTestMixin, ListView):
    """Checked groups with their composition findings, a page at a time.

    Findings are computed for the groups on the page only (four queries): computing them for
    every group to sort the whole list by severity took seconds at ten times the real volume.
    """

    template_name = "organisation/composition_overview.html"
    paginate_by = 50

    def test_func(self):
        return is_support_staff(self.request.user)

    def get_queryset(self):
        kind = self.request.GET.get("typ")
        kinds = checked_kinds()
        kinds = [kind] if kind in kinds else kinds
        return Group.objects.active().filter(kind__in=kinds).order_by("kind", swedish("name"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        groups = list(context["object_list"])
        findings = composition_findings(groups, on=today())
        context.update(
            rows=[
                {
                    "group": g,
                    "findings": findings[g.pk],
                    "errors": sum(f.severity == Severity.ERROR for f in findings[g.pk]),
                    "warnings": sum(f.severity == Severity.WARNING for f in findings[g.pk]),
                }
                for g in groups
            ],
            kinds=[GroupKind(k) for k in checked_kinds()],
            kind=self.request.GET.get("typ", ""),
        )
        return context
