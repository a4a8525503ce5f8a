"""Who may do what with a vårdförlopp: `rules` predicates beside the structure's own, the one
rule set that pages, the admin and the services ask (`user.has_perm(PERM, obj)`).

The roster decides. A vårdförlopp is developed by one NAG (CarePathway.working_group):

- the NAG's current members work on the draft (EDIT_DRAFT) and see the work (VIEW_WORK);
- its process leader sends a version on remiss and ends the remiss;
- its chair or process leader starts a revision of a published vårdförlopp;
- a current member of SKS (the group of kind SKS in the loaded structure) records SKS's
  decision with its date;
- support staff (organisation.permissions.is_support_staff) publish, create vårdförlopp and see
  all work.

Each action of svf.workflow.TRANSITIONS is a permission `svf.<action>` asked with the pathway;
the row for the pathway's current state names the actor.

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

from kunskapsstyrning.organisation.choices import GroupKind, RelationKind, Role
from kunskapsstyrning.organisation.models import Group, GroupRelation, Membership
from kunskapsstyrning.organisation.models.periods import active_on, today
from kunskapsstyrning.organisation.permissions import (
    _cache,
    is_support_staff,
    led_group_ids,
    member_group_ids,
    person_id_of,
)
from kunskapsstyrning.organisation.selectors import npos_of_local_groups

from .models import CarePathway, Implementation, PathwayVersion
from .workflow import ACTIONS, DRAFT_STATES, Actor, transition_for

EDIT_DRAFT = "svf.edit_draft"
VIEW_WORK = "svf.view_work"
CREATE_PATHWAY = "svf.create_pathway"

LEADER_ROLES = (Role.CHAIR, Role.PROCESS_LEADER)


def _memberships(user) -> tuple[dict[int, set[str]], bool]:
    """(the user's current roles per group id, whether the user sits in SKS): one query,
    cached on the user."""
    person_id = person_id_of(user)
    if person_id is None:
        return {}, False
    if not hasattr(user, "_svf_roles"):
        roles: dict[int, set[str]] = {}
        sks = False
        for group_id, role, kind in Membership.objects.filter(active_on(today()), person_id=person_id).values_list(
            "group_id", "role", "group__kind"
        ):
            roles.setdefault(group_id, set()).add(role)
            sks = sks or kind == GroupKind.SKS
        user._svf_roles = (roles, sks)
    return user._svf_roles


def roles_by_group(user) -> dict[int, set[str]]:
    return _memberships(user)[0]


def is_sks_member(user) -> bool:
    return _memberships(user)[1]


def _pathway(obj) -> CarePathway | None:
    if isinstance(obj, PathwayVersion):
        return obj.pathway
    return obj if isinstance(obj, CarePathway) else None


def _nag_roles(user, obj) -> set[str] | None:
    pathway = _pathway(obj)
    if pathway is None or pathway.working_group_id is None:
        return None
    return roles_by_group(user).get(pathway.working_group_id)


def is_nag_member(user, obj) -> bool:
    return bool(_nag_roles(user, obj))


def is_nag_leader(user, obj) -> bool:
    return bool((_nag_roles(user, obj) or set()) & set(LEADER_ROLES))


def is_process_leader(user, obj) -> bool:
    return Role.PROCESS_LEADER in (_nag_roles(user, obj) or set())


ACTOR_CHECKS = {
    Actor.NAG_MEMBER: is_nag_member,
    Actor.NAG_LEADER: is_nag_leader,
    Actor.PROCESS_LEADER: is_process_leader,
    Actor.SKS_MEMBER: lambda user, obj: is_sks_member(user),
    Actor.SUPPORT: lambda user, obj: is_support_staff(user),
}


def may_take(user, action: str, obj) -> bool:
    """The rule of the row (the pathway's state, action) of the transition table."""
    if not user.is_authenticated or not user.is_active:
        return False
    pathway = _pathway(obj)
    row = transition_for(pathway.state, action) if pathway is not None else None
    return row is not None and ACTOR_CHECKS[row.actor](user, pathway)


def _action_predicate(action: str):
    return rules.predicate(lambda user, obj: may_take(user, action, obj), name=f"svf_may_{action}")


for _action in ACTIONS:
    rules.add_perm(f"svf.{_action}", rules.is_active & _action_predicate(_action))


@rules.predicate
def edits_draft(user, obj) -> bool:
    pathway = _pathway(obj)
    return pathway is not None and pathway.state in DRAFT_STATES and is_nag_member(user, pathway)


@rules.predicate
def sees_work(user, obj) -> bool:
    """Drafts and the lifecycle log: the NAG, SKS and support staff."""
    return is_support_staff(user) or is_sks_member(user) or is_nag_member(user, obj)


support_staff = rules.predicate(lambda user: is_support_staff(user), name="svf_support_staff")

rules.add_perm(EDIT_DRAFT, rules.is_active & edits_draft)
rules.add_perm(VIEW_WORK, rules.is_active & sees_work)
rules.add_perm(CREATE_PATHWAY, rules.is_active & support_staff)

# The admin's model permissions: support staff keep the vårdförlopp (name, NAG, NPOs) and read
# the rest; texts and the lifecycle go through the services.
for _verb in ("view", "add", "change"):
    rules.add_perm(f"svf.{_verb}_carepathway", rules.is_active & support_staff)
for _model in ("pathwayversion", "flowstep", "pathwaysection", "pathwaytransition"):
    rules.add_perm(f"svf.view_{_model}", rules.is_active & support_staff)


# Follow-up: regional introduction and indicator values ----------------------------------------

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
                # Each local group's NPOs: an LPO's covered NPOs, a LAG's served NPOs and those of
                # the LPO that appointed it.
                npos_of = npos_of_local_groups(region_of)
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


rules.add_perm(REPORT_FOR_REGION, rules.is_active & (support_staff | reports_for_region))
rules.add_perm(MANAGE_INDICATORS, rules.is_active & (support_staff | leads_pathway))

# The admin's model permissions for the follow-up models: support staff, as for the structure.
for _model in ("indicator", "indicatorvalue", "implementation", "implementationreport", "gapactivity"):
    for _action in ("view", "add", "change", "delete"):
        rules.add_perm(f"svf.{_action}_{_model}", rules.is_active & support_staff)
