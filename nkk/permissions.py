"""Who may do what with a recommendation: `rules` predicates beside the structure's own.

The roster decides. A recommendation belongs to a group (its owning working group, since 2022
the NPO's arbetsgrupp för kunskapsstöd) and its ämnesområde is steered by an NPO:

- the owning group's current members edit drafts and open a new version;
- its chair or process leader sends a version on (for approval, out of a review round), sends a
  review round back, and confirms "granskad, ingen ändring";
- the steering NPO's current chair approves (before round 1, before round 2, before publication)
  or sends back;
- support staff (organisation.permissions.is_support_staff) plan, publish, withdraw and merge, and
  keep the publishing dates.

Each workflow action of nkk.workflow.TRANSITIONS is a permission `nkk.<action>` asked with the
version (withdraw and merge with the recommendation); the row for the version's current state
names the actor. Views, the admin and the services ask `user.has_perm(...)` alike.
"""

import rules

from kunskapsstyrning.organisation.choices import Role
from kunskapsstyrning.organisation.models import Membership
from kunskapsstyrning.organisation.models.periods import active_on, today
from kunskapsstyrning.organisation.permissions import is_support_staff, person_id_of

from .choices import RecommendationStatus, State
from .models import Recommendation, RecommendationVersion
from .workflow import ACTIONS, Actor, transition_for

EDIT_DRAFT = "nkk.edit_draft"
OPEN_REVISION = "nkk.open_revision"
CONFIRM_UNCHANGED = "nkk.confirm_unchanged"
VIEW_WORK = "nkk.view_work"
CREATE_RECOMMENDATION = "nkk.create_recommendation"
MANAGE_PUBLISHING = "nkk.manage_publishing"

LEADER_ROLES = (Role.CHAIR, Role.PROCESS_LEADER)


def roles_by_group(user) -> dict[int, set[str]]:
    """The user's current roles per group id: one query, cached on the user."""
    person_id = person_id_of(user)
    if person_id is None:
        return {}
    if not hasattr(user, "_nkk_roles"):
        roles: dict[int, set[str]] = {}
        for group_id, role in Membership.objects.filter(active_on(today()), person_id=person_id).values_list(
            "group_id", "role"
        ):
            roles.setdefault(group_id, set()).add(role)
        user._nkk_roles = roles
    return user._nkk_roles


def _recommendation(obj) -> Recommendation | None:
    if isinstance(obj, RecommendationVersion):
        return obj.recommendation
    return obj if isinstance(obj, Recommendation) else None


def is_owner_member(user, obj) -> bool:
    rec = _recommendation(obj)
    return rec is not None and rec.owning_group_id in roles_by_group(user)


def is_owner_leader(user, obj) -> bool:
    rec = _recommendation(obj)
    return rec is not None and bool(roles_by_group(user).get(rec.owning_group_id, set()) & set(LEADER_ROLES))


def is_npo_chair(user, obj) -> bool:
    rec = _recommendation(obj)
    return rec is not None and Role.CHAIR in roles_by_group(user).get(rec.subject_area.steering_npo_id, set())


def is_npo_member(user, obj) -> bool:
    rec = _recommendation(obj)
    return rec is not None and rec.subject_area.steering_npo_id in roles_by_group(user)


ACTOR_CHECKS = {
    Actor.OWNER_MEMBER: is_owner_member,
    Actor.OWNER_LEADER: is_owner_leader,
    Actor.NPO_CHAIR: is_npo_chair,
    Actor.SUPPORT: lambda user, obj: is_support_staff(user),
}


def _state_of(obj) -> str | None:
    if isinstance(obj, RecommendationVersion):
        return obj.state
    if isinstance(obj, Recommendation):
        return State.PUBLISHED if obj.current_version_id and obj.status == RecommendationStatus.ACTIVE else None
    return None


def may_take(user, action: str, obj) -> bool:
    """The rule of the row (obj's state, action) of the transition table, asked of the user."""
    if not user.is_authenticated or not user.is_active:
        return False
    state = _state_of(obj)
    row = transition_for(state, action) if state else None
    return row is not None and ACTOR_CHECKS[row.actor](user, obj)


def _action_predicate(action: str):
    return rules.predicate(lambda user, obj: may_take(user, action, obj), name=f"nkk_may_{action}")


for _action in ACTIONS:
    rules.add_perm(f"nkk.{_action}", rules.is_active & _action_predicate(_action))


@rules.predicate
def edits_draft(user, version) -> bool:
    return (
        isinstance(version, RecommendationVersion) and version.state == State.DRAFT and is_owner_member(user, version)
    )


@rules.predicate
def opens_revision(user, recommendation) -> bool:
    return (
        isinstance(recommendation, Recommendation)
        and recommendation.status == RecommendationStatus.ACTIVE
        and is_owner_member(user, recommendation)
    )


@rules.predicate
def confirms_unchanged(user, recommendation) -> bool:
    return (
        isinstance(recommendation, Recommendation)
        and recommendation.status == RecommendationStatus.ACTIVE
        and recommendation.current_version_id is not None
        and is_owner_leader(user, recommendation)
    )


@rules.predicate
def sees_work(user, obj) -> bool:
    """Drafts and the workflow log: the owning group, the steering NPO and support staff."""
    return is_support_staff(user) or is_owner_member(user, obj) or is_npo_member(user, obj)


@rules.predicate
def creates_for_group(user, group) -> bool:
    """A new recommendation for a group: its chair or process leader, or support staff."""
    if is_support_staff(user):
        return True
    return group is not None and bool(roles_by_group(user).get(getattr(group, "pk", None), set()) & set(LEADER_ROLES))


support_staff = rules.predicate(lambda user: is_support_staff(user), name="nkk_support_staff")

rules.add_perm(EDIT_DRAFT, rules.is_active & edits_draft)
rules.add_perm(OPEN_REVISION, rules.is_active & opens_revision)
rules.add_perm(CONFIRM_UNCHANGED, rules.is_active & confirms_unchanged)
rules.add_perm(VIEW_WORK, rules.is_active & sees_work)
rules.add_perm(CREATE_RECOMMENDATION, rules.is_active & creates_for_group)
rules.add_perm(MANAGE_PUBLISHING, rules.is_active & support_staff)

# The admin's model permissions: support staff keep the reference data (ämnesområden, publishing
# dates) and read the rest; texts are edited on the editor pages, through the services.
for _model in ("subjectarea", "publishingdate"):
    for _verb in ("view", "add", "change"):
        rules.add_perm(f"nkk.{_verb}_{_model}", rules.is_active & support_staff)
for _model in (
    "recommendation",
    "recommendationversion",
    "recommendationsection",
    "transitionrecord",
    "recommendationtitle",
    "recommendationslug",
    "versionreplacement",
):
    rules.add_perm(f"nkk.view_{_model}", rules.is_active & support_staff)


# Regionala tillägg -----------------------------------------------------------------------------
#
# EDIT_SUPPLEMENTS is asked with a RegionalSupplement (saved or not: its recommendation and region
# are what count). Who writes a region's text to a recommendation:
# - support staff, for every region;
# - the chair or process leader of a local group in that region that mirrors the steering NPO
#   there: an LPO that covers (omfattar) the NPO, a LAG appointed by such an LPO, or a LAG that
#   serves (stödjer) the NPO. A leader of another LPO in the region (cancer, say) does not write
#   a pain recommendation's regional text, and no region writes another's.
# The admin asks it without an object for its lists: "may write some region's text".

EDIT_SUPPLEMENTS = "nkk.edit_supplements"


def regional_scopes(user) -> set[tuple[int, int]]:
    """The (region id, NPO id) pairs whose recommendations the user writes supplements for, from
    the local groups they chair or process-lead: three queries at most, cached on the user."""
    from kunskapsstyrning.organisation.choices import GroupKind
    from kunskapsstyrning.organisation.selectors import npos_of_local_groups

    person_id = person_id_of(user)
    if person_id is None:
        return set()
    if hasattr(user, "_nkk_regional_scopes"):
        return user._nkk_regional_scopes
    on = today()
    led = dict(
        Membership.objects.filter(
            active_on(on),
            person_id=person_id,
            role__in=LEADER_ROLES,
            group__kind__in=(GroupKind.LPO, GroupKind.LAG),
            group__closed_on__isnull=True,
        ).values_list("group_id", "group__region_id")
    )
    scopes = {(led[group_id], npo_id) for group_id, npos in npos_of_local_groups(led, on=on).items() for npo_id in npos}
    user._nkk_regional_scopes = scopes
    return scopes


def _supplement_target(obj) -> tuple[int, int] | None:
    """(region id, steering NPO id) of a supplement, or None for anything else."""
    from .models import RegionalSupplement

    if not isinstance(obj, RegionalSupplement) or obj.region_id is None or obj.recommendation_id is None:
        return None
    return obj.region_id, obj.recommendation.subject_area.steering_npo_id


@rules.predicate
def writes_regional_text(user, obj) -> bool:
    if obj is None:  # the admin's lists
        return bool(regional_scopes(user))
    target = _supplement_target(obj)
    return target is not None and target in regional_scopes(user)


def supplement_region_ids(user, recommendation) -> set[int] | None:
    """The regions whose supplements to `recommendation` the user writes; None: every region."""
    if not user.is_authenticated or not user.is_active:
        return set()
    if is_support_staff(user):
        return None
    npo_id = recommendation.subject_area.steering_npo_id
    return {region_id for region_id, npo in regional_scopes(user) if npo == npo_id}


rules.add_perm(EDIT_SUPPLEMENTS, rules.is_active & (support_staff | writes_regional_text))
# The admin: the same rule for view, add and change; a supplement is removed by emptying its text.
for _verb in ("view", "add", "change"):
    rules.add_perm(f"nkk.{_verb}_regionalsupplement", rules.is_active & (support_staff | writes_regional_text))
rules.add_perm("nkk.delete_regionalsupplement", rules.is_active & (support_staff | writes_regional_text))
# Revision campaigns (models/campaigns.py): support staff set them up and change them; their
# progress page is open to everyone (aggregate figures only, as the newsletter published them).
MANAGE_CAMPAIGNS = "nkk.manage_campaigns"
rules.add_perm(MANAGE_CAMPAIGNS, rules.is_active & support_staff)
for _model in ("campaign", "campaignsubjectarea"):
    for _verb in ("view", "add", "change"):
        rules.add_perm(f"nkk.{_verb}_{_model}", rules.is_active & support_staff)
