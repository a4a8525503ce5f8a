"""What Min sida lists as someone's to-do now: a registry the apps above fill in their
AppConfig.ready(), like the reminder kinds (declarations, nominations; NKK and care pathways
later: drafts awaiting approval, deadlines of items a person's group owns).

`mine(user, person, on)` gives the person's own to-dos; `system(on)` the system-wide version
support staff see. Each must run in a fixed number of queries."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Todo:
    text: str
    url: str
    deadline: datetime.date | None = None


@dataclass(frozen=True)
class TodoSource:
    label: str
    mine: Callable[..., list[Todo]]
    system: Callable[[datetime.date], list[Todo]] | None = None
    order: int = 100


sources: list[TodoSource] = []


def register(source: TodoSource) -> None:
    if any(s.label == source.label for s in sources):
        return
    sources.append(source)
    sources.sort(key=lambda s: s.order)
