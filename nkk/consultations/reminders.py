"""The consultation deadline in the reminder engine (notices) and on Min sida.

A recipient that has not answered a round is reminded `lead_days` before the round closes; the
people reminded are those who may answer for it (selectors.upcoming_deadlines), asked again at
sending time, so an answer given in the meantime stops the e-mail."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kunskapsstyrning.notices import kinds, todos

from .models import Recipient
from .selectors import recipients_to_answer, upcoming_deadlines


class ConsultationDeadline:
    name = "remiss_svar"
    label = gettext_lazy("Svar på remiss eller synpunktsinhämtning")
    default_lead_days = (7, 1)
    allow_off = True

    def due(self, start, end, lead_days):
        for lead in lead_days:
            rows = Recipient.objects.filter(
                round__closes_on__gte=start + datetime.timedelta(days=lead),
                round__closes_on__lte=end + datetime.timedelta(days=lead),
                round__ledger_published_at__isnull=True,
                answer__isnull=True,
            ).select_related("round", "region", "group")  # the title names the region or group
            for recipient in rows:
                closes = recipient.round.closes_on
                send_on = closes - datetime.timedelta(days=lead)
                if send_on >= recipient.round.opens_on:  # no reminder before the round opens
                    yield kinds.Due(recipient, str(lead), closes, send_on)

    def recipients(self, objects):
        # Every open round closing within a year: a fixed number of queries for any batch.
        deadlines = upcoming_deadlines(within_days=366, recipient_ids=[r.pk for r in objects])
        people = {d.recipient_id: {p.pk for p in d.people} for d in deadlines}
        return {r.pk: people.get(r.pk, set()) for r in objects}

    def title(self, obj, due):
        return _("Svara senast %(date)s för %(recipient)s: %(kind)s") % {
            "date": due.deadline.isoformat(),
            "recipient": obj.name,
            "kind": obj.round.get_kind_display().lower(),
        }

    def url(self, obj):
        return reverse("consultations:answer", kwargs={"pk": obj.round_id, "recipient": obj.pk})


kinds.register(ConsultationDeadline())


def _my_todos(user, person, on):
    return [
        todos.Todo(
            _("Svara för %(recipient)s senast %(date)s") % {"recipient": r.name, "date": r.round.closes_on.isoformat()},
            reverse("consultations:answer", kwargs={"pk": r.round_id, "recipient": r.pk}),
            r.round.closes_on,
        )
        for r in recipients_to_answer(user, on=on)
        if not hasattr(r, "answer")
    ]


todos.register(todos.TodoSource(gettext_lazy("Remisser att besvara"), mine=_my_todos, order=40))
