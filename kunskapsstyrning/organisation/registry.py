"""Extension points: how the apps above the structure add to its pages without it importing them.

The structure app sits at the bottom of the dependency rule (README, "Arkitektur"): declarations,
nominations, notices and the content apps import it, never the other way. Where a structure page
shows something owned by an app above (the open calls on a group page, the declaration column of
a roster, the calendar on Mina uppdrag), that app registers it here in its AppConfig.ready(), the
way Wagtail's hooks and NetBox's template extensions work. Registration happens at start-up in
every process alike, so the lists are the same on every server.

Every hook that reads the database must do it in a fixed number of queries for any number of
groups or members; the pages' query counts are pinned in the tests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Panel:
    """A section on a page: a template and a function giving its context (or None to leave it out)."""

    template_name: str
    context: Callable[..., dict[str, Any] | None]
    order: int = 100


@dataclass(frozen=True)
class RosterColumn:
    """A column of the roster editor, one cell per membership.

    `load(request, memberships, on)` returns {membership pk: cell context}; the cell is rendered
    with `template_name`, which sees `membership` and `cell`.
    """

    header: str
    template_name: str
    load: Callable[..., dict[int, Any]]


@dataclass(frozen=True)
class StatusFigure:
    """A figure on the nuläge page (the state of the system in numbers), counted live.

    `count()` returns the number, in a fixed number of queries; `url()` the list behind it.
    Figures are shown under their `section` heading, sections and figures by `order`. The
    content apps register theirs (approved vårdförlopp, published recommendations …) in their
    AppConfig.ready(), so the page needs no change when a new kind of content arrives.
    """

    key: str
    section: str
    label: str
    count: Callable[[], int]
    url: Callable[[], str]
    order: int = 100


@dataclass(frozen=True)
class DataSection:
    """One part of a person's registerutdrag (the copy of everything the portal holds about them).

    `key` names the section in the JSON file; `title` heads it in the PDF; `rows` are flat dicts
    of JSON-able values (str, int, bool, None, ISO dates) whose keys are `columns`' keys; `columns`
    maps each key to its readable (translated) heading, in display order.
    """

    key: str
    title: str
    columns: dict[str, str]
    rows: list[dict[str, Any]]


@dataclass(frozen=True)
class Pseudonymiser:
    """What pseudonymising a person does to one model of an app above the structure.

    Every row of `model` whose `person_field` is the person gets `replacements` (field -> new
    value; free text becomes a fixed placeholder, contact data ""), and so does every audit event
    of those rows (the model's pghistory event table), so the log keeps its shape but no longer
    holds the text. `delete=True` removes the rows instead (secrets such as calendar tokens);
    their audit events are still rewritten with `replacements`.

    `names_in` are text fields that may name the person in *other* people's rows (a reminder to
    a process leader that "the mandate of Anna Andersson ends"): wherever the person's full name
    stands there as a whole name, it becomes the placeholder, in every row and audit event.
    """

    model: Any
    replacements: dict[str, Any]
    person_field: str = "person"
    delete: bool = False
    names_in: tuple[str, ...] = ()


@dataclass
class Registry:
    #: Sections of the group page, after the roster: context(request, group, on).
    group_panels: list[Panel] = field(default_factory=list)
    #: Sections of Mina uppdrag: context(request, person).
    personal_panels: list[Panel] = field(default_factory=list)
    roster_columns: list[RosterColumn] = field(default_factory=list)
    #: (group kinds, rule) pairs; see composition.py for what a rule is.
    composition_rules: list[tuple[tuple[str, ...], Any]] = field(default_factory=list)
    #: Called by `load_demo` after the structure's own demo people exist, in registration order.
    demo_loaders: list[Callable[[], None]] = field(default_factory=list)
    #: The figures of the nuläge page, in display order.
    status_figures: list[StatusFigure] = field(default_factory=list)
    #: Called with (person, membership, by) inside the transaction that added the person to a
    #: roster (form, replacement, import, accepted nomination). accounts invites people without
    #: an account here; a hook must not send anything itself, only schedule it on commit.
    roster_additions: list[Callable[..., None]] = field(default_factory=list)
    #: The registerutdrag. Each provider is called with a Person and returns a list of
    #: DataSection: everything its app holds about that person and nothing about anyone else.
    #: Register one per app from its AppConfig.ready() (declarations/extensions.py shows how);
    #: accounts collects them into the JSON and PDF copy, in registration order.
    personal_data: list[Callable[..., list[DataSection]]] = field(default_factory=list)
    #: Pseudonymisation: what each app's models lose when a person who left every group is
    #: pseudonymised (accounts.services.person_pseudonymise applies them, with the audit events).
    pseudonymisers: list[Pseudonymiser] = field(default_factory=list)

    def add_group_panel(self, panel: Panel) -> None:
        self.group_panels.append(panel)
        self.group_panels.sort(key=lambda p: p.order)

    def add_personal_panel(self, panel: Panel) -> None:
        self.personal_panels.append(panel)
        self.personal_panels.sort(key=lambda p: p.order)

    def add_status_figure(self, figure: StatusFigure) -> None:
        """Register a figure once; registering the same key again replaces it."""
        self.status_figures[:] = [f for f in self.status_figures if f.key != figure.key]
        self.status_figures.append(figure)
        self.status_figures.sort(key=lambda f: f.order)

    def add_composition_rule(self, kinds: Iterable[str], rule: Any) -> None:
        self.composition_rules.append((tuple(kinds), rule))

    def person_added_to_roster(self, person, membership, by=None) -> None:
        for hook in self.roster_additions:
            hook(person, membership, by)

    def rules_for(self, kind: str) -> list[Any]:
        return [rule for kinds, rule in self.composition_rules if kind in kinds]


registry = Registry()
