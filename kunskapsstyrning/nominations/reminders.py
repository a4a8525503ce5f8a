"""Reminders and to-dos of calls and nominations, registered with notices' kind registry: a
nomination decided (to the nominee, the nominator and the group's process leader), a call for
seats closing (to the group's chair and process leader), nominations awaiting a decision."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kunskapsstyrning.notices import kinds, todos
from kunskapsstyrning.notices.kinds import DeadlineKind, Due, group_roster
from kunskapsstyrning.organisation.choices import Role
from kunskapsstyrning.organisation.models.periods import today

from .choices import NominationStatus
from .models import Nomination, SeatCall


def _local_day_bounds(start: datetime.date, end: datetime.date):
    tz = timezone.get_current_timezone()
    return (
        datetime.datetime.combine(start, datetime.time.min, tzinfo=tz),
        datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz),
    )


class NominationDecided:
    name = "nominering_beslutad"
    label = gettext_lazy("Nominering beslutad")
    default_lead_days = (0,)
    allow_off = True

    def due(self, start, end, lead_days):
        since, until = _local_day_bounds(start, end)
        rows = (
            Nomination.objects.filter(
                status__in=(NominationStatus.ACCEPTED, NominationStatus.DECLINED),
                decided_at__gte=since,
                decided_at__lt=until,
            )
            .select_related("person", "call__group", "submitted_by__person")
            .order_by("pk")
        )
        for n in rows:
            day = timezone.localdate(n.decided_at)
            yield Due(n, n.status, day, day)

    def recipients(self, objects):
        leaders = group_roster({n.call.group_id for n in objects}, (Role.PROCESS_LEADER,), today())
        result = {}
        for n in objects:
            people = {n.person_id} | leaders.get(n.call.group_id, set())
            nominator = getattr(n.submitted_by, "person", None) if n.submitted_by_id else None
            if nominator is not None:
                people.add(nominator.pk)
            result[n.pk] = people
        return result

    def title(self, obj, due):
        text = (
            _("Nomineringen av %(person)s till %(call)s är antagen")
            if obj.status == NominationStatus.ACCEPTED
            else _("Nomineringen av %(person)s till %(call)s är inte antagen")
        )
        return text % {"person": obj.person.full_name, "call": obj.call}

    def url(self, obj):
        return reverse("nominations:call", args=[obj.call_id])


class CallClosing(DeadlineKind):
    name = "utlysning_stanger"
    label = gettext_lazy("Utlysning som stänger")
    default_lead_days = (7, 1)
    date_field = "closes_on"
    recipient_roles = (Role.CHAIR, Role.PROCESS_LEADER)

    def queryset(self):
        return SeatCall.objects.select_related("group")

    def title(self, obj, due):
        return _("Utlysningen %(call)s stänger %(date)s") % {"call": obj, "date": due.deadline.isoformat()}

    def url(self, obj):
        return reverse("nominations:call", args=[obj.pk])


def _awaiting(user):
    return Nomination.objects.visible_to(user).filter(status=NominationStatus.SUBMITTED)


def _my_todos(user, person, on):
    rows = list(_awaiting(user).select_related("call", "person").order_by("call__closes_on", "pk")[:20])
    return [
        todos.Todo(
            _("Nominering att besluta: %(person)s till %(call)s") % {"person": n.person, "call": n.call},
            reverse("nominations:decide", args=[n.pk]),
            n.call.closes_on,
        )
        for n in rows
    ]


def _system_todos(on):
    count = Nomination.objects.filter(status=NominationStatus.SUBMITTED).count()
    if not count:
        return []
    return [
        todos.Todo(
            _("%(count)s nomineringar väntar på beslut") % {"count": count},
            reverse("nominations:open_calls"),
        )
    ]


kinds.register(NominationDecided())
kinds.register(CallClosing())
todos.register(todos.TodoSource(gettext_lazy("Nomineringar"), mine=_my_todos, system=_system_todos, order=30))
