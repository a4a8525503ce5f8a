"""Reads of the reminders: what is due soon (for the staff page), a person's to-dos and notices."""

import datetime
import itertools
from dataclasses import dataclass

from django.db.models import QuerySet

from kunskapsstyrning.organisation.models import Person

from . import kinds, services, todos
from .models import Notice


@dataclass(frozen=True)
class Upcoming:
    kind: object
    due: kinds.Due
    title: str
    people: list[Person]
    send_at: datetime.datetime


def upcoming(start: datetime.date, end: datetime.date, *, kind_name: str = "", limit: int = 500) -> list[Upcoming]:
    """What the planner will decide for the days start … end, with today's recipients: a fixed
    number of queries per kind. Already decided reminders are left out."""
    rows: list[Upcoming] = []
    for kind in kinds.all_kinds():
        if kind_name and kind.name != kind_name:
            continue
        lead = services.lead_days(kind)
        if lead is None:
            continue
        dues = list(itertools.islice(kind.due(start, end, lead), limit))  # a page, not a report: stop early
        if not dues:
            continue
        recipients = kind.recipients(list({(type(d.obj), d.obj.pk): d.obj for d in dues}.values()))
        people = Person.objects.in_bulk({p for ids in recipients.values() for p in ids})
        decided = set(
            Notice.objects.filter(kind=kind.name, object_id__in={d.obj.pk for d in dues}).values_list(
                "object_id", "milestone"
            )
        )
        for d in dues:
            if (d.obj.pk, d.milestone) in decided:
                continue
            rows.append(
                Upcoming(
                    kind,
                    d,
                    kind.title(d.obj, d),
                    sorted((people[p] for p in recipients.get(d.obj.pk, ()) if p in people), key=str),
                    services.send_time(d.send_on),
                )
            )
    rows.sort(key=lambda r: (r.send_at, r.title))
    return rows[:limit]


def system_todos(on: datetime.date) -> list[tuple[str, list[todos.Todo]]]:
    """The system-wide to-do list, for no one in particular (the bench asks it like this): each
    source's system-wide version; a source that has none is left out."""
    sections = []
    for source in todos.sources:
        items = source.system(on) if source.system else []
        if items:
            sections.append((source.label, items))
    return sections


def my_todos(user, person, on: datetime.date, *, system: bool = False) -> list[tuple[str, list[todos.Todo]]]:
    """Min sida's to-dos. With `system` (support staff) a source's system-wide version where it
    has one and the user's own elsewhere (the rounds they answer for). Without a logged-in user
    there is no "own": the system-wide list, or nothing."""
    if user is None or not user.is_authenticated:
        return system_todos(on) if system else []
    sections = []
    for source in todos.sources:
        items = source.system(on) if system and source.system else source.mine(user, person, on)
        if items:
            sections.append((source.label, items))
    return sections


def notices_of(person) -> QuerySet[Notice]:
    return Notice.objects.filter(person=person).order_by("read_at", "-created_at", "-pk")
