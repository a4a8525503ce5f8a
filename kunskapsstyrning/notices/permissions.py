"""Who may see and revoke calendar addresses in the admin: the support function (the token
itself is never shown). Nobody adds or deletes one there; revoking is the only change."""

import rules

from kunskapsstyrning.organisation.permissions import structure_staff

rules.add_perm("notices.view_calendarfeed", structure_staff)
rules.add_perm("notices.change_calendarfeed", structure_staff)
