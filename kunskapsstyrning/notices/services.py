"""Writes of notices: calendar feeds (revocation is final: a revoked token never works again, a
new feed always gets a new token) and the reminder engine below."""

import datetime
import logging
import smtplib
import zoneinfo
from collections import defaultdict

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection, transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kunskapsstyrning.organisation.models import Person
from kunskapsstyrning.organisation.models.periods import today

from . import kinds
from .choices import OPEN_STATUSES, Delivery, EmailStatus
from .kinds import Due
from .models import CalendarFeed, Digest, KindSetting, Notice, Preference


@transaction.atomic
def calendar_feed_revoke(*, person: Person) -> int:
    """Revoke the person's active feed, if any; returns how many were revoked (0 or 1)."""
    return CalendarFeed.objects.filter(person=person, revoked_at__isnull=True).update(revoked_at=timezone.now())


@transaction.atomic
def calendar_feed_renew(*, person: Person) -> CalendarFeed:
    """A new feed with a new secret; the old one, if any, stops working in the same transaction."""
    calendar_feed_revoke(person=person)
    return CalendarFeed.objects.create(person=person)


# ---------------------------------------------------------------------------------------------
# Reminders. The life of one reminder (README, "Påminnelser"):
#   plan()      asks every kind what is due and inserts one Notice per (kind, object, milestone,
#               person), ON CONFLICT DO NOTHING: decided once, recorded before anything is sent.
#   send_due()  claims open rows (SELECT … FOR UPDATE SKIP LOCKED, then a lease), asks the kind
#               again who the recipients are, and sends; sent, retried with back-off or given up.
# A worker killed after claiming leaves a lease that expires; the row is taken again later.
# The one window left: the SMTP server accepted the message and the worker died before the
# UPDATE to "sent" — then it is sent again, with the same Message-ID.
# ---------------------------------------------------------------------------------------------


logger = logging.getLogger(__name__)
STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


def _setting(name: str, default):
    return getattr(settings, name, default)


def send_time(day: datetime.date) -> datetime.datetime:
    """The local hour on `day` when that day's reminders go out (07:00 Stockholm, summer or winter)."""
    return datetime.datetime.combine(day, datetime.time(_setting("NOTICES_SEND_HOUR", 7)), tzinfo=STOCKHOLM)


def lead_days(kind) -> tuple[int, ...] | None:
    """The kind's lead times as staff set them, its defaults without a setting; None if switched off."""
    return _lead_days(kind, KindSetting.objects.filter(kind=kind.name).first())


def all_lead_days() -> dict[str, tuple[int, ...] | None]:
    """lead_days() of every registered kind, by name, in one query."""
    settings_by_kind = {s.kind: s for s in KindSetting.objects.all()}
    return {kind.name: _lead_days(kind, settings_by_kind.get(kind.name)) for kind in kinds.all_kinds()}


def _lead_days(kind, setting: KindSetting | None) -> tuple[int, ...] | None:
    if setting is None:
        return tuple(kind.default_lead_days)
    return tuple(setting.lead_days) if setting.active else None


def plan(on: datetime.date | None = None) -> int:
    """Decide every reminder due in the catch-up window ending `on`; returns how many are new.

    Asking for a window, not one day, means a day the beat did not run is caught up; the unique
    constraint makes asking twice harmless. The planner runs every 15 minutes, so nearly all it
    finds was decided by an earlier run: one query per kind (`_undecided`) says which of the
    (object, milestone, person) keys are new, and only those get a title, a link and an INSERT."""
    on = on or today()
    start = on - datetime.timedelta(days=_setting("NOTICES_CATCH_UP_DAYS", 7))
    created = 0
    for kind in kinds.all_kinds():
        lead = lead_days(kind)
        if lead is None:
            continue
        dues = list(kind.due(start, on, lead))
        if not dues:
            continue
        objects = list({(type(d.obj), d.obj.pk): d.obj for d in dues}.values())
        recipients = kind.recipients(objects)
        content_types = ContentType.objects.get_for_models(*{type(o) for o in objects})
        wanted: dict[tuple[int, int, str, int], Due] = {}
        for d in dues:
            ct = content_types[type(d.obj)].pk
            for person_id in sorted(recipients.get(d.obj.pk, ())):
                wanted.setdefault((ct, d.obj.pk, d.milestone, person_id), d)  # the first wins, as in the INSERT
        new = _undecided(kind.name, list(wanted))
        if not new:
            continue
        rows = []
        texts: dict[int, tuple[str, str]] = {}  # a title and a link per due, not per recipient
        with translation.override("sv"):
            for key, d in wanted.items():
                if key not in new:
                    continue
                if id(d) not in texts:
                    texts[id(d)] = (kind.title(d.obj, d)[:300], kind.url(d.obj))
                title, url = texts[id(d)]
                rows.append((*key, d.deadline, title, url, send_time(d.send_on)))
        created += _insert_new(kind.name, rows)
    return created


_KEY_SQL = "unnest(%s::integer[], %s::bigint[], %s::text[], %s::bigint[])"


def _undecided(kind: str, keys: list[tuple[int, int, str, int]], batch: int = 20000) -> set:
    """The (content type, object id, milestone, person) keys of `kind` that no notice has yet:
    the unique index answers, a query per 20 000 keys; the arrays are one parameter each."""
    found: set = set()
    table = Notice._meta.db_table
    with connection.cursor() as cursor:
        for i in range(0, len(keys), batch):
            chunk = keys[i : i + batch]
            cursor.execute(
                f"SELECT c.ct, c.object_id, c.milestone, c.person_id FROM {_KEY_SQL} "  # noqa: S608 (no user input)
                "AS c(ct, object_id, milestone, person_id) WHERE NOT EXISTS (SELECT 1 FROM "
                f"{table} n WHERE n.kind = %s AND n.content_type_id = c.ct AND n.object_id = c.object_id "
                "AND n.milestone = c.milestone AND n.person_id = c.person_id)",
                [*(list(column) for column in zip(*chunk, strict=True)), kind],
            )
            found.update(cursor.fetchall())
    return found


_INSERT_COLUMNS = (
    "content_type_id",
    "object_id",
    "milestone",
    "person_id",
    "deadline",
    "title",
    "url",
    "send_after",
    "kind",
    "email_status",
    "attempts",
    "last_error",
    "created_at",
)


def _insert_new(kind: str, rows: list[tuple], batch: int = 5000) -> int:
    """INSERT … SELECT FROM unnest(…) ON CONFLICT DO NOTHING: a reminder already decided (by
    another planner at the same moment) is skipped by the database, not by a read before the
    write. A column is one array parameter, so a batch costs the same to send whatever its size.
    Rows: (content type, object id, milestone, person, deadline, title, url, send_after).
    Returns how many were new."""
    now = timezone.now()
    created = 0
    table = Notice._meta.db_table
    columns = ", ".join(_INSERT_COLUMNS)
    with connection.cursor() as cursor:
        for i in range(0, len(rows), batch):
            chunk = rows[i : i + batch]
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT c.*, %s, %s, 0, '', %s FROM unnest("  # noqa: S608
                "%s::integer[], %s::bigint[], %s::text[], %s::bigint[], %s::date[], %s::text[], %s::text[], "
                "%s::timestamptz[]) AS c "
                "ON CONFLICT (kind, content_type_id, object_id, milestone, person_id) DO NOTHING RETURNING 1",
                [kind, EmailStatus.PENDING, now, *(list(column) for column in zip(*chunk, strict=True))],
            )
            created += len(cursor.fetchall())
    return created


def _lease() -> datetime.timedelta:
    return datetime.timedelta(seconds=_setting("NOTICES_LEASE_SECONDS", 300))


def claim(model, *, limit: int, now: datetime.datetime | None = None) -> list[int]:
    """Take up to `limit` open rows whose time has come and that nobody holds: the row locks
    (SKIP LOCKED) keep two senders apart while claiming, the lease afterwards."""
    now = now or timezone.now()
    with transaction.atomic():
        ids = list(
            model.objects.select_for_update(skip_locked=True)
            .filter(email_status__in=OPEN_STATUSES, send_after__lte=now)
            .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
            .order_by("send_after", "pk")
            .values_list("pk", flat=True)[:limit]
        )
        if ids:
            model.objects.filter(pk__in=ids).update(lease_until=now + _lease(), attempts=F("attempts") + 1)
    return ids


def _finish(model, pk: int, status: str, **fields) -> None:
    model.objects.filter(pk=pk).update(email_status=status, lease_until=None, **fields)


def _failed(model, row, error: Exception) -> None:
    """Retry with exponential back-off (1, 2, 4 … times the base, at most six hours); give up
    after NOTICES_MAX_ATTEMPTS. Staff see both and can resend (notice_resend)."""
    attempts = row.attempts
    if attempts >= _setting("NOTICES_MAX_ATTEMPTS", 6):
        _finish(model, row.pk, EmailStatus.GIVEN_UP, last_error=str(error)[:1000])
        return
    delay = min(_setting("NOTICES_RETRY_BASE_SECONDS", 60) * 2 ** (attempts - 1), 6 * 3600)
    _finish(
        model,
        row.pk,
        EmailStatus.RETRYING,
        last_error=str(error)[:1000],
        send_after=timezone.now() + datetime.timedelta(seconds=delay),
    )
    logger.warning("Påminnelse %s %s: SMTP-fel, nytt försök om %s s: %s", model.__name__, row.pk, delay, error)


def portal_url(path: str) -> str:
    return _setting("PORTAL_URL", "http://127.0.0.1:8000").rstrip("/") + path


def _message(*, to: str, subject: str, template: str, context: dict, message_id: str) -> EmailMultiAlternatives:
    with translation.override("sv"):
        context = {**context, "portal_url": portal_url("/"), "settings_url": portal_url("/notiser/installningar/")}
        text = render_to_string(f"notices/email/{template}.txt", context)
        html = render_to_string(f"notices/email/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[to],
        headers={"Message-ID": message_id, "Auto-Submitted": "auto-generated"},
        connection=get_connection(timeout=_setting("NOTICES_SMTP_TIMEOUT", 30)),
    )
    message.attach_alternative(html, "text/html")
    return message


def _still_recipients(notices: list[Notice]) -> set[int]:
    """The notices whose person is still a recipient now, asked of each kind once per batch."""
    by_kind: dict[str, list[Notice]] = defaultdict(list)
    for notice in notices:
        by_kind[notice.kind].append(notice)
    keep = set()
    for name, group in by_kind.items():
        kind = kinds.get(name)
        objects = [n.obj for n in group if n.obj is not None]
        if kind is None or not objects:
            continue
        unique = list({(type(o), o.pk): o for o in objects}.values())
        recipients = kind.recipients(unique)
        # A kind whose deadline can move (kinds.ReminderKind.current_deadlines) stops a reminder
        # decided for the old date: a recommendation confirmed, a version aimed at another day.
        current = kind.current_deadlines(unique) if hasattr(kind, "current_deadlines") else None
        keep |= {
            n.pk
            for n in group
            if n.obj is not None
            and n.person_id in recipients.get(n.obj.pk, ())
            and (current is None or current.get(n.obj.pk) == n.deadline)
        }
    return keep


def reminders_withdraw_moved(*, kind: str, objects: list) -> int:
    """The deadline of these objects moved (a campaign's date changed, a recommendation revised or
    confirmed): their reminders of this kind decided for another deadline and not sent yet are
    withdrawn, so nobody gets or sees the old date. The kind's milestones carry the deadline's
    date, so the planner decides the new deadline's own reminders when their day comes; sent ones
    stay as they were. For kinds with `current_deadlines` (others: nothing to do). Three queries."""
    reminder_kind = kinds.get(kind)
    objects = [o for o in objects if o is not None]
    if reminder_kind is None or not objects or not hasattr(reminder_kind, "current_deadlines"):
        return 0
    current = reminder_kind.current_deadlines(objects)
    content_types = ContentType.objects.get_for_models(*{type(o) for o in objects})
    now = timezone.now()
    unsent = Notice.objects.filter(
        kind=kind,
        content_type__in=set(content_types.values()),
        object_id__in={o.pk for o in objects},
        sent_at__isnull=True,
        email_status__in=(*OPEN_STATUSES, EmailStatus.IN_DIGEST),
    ).filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))  # one being sent right now is left to the sender
    rows = unsent.values_list("pk", "object_id", "deadline")
    stale = [pk for pk, object_id, deadline in rows if current.get(object_id) != deadline]
    if stale:
        Notice.objects.filter(pk__in=stale).delete()
    return len(stale)


def _deliveries(notices: list[Notice]) -> dict[tuple[int, str], str]:
    rows = Preference.objects.filter(person_id__in={n.person_id for n in notices}).values_list(
        "person_id", "kind", "delivery"
    )
    return {(person_id, kind): delivery for person_id, kind, delivery in rows}


def send_notices(ids: list[int]) -> dict[str, int]:
    """Send the claimed notices (the caller holds their lease)."""
    counts: dict[str, int] = defaultdict(int)
    notices = list(Notice.objects.filter(pk__in=ids).select_related("person").prefetch_related("obj"))
    keep = _still_recipients(notices)
    deliveries = _deliveries(notices)
    for notice in notices:
        kind = kinds.get(notice.kind)
        delivery = deliveries.get((notice.person_id, notice.kind), Delivery.IMMEDIATELY)
        if notice.pk not in keep:
            _finish(Notice, notice.pk, EmailStatus.CANCELLED)
            counts["stoppad"] += 1
        elif delivery == Delivery.DIGEST:
            _finish(Notice, notice.pk, EmailStatus.IN_DIGEST)
            counts["sammanstallning"] += 1
        elif delivery == Delivery.OFF and kind.allow_off:
            _finish(Notice, notice.pk, EmailStatus.OFF)
            counts["av"] += 1
        elif not notice.person.email:
            _finish(Notice, notice.pk, EmailStatus.GIVEN_UP, last_error="Personen saknar e-postadress.")
            counts["gav_upp"] += 1
        else:
            message = _message(
                to=notice.person.email,
                subject=notice.title,
                template="notice",
                context={"notice": notice, "link": portal_url(notice.url), "kind": kind},
                message_id=notice.message_id,
            )
            try:
                message.send()
            except (smtplib.SMTPException, OSError) as error:
                _failed(Notice, notice, error)
                counts["fel"] += 1
                continue
            # As close to the hand-off as possible: the window a crash can duplicate is this gap.
            _finish(Notice, notice.pk, EmailStatus.SENT, sent_at=timezone.now(), last_error="")
            counts["skickad"] += 1
    return counts


def compose_digests(on: datetime.date | None = None) -> int:
    """Gather the notices waiting for a digest into one digest per person for `on`; a digest
    already being sent (leased) or sent is left alone, its late notices wait for the next."""
    on = on or today()
    waiting = Notice.objects.filter(email_status=EmailStatus.IN_DIGEST, digest__isnull=True)
    people = set(waiting.values_list("person_id", flat=True))
    if not people:
        return 0
    Digest.objects.bulk_create(
        [Digest(person_id=p, day=on, send_after=timezone.now()) for p in people], ignore_conflicts=True
    )
    with transaction.atomic():
        open_digests = (
            Digest.objects.select_for_update(skip_locked=True)
            .filter(day=on, person_id__in=people, email_status=EmailStatus.PENDING, lease_until__isnull=True)
            .values("pk")
        )
        ids = list(open_digests.values_list("pk", flat=True))
        return waiting.filter(person_id__in=Digest.objects.filter(pk__in=ids).values("person_id")).update(
            digest=Subquery(Digest.objects.filter(pk__in=ids, person_id=OuterRef("person_id")).values("pk")[:1])
        )


def send_digests(ids: list[int]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for digest in Digest.objects.filter(pk__in=ids).select_related("person"):
        notices = list(
            digest.notices.filter(email_status=EmailStatus.IN_DIGEST).prefetch_related("obj").order_by("deadline")
        )
        keep = _still_recipients(notices)
        Notice.objects.filter(pk__in=[n.pk for n in notices if n.pk not in keep]).update(
            email_status=EmailStatus.CANCELLED
        )
        notices = [n for n in notices if n.pk in keep]
        if not notices or not digest.person.email:
            _finish(Digest, digest.pk, EmailStatus.CANCELLED)
            counts["stoppad"] += 1
            continue
        message = _message(
            to=digest.person.email,
            subject=_("Dina påminnelser %(day)s (%(count)s)") % {"day": digest.day.isoformat(), "count": len(notices)},
            template="digest",
            context={"digest": digest, "items": [(n, portal_url(n.url)) for n in notices]},
            message_id=digest.message_id,
        )
        try:
            message.send()
        except (smtplib.SMTPException, OSError) as error:
            _failed(Digest, digest, error)
            counts["fel"] += 1
            continue
        with transaction.atomic():
            sent_at = timezone.now()
            _finish(Digest, digest.pk, EmailStatus.SENT, sent_at=sent_at, last_error="")
            Notice.objects.filter(pk__in=[n.pk for n in notices]).update(sent_at=sent_at)
        counts["skickad"] += 1
    return counts


def send_due(*, batch: int | None = None, max_batches: int = 1000) -> dict[str, int]:
    """Claim and send until nothing due is left (notices, then digests)."""
    batch = batch or _setting("NOTICES_BATCH_SIZE", 50)
    totals: dict[str, int] = defaultdict(int)
    for model, sender in ((Notice, send_notices), (Digest, send_digests)):
        for _round in range(max_batches):
            ids = claim(model, limit=batch)
            if not ids:
                break
            for key, value in sender(ids).items():
                totals[key] += value
    return dict(totals)


@transaction.atomic
def notice_resend(*, notice: Notice, by=None) -> Notice:
    """Staff send a failed, given-up or sent reminder again (same Message-ID)."""
    Notice.objects.filter(pk=notice.pk).update(
        email_status=EmailStatus.PENDING, attempts=0, lease_until=None, send_after=timezone.now(), last_error=""
    )
    notice.refresh_from_db()
    return notice


def notices_mark_read(*, person, ids: list[int] | None = None) -> int:
    """Mark the person's notices read (all unread ones if no ids are given)."""
    unread = Notice.objects.filter(person=person, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


@transaction.atomic
def preference_set(*, person, kind: str, delivery: str) -> Preference:
    from django.core.exceptions import ValidationError

    reminder_kind = kinds.get(kind)
    if reminder_kind is None:
        raise ValidationError(_("Okänt slag av påminnelse."))
    if delivery not in Delivery.values:
        raise ValidationError(_("Välj direkt, daglig sammanställning eller av."))
    if delivery == Delivery.OFF and not reminder_kind.allow_off:
        raise ValidationError(
            _("%(kind)s kan inte stängas av: välj direkt eller daglig sammanställning.") % {"kind": reminder_kind.label}
        )
    return Preference.objects.update_or_create(person=person, kind=kind, defaults={"delivery": delivery})[0]
