"""The reminder-kind registry: every deadline in the portal plugs in here.

A kind is registered once at start-up (`register(kind)` in an AppConfig.ready(); notices has
the structure's own, declarations/reminders.py and nominations/reminders.py theirs, NKK and care
pathways will add theirs the same way). The engine (services.py) asks each kind what is due,
decides each reminder once, and asks the kind again at sending time who the recipients are.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from django.db.models import Q

from kunskapsstyrning.organisation.choices import Role
from kunskapsstyrning.organisation.models import Membership
from kunskapsstyrning.organisation.models.periods import active_on


@dataclass(frozen=True)
class Due:
    """One reminder of one object: sent on `send_on` about the deadline `deadline`."""

    obj: Any
    milestone: str
    deadline: datetime.date
    send_on: datetime.date


class ReminderKind(Protocol):
    """What a kind of reminder is.

    name: a stable key (stored on every notice and preference); label: Swedish, for people;
    default_lead_days: days before the deadline (staff change them in the admin, KindSetting);
    allow_off: whether a person may turn its e-mail off.
    due(start, end, lead_days): every Due whose send_on falls in [start, end], in a fixed number
    of queries whatever the volume (the planner asks for a window, so a missed day is caught up).
    recipients(objects): {object pk: person ids}, from the rosters *now*; asked again at sending
    time, so a person who left the group (or a mandate that got a successor) gets nothing.
    title(obj, due) and url(obj): the notice's one line and its link into the portal.
    A deadline on an owned object (an NKK recommendation's revision date, a care pathway's
    consultation deadline) is a DeadlineKind below: a queryset, a date field and the owning group.
    Optional: current_deadlines(objects) -> {object pk: its deadline now}; a decided reminder
    whose deadline is no longer that one is not sent (nkk/reminders.py).
    """

    name: str
    label: str
    default_lead_days: tuple[int, ...]
    allow_off: bool

    def due(self, start: datetime.date, end: datetime.date, lead_days: tuple[int, ...]) -> Iterable[Due]: ...

    def recipients(self, objects: list) -> dict[int, set[int]]: ...

    def title(self, obj, due: Due) -> str: ...

    def url(self, obj) -> str: ...


_kinds: dict[str, ReminderKind] = {}


def register(kind: ReminderKind) -> ReminderKind:
    if kind.name in _kinds and type(_kinds[kind.name]) is not type(kind):
        raise ValueError(f"Reminder kind {kind.name!r} is already registered")
    _kinds[kind.name] = kind
    return kind


def get(name: str) -> ReminderKind | None:
    return _kinds.get(name)


def all_kinds() -> list[ReminderKind]:
    return sorted(_kinds.values(), key=lambda k: k.name)


def group_roster(group_ids: Iterable[int], roles: Iterable[str], on: datetime.date) -> dict[int, set[int]]:
    """{group id: ids of the people holding one of the roles today}: one query for any number."""
    result: dict[int, set[int]] = {}
    rows = Membership.objects.filter(active_on(on), group_id__in=set(group_ids), role__in=list(roles))
    for group_id, person_id in rows.values_list("group_id", "person_id"):
        result.setdefault(group_id, set()).add(person_id)
    return result


class DeadlineKind:
    """A date field on an object owned by a group, reminded `lead_days` before it.

    Subclasses set `date_field` and `group_field` and give `queryset()`; the owning group's
    holders of `recipient_roles` get the reminder (its process leader by default)."""

    name = ""
    label = ""
    default_lead_days: tuple[int, ...] = (30, 7)
    allow_off = True
    date_field = ""
    group_field = "group"
    recipient_roles: tuple[str, ...] = (Role.PROCESS_LEADER,)

    def queryset(self):
        raise NotImplementedError

    def due(self, start, end, lead_days):
        for lead in lead_days:
            rows = self.queryset().filter(
                Q(**{f"{self.date_field}__gte": start + datetime.timedelta(days=lead)})
                & Q(**{f"{self.date_field}__lte": end + datetime.timedelta(days=lead)})
            )
            for obj in rows:
                deadline = getattr(obj, self.date_field)
                yield Due(obj, str(lead), deadline, deadline - datetime.timedelta(days=lead))

    def recipients(self, objects):
        from kunskapsstyrning.organisation.models.periods import today

        group_of = {obj.pk: getattr(obj, f"{self.group_field}_id") for obj in objects}
        roster = group_roster(group_of.values(), self.recipient_roles, today())
        return {pk: roster.get(group_id, set()) for pk, group_id in group_of.items()}

    def url(self, obj) -> str:
        return obj.get_absolute_url()
