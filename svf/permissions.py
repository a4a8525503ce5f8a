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
"""

import rules

from kunskapsstyrning.organisation.choices import GroupKind, Role
from kunskapsstyrning.organisation.models import Membership
from kunskapsstyrning.organisation.models.periods import active_on, today
from kunskapsstyrning.organisation.permissions import is_support_staff, person_id_of

from .models import CarePathway, PathwayVersion
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
