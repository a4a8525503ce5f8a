"""Public pages of the structure: directory, group, sjukvårdsregion."""

from django.views.generic import DetailView, ListView

from ..choices import ROLE_ORDER, GroupKind, RelationKind
from ..composition import composition_findings
from ..filtersets import DirectoryFilterSet
from ..forms import RosterDateForm
from ..models import Group, HealthcareRegion
from ..models.periods import today
from ..permissions import CHANGE_HOSTING, EDIT_ROSTER, VIEW_COMPOSITION, VIEW_CONTACTS
from ..registry import registry
from ..selectors import (
    current_dormant_host,
    current_host,
    directory_groups,
    group_detail_queryset,
    healthcare_region_detail_queryset,
    hosted_by,
    leaders,
    regional_groups,
    roster_by_role,
    split_upcoming,
)


class DirectoryView(ListView):
    """NPOs, NSGs and the primary-care council with host, chair and process leader."""

    template_name = "organisation/directory.html"
    context_object_name = "groups"

    def get_queryset(self):
        self.filterset = DirectoryFilterSet(self.request.GET or None, queryset=Group.objects.all())
        base = self.filterset.qs if self.filterset.is_bound and self.filterset.is_valid() else Group.objects.all()
        return directory_groups(base)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filterset"] = self.filterset
        kind_labels = dict(GroupKind.choices)  # once, not get_kind_display() per row
        user = self.request.user
        context["rows"] = [
            {
                "group": group,
                "kind_label": kind_labels[group.kind],
                # The process leaders' e-mail as on the group page and in the API: VIEW_CONTACTS
                # (the user's groups are asked once and cached, so no query per row).
                "show_contact": user.has_perm(VIEW_CONTACTS, group),
                "host": current_host(group),
                "dormant_host": current_dormant_host(group),
                **{role: people for role, people in leaders(group).items()},
            }
            for group in context["groups"]
        ]
        return context


class GroupDetailView(DetailView):
    """A group with its roster today, or as it stood on the date in ?per=."""

    template_name = "organisation/group_detail.html"
    context_object_name = "group"

    def get_queryset(self):
        self.date_form = RosterDateForm(self.request.GET or None)
        self.on = self.date_form.on(default=today())
        # Upcoming memberships come in the same query as the current ones.
        return group_detail_queryset(on=self.on, upcoming_after=today())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        group: Group = self.object
        on = today()
        user = self.request.user
        hostings = list(group.hostings.all())
        current_hostings, upcoming_hostings = split_upcoming(hostings, on=self.on, after=on)
        current, upcoming = split_upcoming(group.current_memberships, on=self.on, after=on)
        incoming = group.incoming_relations
        context.update(
            roster=roster_by_role(current),
            # A chair who takes over later, a new host: shown as "från och med <datum>".
            upcoming_memberships=sorted(upcoming, key=lambda m: (m.start_date, ROLE_ORDER.index(m.role))),
            current_hostings=current_hostings,
            upcoming_hostings=upcoming_hostings,
            past_hostings=[h for h in hostings if h not in current_hostings and h not in upcoming_hostings],
            # Typed relations, not kinds: the groups this one appointed, the LPOs covering it,
            # and groups that serve it.
            working_groups=[r.from_group for r in incoming if r.kind == RelationKind.APPOINTED_BY],
            local_groups=[r.from_group for r in incoming if r.kind == RelationKind.COVERS],
            other_children=[r.from_group for r in incoming if r.kind == RelationKind.SERVES],
            show_contact=user.has_perm(VIEW_CONTACTS, group),
            composition=composition_findings([group], on=on).get(group.pk)
            if user.has_perm(VIEW_COMPOSITION, group)
            else None,
            can_edit=user.has_perm(EDIT_ROSTER, group),
            can_change_hosting=user.has_perm(CHANGE_HOSTING, group),
            date_form=self.date_form,
            group_panels=[
                (panel.template_name, panel_context)
                for panel in registry.group_panels
                if (panel_context := panel.context(self.request, group, on)) is not None
            ],
            roster_date=self.on,
            is_today=self.on == on,
        )
        return context


class HealthcareRegionDetailView(DetailView):
    template_name = "organisation/healthcare_region_detail.html"
    context_object_name = "healthcare_region"

    def get_queryset(self):
        return healthcare_region_detail_queryset()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["hostings"] = list(hosted_by(self.object))
        context["regional_groups"] = list(regional_groups(self.object))
        return context


class HealthcareRegionListView(ListView):
    template_name = "organisation/healthcare_region_list.html"
    context_object_name = "healthcare_regions"

    def get_queryset(self):
        return HealthcareRegion.objects.prefetch_related("regions", "former_names")
