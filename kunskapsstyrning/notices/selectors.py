"""Reads of the reminders: what is due soon (for the staff page), a person's to-dos and notices."""

import datetime
import itertools
from dataclasses import dataclass

from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL

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

    @property
    def people_shown(self) -> list[Person]:
        """The first PEOPLE_SHOWN recipients by name (a region's representatives can be hundreds)."""
        return self.people[:PEOPLE_SHOWN]

    @property
    def people_more(self) -> int:
        return max(0, len(self.people) - PEOPLE_SHOWN)


#: Recipients named per row on the staff page; the rest are counted.
PEOPLE_SHOWN = 10


#: At most this many coming reminders of one kind are listed (a page, not a report: a kind with
#: more says so on the page, and the planner decides them all anyway).
UPCOMING_PER_KIND = 2000


def upcoming_dues(
    start: datetime.date, end: datetime.date, *, kind_name: str = "", limit: int = UPCOMING_PER_KIND
) -> tuple[list[tuple[object, kinds.Due]], bool]:
    """What the planner will decide for the days start … end, as (kind, Due) pairs without
    titles or recipients, soonest first (send day, kind, deadline, object), and whether a kind had
    more than `limit`. Already decided reminders are left out. A fixed number of queries: the
    kinds' settings, and per kind its own `due` queries and one for what is decided."""
    rows: list[tuple[object, kinds.Due]] = []
    truncated = False
    leads = services.all_lead_days()
    for kind in kinds.all_kinds():
        if kind_name and kind.name != kind_name:
            continue
        lead = leads[kind.name]
        if lead is None:
            continue
        dues = list(itertools.islice(kind.due(start, end, lead), limit + 1))
        if len(dues) > limit:
            truncated, dues = True, dues[:limit]
        if not dues:
            continue
        decided = set(
            Notice.objects.filter(_object_id_any({d.obj.pk for d in dues}), kind=kind.name).values_list(
                "object_id", "milestone"
            )
        )
        label = str(kind.label)
        rows.extend(
            ((d.send_on, label, d.deadline, d.obj.pk, d.milestone), kind, d)
            for d in dues
            if (d.obj.pk, d.milestone) not in decided
        )
    rows.sort(key=lambda r: r[0])
    return [(kind, d) for _key, kind, d in rows], truncated


def _object_id_any(ids) -> RawSQL:
    """`object_id = ANY(array)`: one parameter for any number of ids, where IN would send thousands."""
    return RawSQL('"notices_notice"."object_id" = ANY(%s::bigint[])', (sorted(ids),), output_field=BooleanField())


def upcoming_rows(dues: list[tuple[object, kinds.Due]]) -> list[Upcoming]:
    """Titles and today's recipients of a page of `upcoming_dues`: per kind on the page its own
    `recipients` queries, and one query for the people of them all."""
    by_kind: dict[str, tuple[object, list]] = {}
    for kind, d in dues:
        by_kind.setdefault(kind.name, (kind, []))[1].append(d.obj)
    recipients = {
        name: kind.recipients(list({(type(o), o.pk): o for o in objects}.values()))
        for name, (kind, objects) in by_kind.items()
    }
    wanted = {p for per_kind in recipients.values() for ids in per_kind.values() for p in ids}
    people = Person.objects.only("first_name", "last_name").in_bulk(wanted) if wanted else {}
    return [
        Upcoming(
            kind,
            d,
            kind.title(d.obj, d),
            sorted((people[p] for p in recipients[kind.name].get(d.obj.pk, ()) if p in people), key=str),
            services.send_time(d.send_on),
        )
        for kind, d in dues
    ]


def upcoming(start: datetime.date, end: datetime.date, *, kind_name: str = "", limit: int = 500) -> list[Upcoming]:
    """The first `limit` coming reminders with titles and today's recipients."""
    dues, _truncated = upcoming_dues(start, end, kind_name=kind_name)
    return upcoming_rows(dues[:limit])


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
