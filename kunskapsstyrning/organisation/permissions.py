"""Who may do what with a group: the one rule set for pages, the admin and the API.

The rules are `rules` predicates (the maintained django-rules package), answered by its
authentication backend, so `user.has_perm(EDIT_ROSTER, group)` gives the same answer in a view,
a ModelAdmin and a DRF permission class. Superusers pass every check (Django's own rule). Apps
above the structure register their own permissions in their own permissions module (e.g. the
declarations app's VIEW_DECLARATION), on the helpers here.

- Support-function staff (current members of the group of kind "stödfunktion", the one source of
  truth) edit every roster.
- The chair and the process leader of a group edit its roster and those of the working groups
  it appoints (APPOINTED_BY: an NPO's NAGs, an RPO's RAGs, an LPO's LAGs) — not groups that
  merely mirror it, cover it (an LPO covering an NPO) or serve it.
- Members, leaders and support staff see a group's contact details and composition findings;
  anonymous visitors never do. That includes the process leaders' e-mail: the process leader
  is a group's contact person and is named to everyone, but the address is personal contact
  data, so the directory, the group page and the API all show it only with VIEW_CONTACTS on the
  group (not to every logged-in user). A person's own details (VIEW_PERSON) follow from that:
  support staff see everyone's, a person their own and those of the people in the groups whose
  contacts they see.

Where visibility differs per row, the model's queryset has `visible_to(user)` built from the same
filters as the rule (`*_filter` below), so a list never shows what the detail page refuses:
Person.objects.visible_to, InterestDeclaration.objects.visible_to, Nomination.objects.visible_to,
and Group.objects.editable_by for rosters. Groups, memberships and seat calls have no
visible_to: their rows are public (the directory is public); what VIEW_CONTACTS guards is the
contact data shown with them.
"""

import datetime

import rules
from django.db.models import Q

from .choices import GroupKind, RelationKind, Role
from .models import Group, GroupRelation, Membership, Person
from .models.periods import active_on, today

EDIT_ROSTER = "organisation.edit_roster"
VIEW_CONTACTS = "organisation.view_contacts"
VIEW_COMPOSITION = "organisation.view_composition"
CHANGE_HOSTING = "organisation.change_hosting"
#: May see a person's personal data (e-mail, phone). Not the admin's model permission view_person.
VIEW_PERSON = "organisation.view_person_details"

LEADER_ROLES = (Role.CHAIR, Role.PROCESS_LEADER)


def is_support_staff(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if not hasattr(user, "_support_staff"):
        person_id = person_id_of(user)
        user._support_staff = person_id is not None and (
            Membership.objects.filter(
                active_on(today()), person_id=person_id, group__kind=GroupKind.SUPPORT_FUNCTION
            ).exists()
        )
    return user._support_staff


def person_id_of(user) -> int | None:
    person = getattr(user, "person", None) if user.is_authenticated else None
    return person.pk if person else None


def _cache(user, name: str) -> dict:
    """A per-user cache dict, set through the user so that a request's lazy user and the user
    the auth backends receive share it."""
    if (cache := getattr(user, name, None)) is None:
        cache = {}
        setattr(user, name, cache)
    return cache


def led_group_ids(user, on: datetime.date | None = None) -> set[int]:
    """Groups the user chairs or process-leads, plus the working groups those groups appointed.

    Only APPOINTED_BY extends leadership: an LPO that covers an NPO gives the NPO's leaders no
    rights over the LPO or its LAGs."""
    person_id = person_id_of(user)
    if person_id is None:
        return set()
    cache = _cache(user, "_led_group_ids")
    on = on or today()
    if on not in cache:
        led = set(
            Membership.objects.filter(active_on(on), person_id=person_id, role__in=LEADER_ROLES).values_list(
                "group_id", flat=True
            )
        )
        under = GroupRelation.objects.filter(
            active_on(on), kind=RelationKind.APPOINTED_BY, to_group_id__in=led
        ).values_list("from_group_id", flat=True)
        cache[on] = led | set(under)
    return cache[on]


def member_group_ids(user, on: datetime.date | None = None) -> set[int]:
    person_id = person_id_of(user)
    if person_id is None:
        return set()
    cache = _cache(user, "_member_group_ids")
    on = on or today()
    if on not in cache:
        cache[on] = set(
            Membership.objects.filter(active_on(on), person_id=person_id).values_list("group_id", flat=True)
        )
    return cache[on]


def contact_group_ids(user, on: datetime.date | None = None) -> set[int]:
    """The groups whose contact details the user sees (VIEW_CONTACTS, support staff aside): the
    groups they are a current member of and the groups they lead."""
    return member_group_ids(user, on) | led_group_ids(user, on)


def contact_groups(user) -> set[int] | None:
    """VIEW_CONTACTS for a whole list at once: the ids of the groups whose contact details the
    user sees, or None for every group (support staff, superusers). The same answer as
    `user.has_perm(VIEW_CONTACTS, group)` per group, without a permission check per row."""
    if not user.is_authenticated or not user.is_active:
        return set()
    if is_support_staff(user):
        return None
    return contact_group_ids(user)


def members_of(group_ids):
    """The ids of the current members of the groups, as a subquery."""
    return Membership.objects.filter(active_on(today()), group_id__in=group_ids).values("person_id")


def editable_groups_filter(user) -> Q | None:
    """Which groups' rosters the user may edit, as a filter on Group; None: every group."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if is_support_staff(user):
        return None
    return Q(pk__in=led_group_ids(user))


def visible_people_filter(user) -> Q | None:
    """Whose personal data (e-mail, phone) the user may see, as a filter on Person; None: everyone.

    Support staff see everyone; a logged-in person sees themself and the current members of the
    groups whose contacts they may see (contact_group_ids); anonymous visitors see no one. The
    queryset Person.objects.visible_to() and the rule VIEW_PERSON are both this filter."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if is_support_staff(user):
        return None
    return Q(pk=person_id_of(user)) | Q(pk__in=members_of(contact_group_ids(user)))


def readable_declarations_filter(user) -> Q | None:
    """Whose declarations of interests the user may read, as a filter on anything with a
    `person` (the declarations app's queryset and rule); None: everyone's.

    The author, the leaders of the author's current groups and support staff."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if is_support_staff(user):
        return None
    return Q(person_id=person_id_of(user)) | Q(person_id__in=members_of(led_group_ids(user)))


def leads_a_group_of(user, person_id: int) -> bool:
    """True if the user leads (chairs or process-leads) a group the person is a current member of."""
    led = led_group_ids(user)
    return bool(led) and members_of(led).filter(person_id=person_id).exists()


#: Every object rule starts here: an active user asking about a group.
is_group = rules.is_active & rules.predicate(lambda user, obj: isinstance(obj, Group), name="is_group")
support_staff = rules.predicate(lambda user: is_support_staff(user), name="support_staff")
leads_group = rules.predicate(lambda user, group: group.pk in led_group_ids(user), name="leads_group")
member_of_group = rules.predicate(lambda user, group: group.pk in member_group_ids(user), name="member_of_group")


@rules.predicate
def person_visible(user, person) -> bool:
    """The object side of Person.objects.visible_to(): the same filter, asked of one person."""
    if not isinstance(person, Person) or person.pk is None:
        return False
    q = visible_people_filter(user)
    return q is None or Person.objects.filter(q, pk=person.pk).exists()


rules.add_perm(EDIT_ROSTER, is_group & (support_staff | leads_group))
rules.add_perm(VIEW_PERSON, rules.is_active & person_visible)
rules.add_perm(VIEW_CONTACTS, is_group & (support_staff | leads_group | member_of_group))
rules.add_perm(VIEW_COMPOSITION, is_group & (support_staff | leads_group | member_of_group))
# Hosts are decided by SKS and recorded by the support function. CHANGE_HOSTING is also the
# admin's model permission for Hosting, so it is asked with a group, a hosting or nothing.
rules.add_perm(CHANGE_HOSTING, rules.is_active & support_staff)


# The admin's model permissions, answered by the same predicates as the pages. Without an object
# (the changelist, the add form) "may edit some roster" is enough to enter; with one, the object
# rule decides. Django's ModelBackend never grants a permission on an object, so an auth-group
# permission cannot widen what the rules allow for a given group or membership.
def _group_of(obj):
    return obj if isinstance(obj, Group) else getattr(obj, "group", None)


@rules.predicate
def edits_roster_of(user, obj) -> bool:
    if obj is None:
        return bool(led_group_ids(user))
    group = _group_of(obj)
    return group is not None and group.pk in led_group_ids(user)


may_edit_roster = rules.is_active & (support_staff | edits_roster_of)
structure_staff = rules.is_active & support_staff

rules.add_perm("organisation.view_group", may_edit_roster)
rules.add_perm("organisation.change_group", structure_staff)
rules.add_perm("organisation.add_group", structure_staff)
rules.add_perm("organisation.delete_group", structure_staff)
rules.add_perm("organisation.view_membership", may_edit_roster)
rules.add_perm("organisation.change_membership", may_edit_roster)
rules.add_perm("organisation.add_membership", may_edit_roster)
for _perm in (
    "view_hosting",
    "add_hosting",
    "delete_hosting",
    *(f"{a}_grouprelation" for a in ("view", "change", "add", "delete")),
):
    rules.add_perm(f"organisation.{_perm}", structure_staff)
