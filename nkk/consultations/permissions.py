"""Who may do what in a consultation: registered in the one `rules` rule set beside the
structure's rules, so pages, the admin and (later) the API ask `user.has_perm(PERM, obj)`.

Who represents a recipient (may answer for it):
- a region: a person with a current membership that represents the region — the region's
  member of NSK-R (the regiongrupp with all 21 regions) or of any other group where the person
  sits for the region; the structure already records this (Membership.represents_region);
- a group (an NPO, an NSG …): its current chair or process leader (the group's contact person);
- any recipient, including a named organisation such as a kommun: the persons designated as
  its contacts on the round (Recipient.contacts), set by support staff or the owning group.
Support staff do not answer in a region's name; they may accept a late answer (late_until).

The rules:
- ANSWER (a Recipient): a representative of the recipient, while the round is open, or after
  it closed up to the day support staff accepted a late answer until; never once the ledger is
  published. The service (services.answer_submit) asks the same rule.
- VIEW_ROUND (a round): the response matrix and all answers: support staff, current members of
  the owning group and those who lead it (led_group_ids: chair/process leader of the group or of
  the group that appointed it, e.g. the NPO over its NAG).
- MANAGE_ROUND (a round, or nothing for the admin's lists): create and change rounds, choose
  recipients and contacts, accept late answers: support staff and the owning group's leaders.
- RESPOND (a round): record responses to comments: current members and leaders of the owning
  group, until the ledger is published.
- PUBLISH_LEDGER (a round): the owning group's leaders and support staff, once.
- VIEW_LEDGER (a round): a published ledger any logged-in user; an unpublished one as VIEW_ROUND.
- VIEW_ANSWER (an Answer, e.g. its attachment): VIEW_ROUND on its round or its own recipient's
  representative.
- VIEW_WINDOWS, ADJUST_WINDOW: support staff.
"""

import rules
from django.db.models import Q

from kunskapsstyrning.organisation.models import Membership
from kunskapsstyrning.organisation.models.periods import active_on, today
from kunskapsstyrning.organisation.permissions import (
    LEADER_ROLES,
    is_support_staff,
    led_group_ids,
    member_group_ids,
    person_id_of,
)

from .choices import RoundStatus
from .models import Answer, ConsultationRound, Recipient, ReviewWindow

ANSWER = "consultations.answer"
VIEW_ROUND = "consultations.view_round"
MANAGE_ROUND = "consultations.manage_round"
RESPOND = "consultations.respond"
PUBLISH_LEDGER = "consultations.publish_ledger"
VIEW_LEDGER = "consultations.view_ledger"
VIEW_ANSWER = "consultations.read_answer"
VIEW_WINDOWS = "consultations.view_windows"
ADJUST_WINDOW = "consultations.adjust_window"


def _represented(user) -> tuple[set[int], set[int]]:
    """(region ids the user represents, group ids the user chairs or process-leads), from the
    user's current memberships: one query, cached on the user."""
    person_id = person_id_of(user)
    if person_id is None:
        return set(), set()
    if not hasattr(user, "_consultation_represents"):
        regions, groups = set(), set()
        rows = Membership.objects.filter(
            Q(represents_region__isnull=False) | Q(role__in=LEADER_ROLES), active_on(today()), person_id=person_id
        ).values_list("represents_region_id", "role", "group_id")
        for region_id, role, group_id in rows:
            if region_id is not None:
                regions.add(region_id)
            if role in LEADER_ROLES:
                groups.add(group_id)
        user._consultation_represents = (regions, groups)
    return user._consultation_represents


def represented_recipients_filter(user) -> Q:
    """The recipients the user represents, as a filter on Recipient (support staff get no
    special treatment: they do not answer in anyone's name)."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    person_id = person_id_of(user)
    if person_id is None:
        return Q(pk__in=[])
    regions, groups = _represented(user)
    return Q(region_id__in=regions) | Q(group_id__in=groups) | Q(contacts__id=person_id)


def visible_rounds_filter(user) -> Q | None:
    """The rounds whose matrix and answers the user sees (VIEW_ROUND), as a filter; None: all."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if is_support_staff(user):
        return None
    return Q(owner_group_id__in=member_group_ids(user) | led_group_ids(user))


def accepts_answers_on(recipient: Recipient, on) -> bool:
    """Open today, or closed but support staff accept a late answer until at least today."""
    round_ = recipient.round
    if round_.ledger_published_at is not None or on < round_.opens_on:
        return False
    if round_.status_on(on) == RoundStatus.OPEN:
        return True
    return recipient.late_until is not None and on <= recipient.late_until


@rules.predicate
def represents_recipient(user, recipient) -> bool:
    if not isinstance(recipient, Recipient) or recipient.pk is None:
        return False
    person_id = person_id_of(user)
    if person_id is None:
        return False
    regions, groups = _represented(user)
    if (recipient.region_id and recipient.region_id in regions) or (
        recipient.group_id and recipient.group_id in groups
    ):
        return True
    return recipient.contacts.filter(pk=person_id).exists()


@rules.predicate
def recipient_accepts_answers(user, recipient) -> bool:
    return isinstance(recipient, Recipient) and accepts_answers_on(recipient, today())


def _round_of(obj):
    if isinstance(obj, ConsultationRound):
        return obj
    if isinstance(obj, Recipient):
        return obj.round
    if isinstance(obj, Answer):
        return obj.recipient.round
    return None


@rules.predicate
def support_staff(user) -> bool:
    return is_support_staff(user)


@rules.predicate
def member_of_owner(user, obj) -> bool:
    round_ = _round_of(obj)
    return round_ is not None and round_.owner_group_id in member_group_ids(user)


@rules.predicate
def leads_owner(user, obj) -> bool:
    if obj is None:  # the admin's lists: "leads some group" is enough to enter
        return bool(led_group_ids(user))
    round_ = _round_of(obj)
    return round_ is not None and round_.owner_group_id in led_group_ids(user)


@rules.predicate
def ledger_open(user, obj) -> bool:
    round_ = _round_of(obj)
    return round_ is not None and round_.ledger_published_at is None


@rules.predicate
def ledger_published(user, obj) -> bool:
    round_ = _round_of(obj)
    return round_ is not None and round_.ledger_published_at is not None


@rules.predicate
def represents_answer_recipient(user, answer) -> bool:
    return isinstance(answer, Answer) and represents_recipient(user, answer.recipient)


is_round = rules.predicate(lambda user, obj: isinstance(obj, ConsultationRound), name="is_round")
may_view_round = is_round & (support_staff | member_of_owner | leads_owner)

rules.add_perm(ANSWER, rules.is_active & represents_recipient & recipient_accepts_answers)
rules.add_perm(VIEW_ROUND, rules.is_active & may_view_round)
rules.add_perm(MANAGE_ROUND, rules.is_active & (support_staff | leads_owner))
rules.add_perm(RESPOND, rules.is_active & is_round & ledger_open & (member_of_owner | leads_owner))
rules.add_perm(PUBLISH_LEDGER, rules.is_active & is_round & ledger_open & (support_staff | leads_owner))
rules.add_perm(VIEW_LEDGER, rules.is_active & ((is_round & ledger_published) | may_view_round))
rules.add_perm(
    VIEW_ANSWER,
    rules.is_active
    & rules.predicate(lambda user, obj: isinstance(obj, Answer), name="is_answer")
    & (support_staff | member_of_owner | leads_owner | represents_answer_recipient),
)
rules.add_perm(VIEW_WINDOWS, rules.is_active & support_staff)
rules.add_perm(
    ADJUST_WINDOW,
    rules.is_active
    & support_staff
    & rules.predicate(lambda user, obj=None: obj is None or isinstance(obj, ReviewWindow)),
)

# The admin's model permissions, answered by the same predicates: support staff manage every
# round and window; the owning group's leaders their rounds. Answers, comments and responses are
# written on the pages (the recipient's representative, the owning group) and read in the admin.
_manage = rules.is_active & (support_staff | leads_owner)
_staff = rules.is_active & support_staff
for _model in ("consultationround", "recipient"):
    for _action in ("view", "change", "add"):
        rules.add_perm(f"consultations.{_action}_{_model}", _manage)
for _model in ("answer", "comment", "commentresponse"):
    rules.add_perm(f"consultations.view_{_model}", _manage)
for _action in ("view", "change", "add"):
    rules.add_perm(f"consultations.{_action}_reviewwindow", _staff)

#: Accept a late answer from a recipient after the round closed: support staff.
ACCEPT_LATE = "consultations.accept_late"
rules.add_perm(ACCEPT_LATE, rules.is_active & support_staff)
