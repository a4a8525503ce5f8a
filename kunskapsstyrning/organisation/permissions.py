"""Who may do what with a group: the one rule set for pages, the admin and the API.

Installed as an authentication backend, so `user.has_perm(EDIT_ROSTER, group)` gives the same
answer in a view, a ModelAdmin and a DRF permission class. Superusers pass every check (Django's
own rule).

- Support-function staff (the auth group "Nationell stödfunktion") edit every roster.
- The chair and the process leader of a group edit its roster and those of the working groups
  it appoints (an NPO's NAGs, an RPO's RAGs, an LPO's LAGs) — not groups that merely mirror it.
- Members, leaders and support staff see a group's contact details and composition findings;
  anonymous visitors never do.
- A declaration of interests is read by its author, the leaders of the author's current groups
  and support staff.
"""

import datetime

from django.contrib.auth.backends import BaseBackend

from .choices import GroupKind, Role
from .models import Group, InterestDeclaration, Membership
from .models.periods import active_on, today

EDIT_ROSTER = "organisation.edit_roster"
VIEW_CONTACTS = "organisation.view_contacts"
VIEW_DECLARATION = "organisation.view_declaration"
VIEW_COMPOSITION = "organisation.view_composition"
CHANGE_HOSTING = "organisation.change_hosting"
SUPPORT_STAFF_GROUP = "Nationell stödfunktion"

LEADER_ROLES = (Role.CHAIR, Role.PROCESS_LEADER)
#: Kinds of group appointed by, and so edited by the leaders of, the groups they belong to.
WORKING_GROUP_KINDS = (GroupKind.NAG, GroupKind.RAG, GroupKind.LAG)


def is_support_staff(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if not hasattr(user, "_support_staff"):
        user._support_staff = user.groups.filter(name=SUPPORT_STAFF_GROUP).exists()
    return user._support_staff


def _person_id(user) -> int | None:
    person = getattr(user, "person", None) if user.is_authenticated else None
    return person.pk if person else None


def led_group_ids(user, on: datetime.date | None = None) -> set[int]:
    """Groups the user chairs or process-leads today, plus the working groups under them."""
    person_id = _person_id(user)
    if person_id is None:
        return set()
    cache = user.__dict__.setdefault("_led_group_ids", {})
    on = on or today()
    if on not in cache:
        led = set(
            Membership.objects.filter(active_on(on), person_id=person_id, role__in=LEADER_ROLES).values_list(
                "group_id", flat=True
            )
        )
        under = Group.objects.filter(parents__in=led, kind__in=WORKING_GROUP_KINDS).values_list("pk", flat=True)
        cache[on] = led | set(under)
    return cache[on]


def member_group_ids(user, on: datetime.date | None = None) -> set[int]:
    person_id = _person_id(user)
    if person_id is None:
        return set()
    cache = user.__dict__.setdefault("_member_group_ids", {})
    on = on or today()
    if on not in cache:
        cache[on] = set(
            Membership.objects.filter(active_on(on), person_id=person_id).values_list("group_id", flat=True)
        )
    return cache[on]


def can_edit_roster(user, group: Group) -> bool:
    return is_support_staff(user) or group.pk in led_group_ids(user)


def can_view_contacts(user, group: Group) -> bool:
    return can_edit_roster(user, group) or group.pk in member_group_ids(user)


def editable_groups(user):
    """The groups whose rosters the user may edit, as a queryset (for lists, admin, API)."""
    if is_support_staff(user):
        return Group.objects.all()
    return Group.objects.filter(pk__in=led_group_ids(user))


def can_view_declaration(user, declaration: InterestDeclaration) -> bool:
    if is_support_staff(user) or declaration.person_id == _person_id(user):
        return True
    led = led_group_ids(user)
    return (
        bool(led)
        and Membership.objects.filter(active_on(today()), person_id=declaration.person_id, group_id__in=led).exists()
    )


#: permission → (the kind of object it is about, the rule that answers it)
RULES = {
    EDIT_ROSTER: (Group, can_edit_roster),
    VIEW_CONTACTS: (Group, can_view_contacts),
    VIEW_COMPOSITION: (Group, can_view_contacts),
    VIEW_DECLARATION: (InterestDeclaration, can_view_declaration),
    # Hosts are decided by SKS and recorded by the support function.
    CHANGE_HOSTING: (Group, lambda user, group: is_support_staff(user)),
}


class GroupPermissionBackend(BaseBackend):
    """Object permissions of the structure, answered by the rules above."""

    def has_perm(self, user_obj, perm, obj=None):
        model, rule = RULES.get(perm, (None, None))
        if rule is None or not isinstance(obj, model) or not user_obj.is_active:
            return False
        return rule(user_obj, obj)
