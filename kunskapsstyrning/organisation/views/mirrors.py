"""One national kind of group against the six sjukvårdsregioner: which have a mirroring group.

Used by the npo and nsg apps (NPO → RPO, NSG → RSG); each gives its proxy model and titles.
"""

from django.views.generic import ListView

from ..models import Group, HealthcareRegion
from ..selectors import current_host, leaders, national_groups_with_mirrors


class MirrorMatrixView(ListView):
    template_name = "organisation/mirror_matrix.html"
    context_object_name = "groups"
    model: type[Group]
    title = ""
    intro = ""
    mirror_label = ""

    def get_queryset(self):
        return national_groups_with_mirrors(self.model.objects.active())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        healthcare_regions = list(HealthcareRegion.objects.order_by("name"))
        rows = []
        for group in context["groups"]:
            by_region = {mirror.healthcare_region_id: mirror for mirror in group.active_mirrors}
            rows.append(
                {
                    "group": group,
                    "host": current_host(group),
                    **leaders(group),
                    "mirrors": [by_region.get(region.pk) for region in healthcare_regions],
                    "covered": len(by_region),
                }
            )
        context.update(
            rows=rows,
            healthcare_regions=healthcare_regions,
            title=self.title,
            intro=self.intro,
            mirror_label=self.mirror_label,
        )
        return context
