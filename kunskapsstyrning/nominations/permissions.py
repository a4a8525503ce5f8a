"""Who may read a nomination, and who may nominate on whose behalf. Registered with `rules`
beside the structure's own rules.

- VIEW_NOMINATION: support staff and those who may edit the roster of the call's group (the
  deciders). Calls themselves are public. Nomination.objects.visible_to() is the same answer as
  a queryset.
- NOMINATE_FOR, asked with a (possibly unsaved) Nomination: who may put a nomination forward in
  whose name.
  - A self-nomination (egen intresseanmälan) only for oneself.
  - "By sjukvårdsregion X" only for someone who represents X: a current member of any group as
    representative of X (an NPO's or NSG's ledamot for X, X's member of SKS or the
    beredningsgrupp), or the current chair or process leader of an RPO or RSG of X.
  - "By RPO R" only for R's current chair or process leader.
  - Support staff nominate for every sjukvårdsregion and RPO (they register nominations that
    arrive by letter or e-mail).
  The form's choices (nominating_region_ids, nominating_rpo_ids) and the service's re-check
  (services.nomination_submit) are built from the same filters, so the page and the service give
  the same answer.
"""

import rules
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kunskapsstyrning.organisation.choices import GroupKind
from kunskapsstyrning.organisation.models import Membership
from kunskapsstyrning.organisation.models.periods import active_on, today
from kunskapsstyrning.organisation.permissions import (
    EDIT_ROSTER,
    LEADER_ROLES,
    is_support_staff,
    person_id_of,
)

from .choices import NominatedBy
from .models import Nomination

VIEW_NOMINATION = "nominations.read_nomination"
NOMINATE_FOR = "nominations.nominate_for"

# The refusals of NOMINATE_FOR, the same on the form and from the service.
NOT_ONESELF = _("En egen intresseanmälan kan bara gälla dig själv.")
NOT_REGION_REPRESENTATIVE = _("Du kan bara nominera för en sjukvårdsregion som du företräder.")
NOT_RPO_LEADER = _("Du kan bara nominera för ett RPO där du är ordförande eller processledare.")


def refusal(nomination) -> dict[str, str]:
    """Why NOMINATE_FOR refuses the nomination, keyed by the form field it concerns."""
    if nomination.nominated_by == NominatedBy.HEALTHCARE_REGION:
        return {"nominating_healthcare_region": NOT_REGION_REPRESENTATIVE}
    if nomination.nominated_by == NominatedBy.RPO:
        return {"nominating_group": NOT_RPO_LEADER}
    return {"nominated_by": NOT_ONESELF}


@rules.predicate
def decides_nomination(user, nomination) -> bool:
    return isinstance(nomination, Nomination) and user.has_perm(EDIT_ROSTER, nomination.call.group)


def _nominating_for(user) -> tuple[set[int], set[int]]:
    """The ids of the sjukvårdsregioner and of the RPOs the user may nominate for (support staff
    aside), from the user's current memberships: one query, cached on the user."""
    person_id = person_id_of(user)
    if person_id is None:
        return set(), set()
    if not hasattr(user, "_nominating_for"):
        regions, rpos = set(), set()
        leads_regional = Q(role__in=LEADER_ROLES, group__kind__in=(GroupKind.RPO, GroupKind.RSG))
        rows = Membership.objects.filter(
            Q(represents_healthcare_region__isnull=False) | leads_regional, active_on(today()), person_id=person_id
        ).values_list(
            "represents_healthcare_region_id", "role", "group__kind", "group_id", "group__healthcare_region_id"
        )
        for represents, role, kind, group_id, group_region in rows:
            if represents is not None:
                regions.add(represents)
            if role in LEADER_ROLES and kind in (GroupKind.RPO, GroupKind.RSG):
                regions.add(group_region)
                if kind == GroupKind.RPO:
                    rpos.add(group_id)
        user._nominating_for = (regions, rpos)
    return user._nominating_for


def nominating_region_ids(user) -> set[int] | None:
    """The ids of the sjukvårdsregioner the user may nominate for; None: every one."""
    if not user.is_authenticated or not user.is_active:
        return set()
    return None if is_support_staff(user) else _nominating_for(user)[0]


def nominating_rpo_ids(user) -> set[int] | None:
    """The ids of the RPOs the user may nominate for; None: every RPO."""
    if not user.is_authenticated or not user.is_active:
        return set()
    return None if is_support_staff(user) else _nominating_for(user)[1]


def _allows(ids: set[int] | None, pk) -> bool:
    return pk is not None and (ids is None or pk in ids)


@rules.predicate
def may_nominate(user, nomination) -> bool:
    if not isinstance(nomination, Nomination):
        return False
    if nomination.nominated_by == NominatedBy.SELF:
        own = person_id_of(user)
        return own is not None and nomination.person_id == own
    if nomination.nominated_by == NominatedBy.HEALTHCARE_REGION:
        return _allows(nominating_region_ids(user), nomination.nominating_healthcare_region_id)
    if nomination.nominated_by == NominatedBy.RPO:
        return _allows(nominating_rpo_ids(user), nomination.nominating_group_id)
    return False


rules.add_perm(VIEW_NOMINATION, rules.is_active & decides_nomination)
rules.add_perm(NOMINATE_FOR, rules.is_active & may_nominate)
