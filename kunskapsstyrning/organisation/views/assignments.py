"""Mina uppdrag: a member's assignments across every kind of group, and what other apps add."""

import datetime

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from ..models.periods import is_active, today
from ..permissions import contact_groups
from ..registry import registry
from ..selectors import person_assignments

#: A current mandate ending within this many days is highlighted (the composition check's horizon).
ENDING_SOON = datetime.timedelta(days=90)


class MyAssignmentsView(LoginRequiredMixin, TemplateView):
    template_name = "organisation/my_assignments.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        person = getattr(user, "person", None)
        on = today()
        current, upcoming, past = [], [], []
        if person is not None:
            # VIEW_CONTACTS for every row at once (None: every group), not a rule check per row.
            contacts = contact_groups(user)
            for membership in person_assignments(person, on=on):
                # The process leader's e-mail only where VIEW_CONTACTS allows it, as everywhere
                # else: a mandate that has not started yet gives no access to the group's contacts.
                membership.show_contact = contacts is None or membership.group_id in contacts
                if is_active(membership, on):
                    if membership.end_date and membership.end_date - on <= ENDING_SOON:
                        membership.ending_soon, membership.days_left = True, (membership.end_date - on).days
                    current.append(membership)
                elif membership.start_date > on:
                    upcoming.append(membership)
                else:
                    past.append(membership)
        context.update(
            person=person,
            current=current,
            upcoming=upcoming,
            past=past,
            # Sections that apps above the structure add (declaration, calendar …).
            personal_panels=[
                (panel.template_name, panel_context)
                for panel in registry.personal_panels
                if person is not None and (panel_context := panel.context(self.request, person)) is not None
            ],
        )
        return context
