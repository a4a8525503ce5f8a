"""Who may invite, and who may pseudonymise, in the structure's one rule set."""

import rules

from kunskapsstyrning.organisation.permissions import is_group, leads_group, structure_staff, support_staff

#: See who in a group has not accepted an invitation, and send a new one: the roster's editors.
INVITE = "accounts.invite"
#: Invite every member without an account at once, in any group: the support function.
INVITE_BULK = "accounts.invite_bulk"
#: Pseudonymise a person who has left every group: the support function.
PSEUDONYMISE = "accounts.pseudonymise"

rules.add_perm(INVITE, is_group & (support_staff | leads_group))
rules.add_perm(INVITE_BULK, structure_staff)
rules.add_perm(PSEUDONYMISE, structure_staff)
rules.add_perm("accounts.view_invitation", structure_staff)
rules.add_perm("accounts.view_pseudonymisation", structure_staff)
