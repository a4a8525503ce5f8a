"""Who may do what with activity plans. Registered with `rules` beside the structure's rules.

- EDIT_PLAN (asked with a group or a plan): the group's leaders (chair and process leader, the
  structure's `leads_group`) and support staff write the group's plans: create a draft or a
  revision, edit initiatives, submit. Only NPOs, NSGs and the primary-care council plan.
- APPROVE_PLAN (asked with a plan or nothing): SKS approves the plans; its decision is recorded
  by a current member of SKS or by support staff (the SKS secretariat sits in the support
  function).
- REQUEST_SUMMARY: any active logged-in user may have the summary PDF generated; the overview,
  the plans and the finished PDF are public, as the published summary is.
"""

import rules

from kunskapsstyrning.organisation.choices import GroupKind
from kunskapsstyrning.organisation.models import Group, Membership
from kunskapsstyrning.organisation.models.periods import active_on, today
from kunskapsstyrning.organisation.permissions import (
    is_support_staff,
    led_group_ids,
    person_id_of,
    support_staff,
)

from .choices import PLANNING_KINDS
from .models import PlanYear

EDIT_PLAN = "plans.edit_plan"
APPROVE_PLAN = "plans.approve_plan"
REQUEST_SUMMARY = "plans.request_summary"


def _group_of(obj) -> Group | None:
    if isinstance(obj, Group):
        return obj
    if isinstance(obj, PlanYear):
        return obj.group
    return None


def is_sks_member(user) -> bool:
    """A current member of SKS (styrgruppen), of any role; cached on the user."""
    person_id = person_id_of(user)
    if person_id is None:
        return False
    if not hasattr(user, "_sks_member"):
        user._sks_member = Membership.objects.filter(
            active_on(today()), person_id=person_id, group__kind=GroupKind.SKS
        ).exists()
    return user._sks_member


@rules.predicate
def plans_for(user, obj) -> bool:
    group = _group_of(obj)
    return group is not None and group.kind in PLANNING_KINDS


@rules.predicate
def leads_planning_group(user, obj) -> bool:
    group = _group_of(obj)
    return group is not None and group.pk in led_group_ids(user)


sks_member = rules.predicate(lambda user: is_sks_member(user), name="sks_member")


def may_approve(user) -> bool:
    return user.is_active and (is_support_staff(user) or is_sks_member(user))


rules.add_perm(EDIT_PLAN, rules.is_active & plans_for & (support_staff | leads_planning_group))
rules.add_perm(APPROVE_PLAN, rules.is_active & (support_staff | sks_member))
rules.add_perm(REQUEST_SUMMARY, rules.is_authenticated & rules.is_active)

# The admin: support staff manage plans there (read-only for approved ones: the triggers refuse).
for _perm in ("view", "change", "add", "delete"):
    for _model in ("planyear", "initiative", "summarypdf"):
        rules.add_perm(f"plans.{_perm}_{_model}", rules.is_active & support_staff)
