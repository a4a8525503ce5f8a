"""What accounts adds to the structure, through its registry: invitations when a person is added
to a roster, a link to Mitt konto on Mina uppdrag, a link to the group's invitations for its
leaders, and the structure's own sections of the registerutdrag."""

from kunskapsstyrning.organisation.registry import Panel, registry

from . import services
from .permissions import INVITE


def _invitations_panel(request, group, on):
    # Asks only rules already answered for the page (cached on the user): no extra query.
    if not request.user.has_perm(INVITE, group):
        return None
    return {}


registry.roster_additions.append(services.on_person_added_to_roster)
registry.add_personal_panel(Panel(template_name="accounts/_personal_panel.html", context=lambda r, p: {}, order=5))
registry.add_group_panel(Panel(template_name="accounts/_group_panel.html", context=_invitations_panel, order=200))
