"""Reads of the consultation engine, shaped for a fixed number of SQL queries whatever the
number of recipients, answers or comments.

`upcoming_deadlines()` is the entry point for the reminder engine (notices): it lists who still
has to answer which round, and by when, without knowing how reminders are sent.
"""

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q

from kunskapsstyrning.organisation.models import Membership, Person
from kunskapsstyrning.organisation.models.periods import active_on, today
from kunskapsstyrning.organisation.permissions import LEADER_ROLES

from . import windows as calendar
from .choices import Position
from .models import Answer, Comment, CommentResponse, ConsultationRound, Recipient, ReviewWindow
from .permissions import represented_recipients_filter, visible_rounds_filter
from .registry import subject_title, subject_url

# --- Windows -----------------------------------------------------------------------------------


def _merge(computed: list[calendar.Window], stored: list[ReviewWindow]) -> list[calendar.Window]:
    by_key = {w.key: w for w in stored}
    merged = []
    for window in computed:
        row = by_key.get(window.key)
        if row is not None:
            window = calendar.Window(
                kind=window.kind,
                number=window.number,
                nominal_start=window.nominal_start,
                nominal_end=window.nominal_end,
                opens_on=row.opens_on,
                closes_on=row.closes_on,
                note=row.note,
                stored_pk=row.pk,
            )
        merged.append(window)
    return sorted(merged, key=lambda w: (w.opens_on, w.kind, w.number))


def windows_for_year(year: int, kind: str | None = None) -> list[calendar.Window]:
    """The year's windows (those starting in it), with support staff's stored adjustments."""
    stored = ReviewWindow.objects.filter(year=year)
    if kind:
        stored = stored.filter(kind=kind)
    return _merge(calendar.computed_windows(year, kind), list(stored))


@dataclass
class QueuedWindow:
    window: calendar.Window
    rounds: list = field(default_factory=list)


def upcoming_windows(*, on: datetime.date | None = None, count: int = 8) -> list[QueuedWindow]:
    """The next `count` windows that have not closed on `on`, each with the rounds placed in it
    (subject, owning group, recipients and answers counted). Four queries plus one per
    content type of subject, however many rounds."""
    on = on or today()
    years = (on.year - 1, on.year, on.year + 1)
    stored = list(ReviewWindow.objects.filter(year__in=years))
    windows = [w for w in _merge([w for y in years for w in calendar.computed_windows(y)], stored) if w.closes_on >= on]
    windows = windows[:count]
    queued = [QueuedWindow(window=w) for w in windows]
    pks = {w.stored_pk: q for w, q in zip(windows, queued, strict=True) if w.stored_pk}
    if pks:
        rounds = (
            ConsultationRound.objects.filter(window_id__in=pks)
            .select_related("owner_group", "subject_type")
            .prefetch_related("subject")
            .annotate(
                recipient_count=Count("recipients", distinct=True),
                answer_count=Count("recipients__answer", distinct=True),
            )
            .order_by("opens_on", "pk")
        )
        for round_ in rounds:
            _describe(round_)
            pks[round_.window_id].rounds.append(round_)
    return queued


def _describe(round_: ConsultationRound) -> ConsultationRound:
    round_.subject_title = subject_title(round_.subject)
    round_.subject_url = subject_url(round_.subject)
    return round_


# --- Rounds ------------------------------------------------------------------------------------


def round_detail(pk: int) -> ConsultationRound:
    round_ = ConsultationRound.objects.select_related("owner_group", "window", "subject_type").get(pk=pk)
    return _describe(round_)


def rounds_visible_to(user):
    q = visible_rounds_filter(user)
    rounds = ConsultationRound.objects.all() if q is None else ConsultationRound.objects.filter(q)
    return rounds.select_related("owner_group", "subject_type").prefetch_related("subject")


def rounds_for_subject(obj):
    """Every round of one subject (e.g. one version), oldest first."""
    return ConsultationRound.objects.for_subject(obj).select_related("owner_group", "window").order_by("opens_on")


@dataclass
class MatrixRow:
    recipient: Recipient
    answer: object | None
    comment_count: int

    @property
    def answered(self) -> bool:
        return self.answer is not None


@dataclass
class ResponseMatrix:
    rows: list[MatrixRow]
    positions: dict  # Position value -> count
    answered: int
    total: int

    @property
    def unanswered(self) -> int:
        return self.total - self.answered

    def position_rows(self):
        return [(Position(value).label, self.positions.get(value, 0)) for value in Position.values]


def response_matrix(round_: ConsultationRound) -> ResponseMatrix:
    """Recipients × (answered, position, late, comments), regions first. One query."""
    recipients = (
        Recipient.objects.filter(round=round_)
        .select_related("region", "group", "answer")
        .annotate(comment_count=Count("answer__comments"))
        .order_by("region__name", "group__name", "organisation_name", "pk")
    )
    rows = []
    for recipient in recipients:
        recipient.round = round_  # no query for the round per row
        try:
            answer = recipient.answer
        except Answer.DoesNotExist:
            answer = None
        rows.append(MatrixRow(recipient=recipient, answer=answer, comment_count=recipient.comment_count))
    rows.sort(key=lambda r: 0 if r.recipient.region_id else 1 if r.recipient.group_id else 2)
    positions = Counter(r.answer.position for r in rows if r.answer is not None)
    return ResponseMatrix(rows=rows, positions=dict(positions), answered=sum(positions.values()), total=len(rows))


def ledger(round_: ConsultationRound) -> list[Comment]:
    """Every comment of the round with its recipient, its responses (oldest first) and
    `current_response` (the latest). Two queries."""
    comments = list(
        Comment.objects.filter(answer__recipient__round=round_)
        .select_related("answer__recipient__region", "answer__recipient__group")
        .prefetch_related(
            Prefetch(
                "responses",
                queryset=CommentResponse.objects.select_related("responded_by").order_by("responded_at", "pk"),
                to_attr="response_list",
            )
        )
        .order_by(
            "answer__recipient__region__name",
            "answer__recipient__group__name",
            "answer__recipient__organisation_name",
            "order",
            "pk",
        )
    )
    for comment in comments:
        comment.current_response = comment.response_list[-1] if comment.response_list else None
    return comments


def recipients_to_answer(user, *, on: datetime.date | None = None) -> list[Recipient]:
    """The recipients the user represents in rounds that are open (or accept their late answer),
    with the answer if any: the "Att besvara" list. Two queries plus one per subject type."""
    on = on or today()
    recipients = (
        Recipient.objects.filter(represented_recipients_filter(user))
        .filter(
            Q(round__opens_on__lte=on, round__closes_on__gte=on) | Q(late_until__gte=on, round__opens_on__lte=on),
            round__ledger_published_at__isnull=True,
        )
        .select_related("round__owner_group", "round__subject_type", "region", "group", "answer")
        .prefetch_related("round__subject")
        .distinct()
        .order_by("round__closes_on", "pk")
    )
    result = list(recipients)
    for recipient in result:
        _describe(recipient.round)
    return result


# --- For the reminder engine -------------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    """One recipient that has not answered a round that closes on `closes_on`."""

    round_id: int
    recipient_id: int
    recipient_name: str
    kind: str
    subject_title: str
    closes_on: datetime.date
    days_left: int
    url: str
    people: tuple = ()  # the Person rows who may answer for the recipient


def upcoming_deadlines(
    *, on: datetime.date | None = None, within_days: int = 14, recipient_ids: Iterable[int] | None = None
) -> list[Deadline]:
    """The answers still due: for every round that accepts answers on `on` (default today in
    Stockholm) and closes within `within_days` days, each recipient without an answer, soonest
    deadline first.

    For the reminder engine (notices), which decides whom to remind and how: each Deadline names
    the round, the recipient, the closing date, the days left (0 on the closing day) and
    `people` — the persons who may answer for the recipient under permissions.ANSWER: the
    region's current representatives in the structure, the group's chair and process leader,
    and the recipient's designated contacts. A constant number of queries (three plus one per
    subject content type), however many rounds and recipients.

    Rounds that have not opened yet, have closed, or whose ledger is published are left out;
    so are recipients that have answered. Late answers accepted by support staff are not
    deadlines (the recipient was told directly). With `recipient_ids`, only those recipients
    (the reminder engine asks about the ones it is about to remind).
    """
    on = on or today()
    last = on + datetime.timedelta(days=within_days)
    chosen = Q() if recipient_ids is None else Q(pk__in=list(recipient_ids))
    recipients = list(
        Recipient.objects.filter(
            chosen,
            round__opens_on__lte=on,
            round__closes_on__gte=on,
            round__closes_on__lte=last,
            round__ledger_published_at__isnull=True,
            answer__isnull=True,
        )
        .select_related("round__subject_type", "region", "group")
        .prefetch_related("round__subject", Prefetch("contacts", queryset=Person.objects.order_by("last_name")))
        .order_by("round__closes_on", "round_id", "pk")
    )
    region_ids = {r.region_id for r in recipients if r.region_id}
    group_ids = {r.group_id for r in recipients if r.group_id}
    by_region, by_group = defaultdict(list), defaultdict(list)
    if region_ids or group_ids:
        memberships = (
            Membership.objects.filter(active_on(on))
            .filter(Q(represents_region_id__in=region_ids) | Q(group_id__in=group_ids, role__in=LEADER_ROLES))
            .select_related("person")
            .order_by("person__last_name", "person__first_name")
        )
        for m in memberships:
            if m.represents_region_id in region_ids:
                by_region[m.represents_region_id].append(m.person)
            if m.group_id in group_ids and m.role in LEADER_ROLES:
                by_group[m.group_id].append(m.person)
    deadlines = []
    for r in recipients:
        people = {p.pk: p for p in [*by_region.get(r.region_id, ()), *by_group.get(r.group_id, ()), *r.contacts.all()]}
        deadlines.append(
            Deadline(
                round_id=r.round_id,
                recipient_id=r.pk,
                recipient_name=r.name,
                kind=r.round.kind,
                subject_title=subject_title(r.round.subject),
                closes_on=r.round.closes_on,
                days_left=(r.round.closes_on - on).days,
                url=r.round.get_absolute_url(),
                people=tuple(people.values()),
            )
        )
    return deadlines


__all__ = (
    "Deadline",
    "QueuedWindow",
    "ResponseMatrix",
    "ledger",
    "recipients_to_answer",
    "response_matrix",
    "round_detail",
    "rounds_for_subject",
    "rounds_visible_to",
    "upcoming_deadlines",
    "upcoming_windows",
    "windows_for_year",
)
