"""Who may do what with care pathways: the app's part of the one rule set (`rules` predicates,
answered by `user.has_perm(...)` in pages, the admin and the API alike).

Follow-up (regional introduction and indicator values)
------------------------------------------------------
REPORT_FOR_REGION is asked with an Implementation (saved or not: a pathway and a region). It is
granted to
- support staff (the stödfunktion group's current members), and
- the current members (any role) of the region's local groups for the pathway: the region's LPOs
  that cover one of the pathway's responsible NPOs, the LAGs appointed by such an LPO or serving
  one of those NPOs, and the LPO/LAG the introduction names as responsible.
That is the people who carry out the introduction in the region (the LPO/LAG of the pathway's
NPO); a member of another region's LPO, or of a national group, reports for no region.

MANAGE_INDICATORS (define a pathway's indicators and målnivåer) is asked with a CarePathway:
support staff and the leaders (chair, process leader) of the pathway's working group (NAG) or of
one of its responsible NPOs.
"""

import rules
from django.db.models import Q

from kunskapsstyrning.organisation.choices import GroupKind, RelationKind
from kunskapsstyrning.organisation.models import Group, GroupRelation
from kunskapsstyrning.organisation.models.periods import active_on, today
from kunskapsstyrning.organisation.permissions import (
    _cache,
    is_support_staff,
    led_group_ids,
    member_group_ids,
)

from .models import CarePathway, Implementation

REPORT_FOR_REGION = "svf.report_for_region"
MANAGE_INDICATORS = "svf.manage_indicators"


def local_groups_filter(npo_ids) -> Q:
    """The LPOs covering one of the NPOs and the LAGs appointed by such an LPO or serving one of
    them (today), as a filter on Group; the caller narrows it to a region."""
    on = today()
    covering = GroupRelation.objects.filter(active_on(on), kind=RelationKind.COVERS, to_group_id__in=npo_ids).values(
        "from_group_id"
    )
    appointed = GroupRelation.objects.filter(
        active_on(on), kind=RelationKind.APPOINTED_BY, to_group_id__in=covering
    ).values("from_group_id")
    serving = GroupRelation.objects.filter(active_on(on), kind=RelationKind.SERVES, to_group_id__in=npo_ids).values(
        "from_group_id"
    )
    return (
        Q(kind=GroupKind.LPO, pk__in=covering)
        | Q(kind=GroupKind.LAG, pk__in=appointed)
        | Q(kind=GroupKind.LAG, pk__in=serving)
    )


def reporting_groups(pathway: CarePathway, region) -> list[Group]:
    """The region's LPOs and LAGs for the pathway: who introduces it, and the choices for the
    introduction's responsible group."""
    npo_ids = pathway.responsible_npos.values("pk")
    return list(
        Group.objects.filter(local_groups_filter(npo_ids), region=region, closed_on__isnull=True).order_by(
            "kind", "name"
        )
    )


def reporting_scope(user) -> set[tuple[int, int]] | None:
    """The (pathway id, region id) pairs the user reports for; None: every pair (support staff).
    Two queries per user and request, cached on the user, whatever the number of pathways."""
    if not user.is_authenticated or not user.is_active:
        return set()
    if is_support_staff(user):
        return None
    cache = _cache(user, "_svf_reporting_scope")
    if "scope" not in cache:
        mine = member_group_ids(user) | led_group_ids(user)
        pairs: set[tuple[int, int]] = set()
        if mine:
            local = list(
                Group.objects.filter(pk__in=mine, kind__in=(GroupKind.LPO, GroupKind.LAG)).values_list(
                    "pk", "region_id"
                )
            )
            region_of = dict(local)
            if region_of:
                on = today()
                # Each local group's NPOs: an LPO's covered NPOs, a LAG's served NPOs and those of
                # the LPO that appointed it.
                npos_of: dict[int, set[int]] = {}
                relations = GroupRelation.objects.filter(active_on(on), from_group_id__in=region_of).values_list(
                    "from_group_id", "to_group_id", "kind"
                )
                parents: dict[int, int] = {}
                for from_id, to_id, kind in relations:
                    if kind in (RelationKind.COVERS, RelationKind.SERVES):
                        npos_of.setdefault(from_id, set()).add(to_id)
                    elif kind == RelationKind.APPOINTED_BY:
                        parents[from_id] = to_id
                covered: dict[int, set[int]] = {}
                if parents:
                    for lpo_id, npo_id in GroupRelation.objects.filter(
                        active_on(on), kind=RelationKind.COVERS, from_group_id__in=set(parents.values())
                    ).values_list("from_group_id", "to_group_id"):
                        covered.setdefault(lpo_id, set()).add(npo_id)
                for child, parent in parents.items():
                    npos_of.setdefault(child, set()).update(covered.get(parent, ()))
                all_npos = set().union(*npos_of.values()) if npos_of else set()
                by_npo: dict[int, set[int]] = {}
                for pathway_id, npo_id in CarePathway.responsible_npos.through.objects.filter(
                    group_id__in=all_npos
                ).values_list("carepathway_id", "group_id"):
                    by_npo.setdefault(npo_id, set()).add(pathway_id)
                for group_id, npos in npos_of.items():
                    for npo_id in npos:
                        pairs |= {(p, region_of[group_id]) for p in by_npo.get(npo_id, ())}
                # The group an introduction names as responsible reports for it, whatever its NPOs.
                pairs |= set(
                    Implementation.objects.filter(responsible_group_id__in=region_of).values_list(
                        "pathway_id", "region_id"
                    )
                )
        cache["scope"] = pairs
    return cache["scope"]


@rules.predicate
def reports_for_region(user, implementation) -> bool:
    if not isinstance(implementation, Implementation):
        return False
    scope = reporting_scope(user)
    return scope is None or (implementation.pathway_id, implementation.region_id) in scope


@rules.predicate
def leads_pathway(user, pathway) -> bool:
    if not isinstance(pathway, CarePathway):
        return False
    led = led_group_ids(user)
    if not led:
        return False
    return pathway.working_group_id in led or pathway.responsible_npos.filter(pk__in=led).exists()


support_staff = rules.predicate(lambda user: is_support_staff(user), name="svf_support_staff")

rules.add_perm(REPORT_FOR_REGION, rules.is_active & (support_staff | reports_for_region))
rules.add_perm(MANAGE_INDICATORS, rules.is_active & (support_staff | leads_pathway))

# The admin's model permissions for the follow-up models: support staff, as for the structure.
for _model in ("indicator", "indicatorvalue", "implementation", "implementationreport", "gapactivity"):
    for _action in ("view", "add", "change", "delete"):
        rules.add_perm(f"svf.{_action}_{_model}", rules.is_active & support_staff)
