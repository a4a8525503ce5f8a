"""The editorial process as one table of allowed transitions: new cases are rows, not branches.

Each row says from which state an action leads to which, who may take it (an actor kind that
nkk.permissions turns into a `rules` predicate, registered as the permission `nkk.<action>`),
and what the action needs (a comment, a publishing date, the kind of the second review round).
nkk.services.transition() is the one function that applies a row; views, the admin and the
publishing task all go through it.

    utkast → npo_godkannande → granskningsrunda_1 → npo_godkannande_2 → granskningsrunda_2
    (remiss or synpunktsinhämtning) → npo_godkannande_3 → godkand → planerad → publicerad

Every step before publication can send the version back to the working group's draft with a
comment; a planned version can be taken off its date. A published recommendation can be withdrawn
or merged into another; a rename is a published version with a new title.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar, Generic, TypeVar

from django.utils.translation import gettext_lazy as _

from .choices import State


class Actor:
    """Who takes an action; nkk.permissions maps each to a predicate on (user, version)."""

    OWNER_MEMBER = "owner_member"  # a current member of the owning working group
    OWNER_LEADER = "owner_leader"  # its chair or process leader
    NPO_CHAIR = "npo_chair"  # the chair of the ämnesområde's steering NPO
    SUPPORT = "support"  # the national support function


@dataclass(frozen=True)
class BaseTransition:
    """One row of a transition table: from `source` the `action` leads to `target`, taken by
    `actor`. A table's own row class sets `app_label` (its permissions are `<app_label>.<action>`)
    and adds the flags for what its actions need; svf's vårdförlopp table is built on this one."""

    app_label: ClassVar[str]

    action: str
    source: str
    target: str
    actor: str
    label: str
    comment_required: bool = False

    @property
    def permission(self) -> str:
        return f"{self.app_label}.{self.action}"


T = TypeVar("T", bound=BaseTransition)


class TransitionTable(Generic[T]):
    """The lookups every transition table answers, built once from its rows."""

    def __init__(self, rows: Iterable[T]):
        self.rows: tuple[T, ...] = tuple(rows)
        self.by_key: dict[tuple[str, str], T] = {(t.source, t.action): t for t in self.rows}
        self.actions: frozenset[str] = frozenset(t.action for t in self.rows)
        #: Allowed (from, to) pairs, which a database trigger repeats.
        self.allowed_pairs: frozenset[tuple[str, str]] = frozenset((t.source, t.target) for t in self.rows)

    def transition_for(self, state: str, action: str) -> T | None:
        return self.by_key.get((state, action))

    def transitions_from(self, state: str) -> list[T]:
        return [t for t in self.rows if t.source == state]


@dataclass(frozen=True)
class Transition(BaseTransition):
    app_label: ClassVar[str] = "nkk"

    needs_date: bool = False
    needs_round_kind: bool = False


SEND_BACK = "send_back"

TRANSITIONS: tuple[Transition, ...] = (
    Transition("submit", State.DRAFT, State.NPO_APPROVAL, Actor.OWNER_LEADER, _("Skicka till NPO för godkännande")),
    Transition(
        "approve_round_1", State.NPO_APPROVAL, State.REVIEW_1, Actor.NPO_CHAIR, _("Godkänn för granskningsrunda 1")
    ),
    Transition(SEND_BACK, State.NPO_APPROVAL, State.DRAFT, Actor.NPO_CHAIR, _("Skicka tillbaka"), True),
    Transition(
        "end_round_1",
        State.REVIEW_1,
        State.NPO_APPROVAL_2,
        Actor.OWNER_LEADER,
        _("Avsluta runda 1 och skicka till NPO för godkännande"),
    ),
    Transition(SEND_BACK, State.REVIEW_1, State.DRAFT, Actor.OWNER_LEADER, _("Skicka tillbaka"), True),
    Transition(
        "approve_round_2",
        State.NPO_APPROVAL_2,
        State.REVIEW_2,
        Actor.NPO_CHAIR,
        _("Godkänn för granskningsrunda 2"),
        needs_round_kind=True,
    ),
    Transition(SEND_BACK, State.NPO_APPROVAL_2, State.DRAFT, Actor.NPO_CHAIR, _("Skicka tillbaka"), True),
    Transition(
        "end_round_2",
        State.REVIEW_2,
        State.NPO_APPROVAL_3,
        Actor.OWNER_LEADER,
        _("Avsluta runda 2 och skicka till NPO för godkännande"),
    ),
    Transition(SEND_BACK, State.REVIEW_2, State.DRAFT, Actor.OWNER_LEADER, _("Skicka tillbaka"), True),
    Transition("approve", State.NPO_APPROVAL_3, State.APPROVED, Actor.NPO_CHAIR, _("Godkänn för publicering")),
    Transition(SEND_BACK, State.NPO_APPROVAL_3, State.DRAFT, Actor.NPO_CHAIR, _("Skicka tillbaka"), True),
    Transition("plan", State.APPROVED, State.PLANNED, Actor.SUPPORT, _("Planera för publicering"), needs_date=True),
    Transition(SEND_BACK, State.APPROVED, State.DRAFT, Actor.SUPPORT, _("Skicka tillbaka"), True),
    Transition("unplan", State.PLANNED, State.APPROVED, Actor.SUPPORT, _("Ta bort från publiceringstillfället")),
    Transition(SEND_BACK, State.PLANNED, State.DRAFT, Actor.SUPPORT, _("Skicka tillbaka"), True),
    Transition("publish", State.PLANNED, State.PUBLISHED, Actor.SUPPORT, _("Publicera")),
    # The recommendation's own states after publication (Recommendation.status).
    Transition("withdraw", State.PUBLISHED, State.WITHDRAWN, Actor.SUPPORT, _("Återkalla"), True),
    Transition("merge", State.PUBLISHED, State.MERGED, Actor.SUPPORT, _("Slå samman")),
)

TABLE = TransitionTable(TRANSITIONS)
ACTIONS = TABLE.actions
#: Allowed (from, to) pairs, which the database trigger of migration 0002 repeats.
ALLOWED_PAIRS = TABLE.allowed_pairs
#: Actions applied to a version by services.transition (the rest act on the recommendation).
VERSION_ACTIONS = ACTIONS - {"withdraw", "merge"}

transition_for = TABLE.transition_for
transitions_from = TABLE.transitions_from
