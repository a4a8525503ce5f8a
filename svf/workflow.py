"""The lifecycle of a vårdförlopp as one table of allowed transitions: new cases are rows, not
branches.

Each row says from which state an action leads to which, who may take it (an actor kind that
svf.permissions turns into a `rules` predicate, registered as the permission `svf.<action>`),
and what the action needs (a comment, the SKS decision date, the remiss round's dates).
svf.services.transition() is the one function that applies a row; views and the admin go
through it.

    påbörjad → på remiss → bearbetning efter remiss → beslutad (SKS, with date) → publicerad
    publicerad → under revidering (a new version; the approved one stays live) → på remiss …

What happens to the versions on the way: sending on remiss freezes the draft as the
remissversion (the consultation round's subject); ending the remiss opens the next version as a
draft from it; SKS's decision freezes that draft as decided; publishing makes it the live
version with its permanent address, and publishes the comment–response ledgers of the remiss
rounds with it.
"""

from dataclasses import dataclass
from typing import ClassVar

from django.utils.translation import gettext_lazy as _

from nkk.workflow import BaseTransition, TransitionTable

from .choices import PathwayState as S


class Actor:
    """Who takes an action; svf.permissions maps each to a predicate on (user, pathway)."""

    NAG_MEMBER = "nag_member"  # a current member of the pathway's working group (NAG)
    NAG_LEADER = "nag_leader"  # the NAG's chair or process leader
    PROCESS_LEADER = "process_leader"  # the NAG's process leader
    SKS_MEMBER = "sks_member"  # a current member of SKS
    SUPPORT = "support"  # the national support function


@dataclass(frozen=True)
class Transition(BaseTransition):
    app_label: ClassVar[str] = "svf"

    needs_decision_date: bool = False
    needs_round: bool = False


SEND = "send_to_consultation"

TRANSITIONS: tuple[Transition, ...] = (
    Transition(SEND, S.STARTED, S.CONSULTATION, Actor.PROCESS_LEADER, _("Skicka på remiss"), needs_round=True),
    Transition(
        "end_consultation",
        S.CONSULTATION,
        S.REWORK,
        Actor.PROCESS_LEADER,
        _("Avsluta remissen och bearbeta synpunkterna"),
    ),
    Transition(SEND, S.REWORK, S.CONSULTATION, Actor.PROCESS_LEADER, _("Skicka på ny remiss"), needs_round=True),
    Transition("decide", S.REWORK, S.DECIDED, Actor.SKS_MEMBER, _("Registrera SKS beslut"), needs_decision_date=True),
    Transition("publish", S.DECIDED, S.PUBLISHED, Actor.SUPPORT, _("Publicera")),
    Transition("start_revision", S.PUBLISHED, S.REVISING, Actor.NAG_LEADER, _("Påbörja revidering")),
    Transition(
        SEND, S.REVISING, S.CONSULTATION, Actor.PROCESS_LEADER, _("Skicka revideringen på remiss"), needs_round=True
    ),
    Transition("decide", S.REVISING, S.DECIDED, Actor.SKS_MEMBER, _("Registrera SKS beslut"), needs_decision_date=True),
)

TABLE = TransitionTable(TRANSITIONS)
ACTIONS = TABLE.actions
#: Allowed (from, to) pairs of the pathway's state, which the trigger of migration 0002 repeats.
ALLOWED_PAIRS = TABLE.allowed_pairs
#: States in which the open version is a draft that the NAG's members edit.
DRAFT_STATES = frozenset({S.STARTED, S.REWORK, S.REVISING})

transition_for = TABLE.transition_for
transitions_from = TABLE.transitions_from
