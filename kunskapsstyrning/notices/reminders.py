"""The structure's own reminder kind: a mandate ending (to the member and the group's process
leader), unless a successor is in place."""

import datetime

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kunskapsstyrning.organisation.choices import Role
from kunskapsstyrning.organisation.models import Membership, RosterChange
from kunskapsstyrning.organisation.models.periods import active_on, today

from . import todos
from .kinds import Due, group_roster, register


def _open_mandates():
    return (
        Membership.objects.filter(end_date__isnull=False)
        .exclude(Exists(_same_seat_later()))
        .select_related("group", "person")
    )


def _same_seat_later():
    seat = Membership.objects.filter(
        group_id=OuterRef("group_id"), role=OuterRef("role"), start_date__gt=OuterRef("end_date")
    )
    for field in ("represents_healthcare_region_id", "represents_region_id", "represents_municipality_id"):
        # IS NOT DISTINCT FROM: both empty, or both the same.
        seat = seat.filter(
            Q(**{field: OuterRef(field)}) | (Q(**{f"{field}__isnull": True}) & Q(**{f"{field}__isnull": True}))
        )
    return seat


class MandateEnding:
    name = "mandat_slutar"
    label = gettext_lazy("Mandat som slutar")
    default_lead_days = (90, 30)
    allow_off = False

    def due(self, start, end, lead_days):
        # One query for every lead time (the subquery is costly to build, and to run twice).
        window = Q(pk__in=[])
        for lead in lead_days:
            delta = datetime.timedelta(days=lead)
            window |= Q(end_date__gte=start + delta, end_date__lte=end + delta)
        rows = list(_open_mandates().filter(window))
        for lead in lead_days:
            delta = datetime.timedelta(days=lead)
            for m in rows:
                if start <= m.end_date - delta <= end:
                    yield Due(m, str(lead), m.end_date, m.end_date - delta)

    def recipients(self, objects):
        on = today()
        # Asked again at sending time: a successor appointed since, or a mandate ended early, stops it.
        still = set(_open_mandates().filter(active_on(on), pk__in=[m.pk for m in objects]).values_list("pk", flat=True))
        leaders = group_roster({m.group_id for m in objects}, (Role.PROCESS_LEADER,), on)
        return {m.pk: ({m.person_id} | leaders.get(m.group_id, set())) if m.pk in still else set() for m in objects}

    def title(self, obj, due):
        return _("Mandatet för %(person)s som %(role)s i %(group)s slutar %(date)s") % {
            "person": obj.person.full_name,
            "role": obj.get_role_display().lower(),
            "group": obj.group,
            "date": due.deadline.isoformat(),
        }

    def url(self, obj):
        return obj.group.get_absolute_url()


register(MandateEnding())


class RequestedReminder:
    """A reminder asked for on the roster editor ("Påminn" next to a composition finding): the
    RosterChange that services.reminder_request recorded is the object, decided at the next
    planning run (every 15 minutes) and sent to the member it names, if that mandate is still
    current when the e-mail goes out."""

    name = "paminnelse_begard"
    label = gettext_lazy("Påminnelse från processledaren")
    default_lead_days = (0,)
    allow_off = False

    def due(self, start, end, lead_days):
        rows = RosterChange.objects.filter(
            action=RosterChange.Action.REMINDED, at__date__gte=start, at__date__lte=end
        ).select_related("group")
        for change in rows:
            day = timezone.localdate(change.at)
            yield Due(change, "begard", day, day)

    def recipients(self, objects):
        wanted = {c.pk: c.after.get("membership_id") for c in objects}
        current = set(
            Membership.objects.filter(active_on(today()), pk__in=[m for m in wanted.values() if m]).values_list(
                "pk", "person_id"
            )
        )
        person_of = dict(current)
        return {pk: ({person_of[m]} if m in person_of else set()) for pk, m in wanted.items()}

    def title(self, obj, due):
        return _("Påminnelse från %(group)s: %(about)s") % {"group": obj.group, "about": obj.summary}

    def url(self, obj):
        return reverse("notices:my_page")


register(RequestedReminder())


def _ending(on: datetime.date):
    return _open_mandates().filter(active_on(on), end_date__lte=on + datetime.timedelta(days=90))


def _my_todos(user, person, on):
    if person is None:
        return []
    return [
        todos.Todo(
            _("Ditt mandat som %(role)s i %(group)s slutar %(date)s")
            % {"role": m.get_role_display().lower(), "group": m.group, "date": m.end_date.isoformat()},
            m.group.get_absolute_url(),
            m.end_date,
        )
        for m in _ending(on).filter(person=person).order_by("end_date")
    ]


def _system_todos(on):
    count = _ending(on).count()
    if not count:
        return []
    return [
        todos.Todo(
            _("%(count)s mandat slutar inom 90 dagar utan efterträdare") % {"count": count},
            reverse("organisation:composition_overview"),
        )
    ]


todos.register(todos.TodoSource(gettext_lazy("Mandat"), mine=_my_todos, system=_system_todos, order=10))
