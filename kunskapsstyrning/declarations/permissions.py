"""Who may read a declaration of interests: its author, the leaders of the author's current
groups and the support function. Registered with `rules` beside the structure's own rules."""

import rules

from kunskapsstyrning.organisation.permissions import is_support_staff, leads_a_group_of, person_id_of

from .models import InterestDeclaration

VIEW_DECLARATION = "declarations.view_declaration"


@rules.predicate
def may_read_declaration(user, declaration) -> bool:
    """The object side of InterestDeclaration.objects.visible_to(); both follow
    organisation.permissions.readable_declarations_filter (tests compare them for every user)."""
    if not isinstance(declaration, InterestDeclaration):
        return False
    if is_support_staff(user) or declaration.person_id == person_id_of(user):
        return True
    return leads_a_group_of(user, declaration.person_id)


rules.add_perm(VIEW_DECLARATION, rules.is_active & may_read_declaration)
