"""Every write of the consultation engine: keyword-only, `by` the acting user, in a transaction,
refusing bad input with a Swedish ValidationError before anything is written.

A user (`by`) is asked the rules of permissions.py; loaders, demo data and tasks pass by=None
and are not asked (as in the structure's services).
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kunskapsstyrning.organisation.models import Group, Person, Region
from kunskapsstyrning.organisation.models.periods import check_dates_in_range, today
from kunskapsstyrning.organisation.services import acting_user, save_checked

from . import windows as calendar
from .attachments import check_attachment
from .choices import OUTCOMES_NEEDING_REASON, ConsultationKind, Outcome, Position, RoundStatus
from .models import LEDGER_FROZEN, Answer, Comment, CommentResponse, ConsultationRound, Recipient, ReviewWindow
from .permissions import (
    ACCEPT_LATE,
    ADJUST_WINDOW,
    ANSWER,
    MANAGE_ROUND,
    PUBLISH_LEDGER,
    RESPOND,
    accepts_answers_on,
)

TRIGGERS = {"consultations_ledger_frozen": LEDGER_FROZEN}


def _require(by, perm: str, obj=None) -> None:
    if by is not None and not by.has_perm(perm, obj):
        raise PermissionDenied(_("Du har inte behörighet att göra detta."))


# --- Windows ---------------------------------------------------------------------------------


@transaction.atomic
def window_store(
    *,
    kind: str,
    year: int,
    number: int,
    opens_on: datetime.date | None = None,
    closes_on: datetime.date | None = None,
    note: str = "",
    by=None,
) -> ReviewWindow:
    """The stored row of a window, created from the computed calendar if missing; with dates,
    support staff's adjustment of it (e.g. a window moved for a system change)."""
    _require(by, ADJUST_WINDOW)
    if kind not in ConsultationKind.values or not any(
        s.kind == kind and s.number == number for s in calendar.WINDOW_SPECS
    ):
        raise ValidationError(_("Det finns inget sådant granskningsfönster."))
    computed = calendar.window_for(calendar.spec_of(kind, number), year)
    window, _created = ReviewWindow.objects.select_for_update().get_or_create(
        kind=kind,
        year=year,
        number=number,
        defaults={"opens_on": computed.opens_on, "closes_on": computed.closes_on, "updated_by": acting_user(by)},
    )
    if opens_on is not None or closes_on is not None or note:
        check_dates_in_range(opens_on=opens_on, closes_on=closes_on)
        window.opens_on = opens_on or window.opens_on
        window.closes_on = closes_on or window.closes_on
        window.note = note or window.note
        window.updated_by = acting_user(by)
        window.full_clean()
        save_checked(window)
    return window


def window_for_key(key: str, *, by=None) -> ReviewWindow:
    """The stored window named by a key such as "remiss-2026-3" (stored on first use)."""
    parsed = calendar.parse_key(key)
    if parsed is None:
        raise ValidationError({"window": _("Det finns inget sådant granskningsfönster.")})
    kind, year, number = parsed
    return window_store(kind=kind, year=year, number=number)


# --- Rounds and recipients --------------------------------------------------------------------


def check_round_dates(round_: ConsultationRound) -> None:
    """The round's dates are real dates and fit its window, whose kind must be the round's."""
    check_dates_in_range(opens_on=round_.opens_on, closes_on=round_.closes_on)
    window = round_.window
    if window is None:
        return
    if window.kind != round_.kind:
        raise ValidationError(
            {
                "window": _("Fönstret gäller %(kind)s, inte den här typen av granskning.")
                % {"kind": window.get_kind_display().lower()}
            }
        )
    if round_.opens_on < window.opens_on or round_.closes_on > window.closes_on:
        raise ValidationError(
            {
                "closes_on": _("Rundan måste ligga inom fönstret %(opens)s–%(closes)s.")
                % {"opens": window.opens_on.isoformat(), "closes": window.closes_on.isoformat()}
            }
        )


@transaction.atomic
def round_create(
    *,
    kind: str,
    subject,
    owner_group: Group,
    window: ReviewWindow | None = None,
    opens_on: datetime.date | None = None,
    closes_on: datetime.date | None = None,
    description: str = "",
    regions=None,
    groups=(),
    organisations=(),
    by=None,
) -> ConsultationRound:
    """Create a round of `subject` (any saved model instance) owned by `owner_group`.

    Without dates the round takes its window's. Recipients: the given regions (all 21 when
    `regions` is None), groups (NPO, NSG …) and named organisations (kommuner …)."""
    if subject is None or getattr(subject, "pk", None) is None:
        raise ValidationError({"subject": _("Ange vad som ska granskas.")})
    if window is not None:
        opens_on = opens_on or window.opens_on
        closes_on = closes_on or window.closes_on
    if opens_on is None or closes_on is None:
        raise ValidationError({"closes_on": _("Ange när rundan öppnar och sista svarsdag, eller välj ett fönster.")})
    round_ = ConsultationRound(
        kind=kind,
        subject=subject,
        owner_group=owner_group,
        window=window,
        opens_on=opens_on,
        closes_on=closes_on,
        description=description,
        created_by=acting_user(by),
    )
    _require(by, MANAGE_ROUND, round_)
    check_round_dates(round_)
    round_.full_clean()
    save_checked(round_)
    region_list = list(Region.objects.all() if regions is None else regions)
    recipients = [Recipient(round=round_, region=region) for region in region_list]
    recipients += [Recipient(round=round_, group=group) for group in groups]
    recipients += [Recipient(round=round_, organisation_name=name.strip()) for name in organisations if name.strip()]
    for recipient in recipients:
        recipient.full_clean(exclude=("round",), validate_constraints=False)
    Recipient.objects.bulk_create(recipients)
    return round_


@transaction.atomic
def round_update(*, round: ConsultationRound, by=None, **changes) -> ConsultationRound:  # noqa: A002
    """Change a round's dates, window or description. Not once answers have come in to a
    change of kind, and never after the ledger is published."""
    round_ = ConsultationRound.objects.select_for_update().get(pk=round.pk)
    _require(by, MANAGE_ROUND, round_)
    if round_.ledger_published:
        raise ValidationError(LEDGER_FROZEN)
    allowed = {"opens_on", "closes_on", "window", "description", "kind"}
    if unknown := set(changes) - allowed:
        raise ValidationError(_("Okända fält: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    if "kind" in changes and changes["kind"] != round_.kind and Answer.objects.filter(recipient__round=round_).exists():
        raise ValidationError({"kind": _("Rundan har redan fått svar; typen kan inte ändras.")})
    for field, value in changes.items():
        setattr(round_, field, value)
    check_round_dates(round_)
    round_.full_clean()
    save_checked(round_)
    return round_


@transaction.atomic
def recipient_add(
    *,
    round: ConsultationRound,  # noqa: A002
    region: Region | None = None,
    group: Group | None = None,
    organisation_name: str = "",
    contacts=(),
    by=None,
) -> Recipient:
    round_ = ConsultationRound.objects.select_for_update().get(pk=round.pk)
    _require(by, MANAGE_ROUND, round_)
    if round_.ledger_published or round_.status == RoundStatus.CLOSED:
        raise ValidationError(_("Rundan har stängt; mottagare kan inte läggas till."))
    recipient = Recipient(round=round_, region=region, group=group, organisation_name=organisation_name.strip())
    recipient.full_clean()
    save_checked(recipient)
    if contacts:
        recipient.contacts.set(contacts)
    return recipient


@transaction.atomic
def recipient_set_contacts(*, recipient: Recipient, contacts, by=None) -> Recipient:
    """The persons who may answer for a recipient besides its representatives in the structure."""
    recipient = Recipient.objects.select_related("round").get(pk=recipient.pk)
    _require(by, MANAGE_ROUND, recipient.round)
    if recipient.round.ledger_published:
        raise ValidationError(LEDGER_FROZEN)
    people = list(contacts)
    if any(not isinstance(p, Person) for p in people):
        raise ValidationError({"contacts": _("Kontaktpersoner måste vara personer i portalen.")})
    recipient.contacts.set(people)
    return recipient


@transaction.atomic
def recipient_remove(*, recipient: Recipient, by=None) -> None:
    recipient = Recipient.objects.select_related("round").get(pk=recipient.pk)
    _require(by, MANAGE_ROUND, recipient.round)
    if Answer.objects.filter(recipient=recipient).exists():
        raise ValidationError(_("Mottagaren har redan svarat och kan inte tas bort."))
    recipient.contacts.clear()
    recipient.delete()


@transaction.atomic
def recipient_accept_late(*, recipient: Recipient, until: datetime.date, by=None) -> Recipient:
    """Support staff accept a late answer from the recipient up to and including `until`;
    the answer is marked as late."""
    recipient = Recipient.objects.select_for_update(of=("self",)).select_related("round").get(pk=recipient.pk)
    _require(by, ACCEPT_LATE, recipient)
    check_dates_in_range(late_until=until)
    if recipient.round.ledger_published:
        raise ValidationError(LEDGER_FROZEN)
    if until <= recipient.round.closes_on:
        raise ValidationError(
            {
                "late_until": _("Ett sent svar gäller efter sista svarsdag (%(date)s).")
                % {"date": recipient.round.closes_on.isoformat()}
            }
        )
    recipient.late_until = until
    recipient.late_accepted_by = acting_user(by)
    recipient.save(update_fields=["late_until", "late_accepted_by"])
    return recipient


# --- Answers -----------------------------------------------------------------------------------


def _answer_refusal(recipient: Recipient, on: datetime.date) -> str:
    round_ = recipient.round
    if round_.ledger_published:
        return LEDGER_FROZEN
    if on < round_.opens_on:
        return _("Rundan öppnar %(date)s; det går inte att svara ännu.") % {"date": round_.opens_on.isoformat()}
    return _("Rundan stängde %(date)s; det går inte längre att svara.") % {"date": round_.closes_on.isoformat()}


@transaction.atomic
def answer_submit(
    *,
    recipient: Recipient,
    position: str,
    text: str = "",
    comments=(),
    attachment=None,
    by=None,
) -> Answer:
    """Give or change a recipient's answer while the round accepts it (open, or late as support
    staff allowed). Only the recipient's representative (permissions.ANSWER).

    `comments` are (section, text) pairs; they replace the answer's earlier comments as long as
    none of those has been responded to. A refused attachment (type, size) refuses the whole
    answer: nothing is written."""
    recipient = (
        Recipient.objects.select_for_update(of=("self",))
        .select_related("round", "region", "group")
        .get(pk=recipient.pk)
    )
    on = today()
    if by is not None and not by.has_perm(ANSWER, recipient):
        if accepts_answers_on(recipient, on):
            raise PermissionDenied(_("Du kan bara svara för en mottagare som du företräder."))
        raise ValidationError(_answer_refusal(recipient, on))
    if not accepts_answers_on(recipient, on):
        raise ValidationError(_answer_refusal(recipient, on))
    errors = {}
    if position not in Position.values:
        errors["position"] = _("Välj tillstyrker, tillstyrker med synpunkter eller avstyrker.")
    cleaned = [(str(section).strip()[:200], str(body).strip()) for section, body in comments if str(body).strip()]
    if position == Position.SUPPORTS_WITH_COMMENTS and not cleaned and not text.strip():
        errors["text"] = _("Skriv era synpunkter, i svaret eller som synpunkter per avsnitt.")
    if position == Position.OPPOSES and not text.strip():
        errors["text"] = _("Motivera varför ni avstyrker.")
    if attachment is not None:
        try:
            attachment_name = check_attachment(attachment)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)

    answer = Answer.objects.filter(recipient=recipient).first()
    if answer is not None and CommentResponse.objects.filter(comment__answer=answer).exists():
        if cleaned != [(c.section, c.text) for c in answer.comments.order_by("order", "pk")]:
            raise ValidationError({"comments": _("Synpunkterna har redan börjat besvaras och kan inte längre ändras.")})
        cleaned = None  # keep the comments as they are
    if answer is None:
        answer = Answer(recipient=recipient)
    answer.position = position
    answer.text = text.strip()
    answer.is_late = on > recipient.round.closes_on
    answer.submitted_by = acting_user(by) or answer.submitted_by
    if attachment is not None:
        if answer.attachment:
            # The replaced file goes only once the new answer is committed.
            replaced, storage = answer.attachment.name, answer.attachment.storage
            transaction.on_commit(lambda: storage.delete(replaced))
        answer.attachment.save(attachment_name, attachment, save=False)
        answer.attachment_name = attachment_name
    answer.full_clean()
    try:
        save_checked(answer, TRIGGERS)
    except Exception:
        if attachment is not None and answer.attachment:
            answer.attachment.delete(save=False)  # the row was not written: neither is the file
        raise
    if cleaned is not None:
        answer.comments.all().delete()
        Comment.objects.bulk_create(
            [Comment(answer=answer, section=section, text=body, order=i) for i, (section, body) in enumerate(cleaned)]
        )
    return answer


# --- The ledger --------------------------------------------------------------------------------


def _lock_round_of(comment: Comment) -> ConsultationRound:
    round_id = Recipient.objects.filter(answer__comments=comment).values_list("round_id", flat=True).get()
    return ConsultationRound.objects.select_for_update().select_related("owner_group").get(pk=round_id)


@transaction.atomic
def response_record(*, comment: Comment, outcome: str, reason: str = "", by=None) -> CommentResponse:
    """Record the owning group's response to a comment (a new row: the latest is current).
    After the round has closed, until the ledger is published."""
    round_ = _lock_round_of(comment)
    if round_.ledger_published:
        raise ValidationError(LEDGER_FROZEN)
    _require(by, RESPOND, round_)
    if round_.status != RoundStatus.CLOSED:
        raise ValidationError(_("Synpunkterna besvaras när rundan har stängt."))
    errors = {}
    if outcome not in Outcome.values:
        errors["outcome"] = _("Välj godtagen, delvis godtagen eller ej godtagen.")
    if outcome in OUTCOMES_NEEDING_REASON and not reason.strip():
        errors["reason"] = _("Motivera varför synpunkten inte godtas i sin helhet.")
    if errors:
        raise ValidationError(errors)
    response = CommentResponse(comment=comment, outcome=outcome, reason=reason.strip(), responded_by=acting_user(by))
    response.full_clean()
    save_checked(response, TRIGGERS)
    return response


@transaction.atomic
def ledger_publish(*, round: ConsultationRound, by=None) -> ConsultationRound:  # noqa: A002
    """Publish the comment–response ledger (with the new version). Every comment must have a
    response. Published, the ledger is frozen: the database refuses new responses and any
    change to the round."""
    round_ = ConsultationRound.objects.select_for_update().get(pk=round.pk)
    if round_.ledger_published:
        raise ValidationError(LEDGER_FROZEN)
    _require(by, PUBLISH_LEDGER, round_)
    if round_.status != RoundStatus.CLOSED:
        raise ValidationError(_("Sammanställningen kan publiceras först när rundan har stängt."))
    unanswered = Comment.objects.filter(answer__recipient__round=round_, responses__isnull=True).count()
    if unanswered:
        raise ValidationError(
            _("%(count)s synpunkter saknar svar. Besvara alla synpunkter innan sammanställningen publiceras.")
            % {"count": unanswered}
        )
    round_.ledger_published_at = timezone.now()
    round_.ledger_published_by = acting_user(by)
    round_.save(update_fields=["ledger_published_at", "ledger_published_by"])
    return round_


@transaction.atomic
def round_cancel(*, round: ConsultationRound, by=None) -> None:  # noqa: A002
    """Remove a round that has not opened and has no answers (its subject was taken back before
    anyone was asked). The audit log keeps the deleted rows."""
    round_ = ConsultationRound.objects.select_for_update().get(pk=round.pk)
    _require(by, MANAGE_ROUND, round_)
    if round_.opens_on <= today() or Answer.objects.filter(recipient__round=round_).exists():
        raise ValidationError(_("Rundan har redan öppnat och kan inte tas bort."))
    Recipient.objects.filter(round=round_).delete()
    round_.delete()
