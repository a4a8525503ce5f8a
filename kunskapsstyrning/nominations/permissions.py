"""Who may read a nomination: support staff and those who may edit the roster of the call's
group (the deciders). Calls themselves are public. Registered with `rules` beside the
structure's own rules; Nomination.objects.visible_to() is the same answer as a queryset."""

import rules

from kunskapsstyrning.organisation.permissions import EDIT_ROSTER

from .models import Nomination

VIEW_NOMINATION = "nominations.read_nomination"


@rules.predicate
def decides_nomination(user, nomination) -> bool:
    return isinstance(nomination, Nomination) and user.has_perm(EDIT_ROSTER, nomination.call.group)


rules.add_perm(VIEW_NOMINATION, rules.is_active & decides_nomination)
