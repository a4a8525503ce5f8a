"""Public pages of the structure: directory, group, sjukvårdsregion."""

from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView

from ..choices import ROLE_ORDER, GroupKind, HostingKind, RelationKind, Role
from ..composition import composition_findings
from ..filtersets import DirectoryFilterSet
from ..forms import RosterDateForm
from ..models import Group, HealthcareRegion
from ..models.periods import today
from ..permissions import CHANGE_HOSTING, EDIT_ROSTER, VIEW_COMPOSITION, VIEW_CONTACTS, contact_groups
from ..registry import registry
from ..selectors import (
    NamedPerson,
    directory_rows,
    group_detail_queryset,
    healthcare_region_detail_queryset,
    hosted_by,
    regional_groups,
    roster_by_role,
    split_upcoming,
)
from ..templatetags.structure import host_html, people_html
from .urls import url_maker


class DirectoryView(TemplateView):
    """NPOs, NSGs and the primary-care council with host, chair and process leader.

    Every such group is one row (35 at the real volume, 341 at ten times it), so the rows are
    plain values from one query (selectors.directory_rows) and their cells' markup is made here
    once per cell, not by a dozen template nodes per row."""

    template_name = "organisation/directory.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = DirectoryFilterSet(self.request.GET or None, queryset=Group.objects.all())
        base = filterset.qs if filterset.is_bound and filterset.is_valid() else Group.objects.all()
        kind_labels = dict(GroupKind.choices)  # once, not get_kind_display() per row
        # VIEW_CONTACTS for every row at once: the user's groups, asked once (None: every group).
        contacts = contact_groups(self.request.user)
        group_url = url_maker("organisation:group", "slug")
        region_url = url_maker("organisation:healthcare_region", "slug")
        rows = []
        for values in directory_rows(base):
            hosts = {}
            for hosting in values["hosts"]:
                hosts.setdefault(hosting["kind"], hosting)  # the earliest of each kind
            host, dormant = hosts.get(HostingKind.HOST), hosts.get(HostingKind.DORMANT)
            people = {Role.CHAIR: [], Role.PROCESS_LEADER: []}
            for leader in values["leaders"]:
                people[leader.pop("role")].append(NamedPerson(**leader))
            show_contact = contacts is None or values["pk"] in contacts
            rows.append(
                {
                    **values,
                    "url": group_url(values["slug"]),
                    "kind_label": kind_labels[values["kind"]],
                    "host": host,
                    "dormant_host": dormant,
                    "host_html": _host_cell(host, region_url),
                    "dormant_host_html": _host_cell(dormant, region_url),
                    "chairs": people[Role.CHAIR],
                    "process_leaders": people[Role.PROCESS_LEADER],
                    # The process leaders' e-mail as on the group page and in the API: VIEW_CONTACTS.
                    "show_contact": show_contact,
                    "chairs_html": people_html(people[Role.CHAIR]),
                    "process_leaders_html": people_html(people[Role.PROCESS_LEADER], show_contact),
                }
            )
        context.update(filterset=filterset, rows=rows)
        return context


def _host_cell(hosting: dict | None, region_url) -> str:
    if hosting is None:
        return ""
    if hosting["region_slug"]:
        return host_html(hosting["region"], region_url(hosting["region_slug"]))
    return host_html(hosting["organisation"] or "", None)


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
            # The roster of today already holds today's and later memberships: the findings reuse
            # it (one query fewer); a roster of another date does not, so they load their own.
            composition=composition_findings(
                [group], on=on, memberships=group.current_memberships if self.on == on else None
            ).get(group.pk)
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
        # Hundreds of rows at ten times the real volume: each row's address and "speglar …" made
        # here once per row, not by a reverse() and a {% blocktranslate %} in the template.
        group_url = url_maker("organisation:group", "slug")
        mirrors = _("speglar %(name)s")
        context["hostings"] = hostings = list(hosted_by(self.object))
        for hosting in hostings:
            hosting.group.url = group_url(hosting.group.slug)
        context["regional_groups"] = groups = list(regional_groups(self.object))
        for group in groups:
            group.url = group_url(group.slug)
            group.mirrors_text = mirrors % {"name": group.mirror_of.name} if group.mirror_of else ""
        return context


class HealthcareRegionListView(ListView):
    template_name = "organisation/healthcare_region_list.html"
    context_object_name = "healthcare_regions"

    def get_queryset(self):
        return HealthcareRegion.objects.prefetch_related("regions", "former_names")
