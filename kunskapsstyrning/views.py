"""Site-wide pages: the start page and a health check."""

from django.db import connection
from django.http import JsonResponse
from django.views.generic import TemplateView

from .organisation.choices import GroupKind
from .organisation.models import Group, HealthcareRegion, Region


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = dict.fromkeys((GroupKind.NPO, GroupKind.NSG, GroupKind.NAG), 0)
        for kind in Group.objects.active().filter(kind__in=counts).values_list("kind", flat=True):
            counts[kind] += 1
        context.update(
            npo_count=counts[GroupKind.NPO],
            nsg_count=counts[GroupKind.NSG],
            nag_count=counts[GroupKind.NAG],
            healthcare_region_count=HealthcareRegion.objects.count(),
            region_count=Region.objects.count(),
        )
        return context


def health(request):
    """Liveness for the container: answers only when the database does."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
