"""Who may see and revoke calendar addresses in the admin: the support function (the token
itself is never shown). Nobody adds or deletes one there; revoking is the only change."""

import rules

from kunskapsstyrning.organisation.permissions import structure_staff

rules.add_perm("notices.view_calendarfeed", structure_staff)
rules.add_perm("notices.change_calendarfeed", structure_staff)

#: The staff page of reminders (upcoming and sent, CSV, resend): the support function.
VIEW_REMINDERS = "notices.view_reminders"
rules.add_perm(VIEW_REMINDERS, structure_staff)
for _model in ("notice", "digest", "kindsetting", "preference"):
    rules.add_perm(f"notices.view_{_model}", structure_staff)
rules.add_perm("notices.change_kindsetting", structure_staff)
rules.add_perm("notices.add_kindsetting", structure_staff)
