"""Writes of calls and nominations. Acceptance creates the membership through the roster service,
in the same transaction, so the roster's version, history and constraints apply."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kunskapsstyrning.organisation.models import Group, Person
from kunskapsstyrning.organisation.models.periods import today
from kunskapsstyrning.organisation.services import acting_user, membership_create, save_checked, save_new_person

from .choices import NOMINATION_TRANSITIONS, NominationStatus
from .models import NOMINATING_GROUP_NOT_RPO, Nomination, SeatCall
from .permissions import NOMINATE_FOR, refusal

TRIGGERS = {"nominations_nominating_group_is_rpo": NOMINATING_GROUP_NOT_RPO}


@transaction.atomic
def call_create(*, group: Group, by=None, **fields) -> SeatCall:
    call = SeatCall(group=group, created_by=acting_user(by), **fields)
    call.full_clean()
    call.save()
    return call


@transaction.atomic
def nomination_submit(
    *, call: SeatCall, person: Person, by=None, on: datetime.date | None = None, **fields
) -> Nomination:
    """Put a person forward for a call that is still open. A new person is saved with it.

    A user (`by`) may only nominate as the rule NOMINATE_FOR allows (the same answer as the
    form's choices); loaders and tasks (by=None) are not asked."""
    if (on or today()) > call.closes_on:
        raise ValidationError(
            _("Utlysningen stängde %(date)s; det går inte längre att nominera.") % {"date": call.closes_on.isoformat()}
        )
    nomination = Nomination(call=call, person=person, submitted_by=acting_user(by), **fields)
    if by is not None and not by.has_perm(NOMINATE_FOR, nomination):
        raise ValidationError(refusal(nomination))
    save_new_person(person)
    nomination.person = person  # the saved person's id
    nomination.full_clean()
    save_checked(nomination, TRIGGERS)
    return nomination


def _move(nomination: Nomination, to: str) -> None:
    if to not in NOMINATION_TRANSITIONS[nomination.status]:
        raise ValidationError(
            _("En nominering som är %(status)s kan inte ändras.") % {"status": nomination.get_status_display().lower()}
        )
    nomination.status = to


@transaction.atomic
def nomination_decide(
    *, nomination: Nomination, accept: bool, by=None, conflicts_note: str = "", decision_note: str = ""
) -> Nomination:
    """Record the deciding body's decision. Accepting requires a conflict-of-interest check and
    creates the membership for the call's role and period, in the same transaction."""
    nomination = Nomination.objects.select_for_update().select_related("call__group", "person").get(pk=nomination.pk)
    _move(nomination, NominationStatus.ACCEPTED if accept else NominationStatus.DECLINED)
    nomination.conflicts_note = conflicts_note or nomination.conflicts_note
    if accept:
        if not nomination.conflicts_checked:
            raise ValidationError(_("Jäv måste vara kontrollerat innan nomineringen kan antas."))
        # Lock the call: two deciders accepting different nominations must not both take the last seat.
        call = SeatCall.objects.select_for_update().select_related("group").get(pk=nomination.call_id)
        accepted = call.nominations.filter(status=NominationStatus.ACCEPTED).count()
        if accepted >= call.seats:
            raise ValidationError(
                _("Utlysningens platser är redan tillsatta (%(accepted)s av %(seats)s).")
                % {"accepted": accepted, "seats": call.seats}
            )
        represents = call.healthcare_region or nomination.nominating_healthcare_region
        if represents is None and nomination.nominating_group_id:
            represents = nomination.nominating_group.healthcare_region
        nomination.membership = membership_create(
            person=nomination.person,
            group=call.group,
            role=call.role,
            start_date=call.mandate_start,
            end_date=call.mandate_end,
            represents=represents,
            by=by,
        )
    nomination.decision_note = decision_note
    nomination.decided_by = acting_user(by)
    nomination.decided_at = timezone.now()
    nomination.full_clean()
    save_checked(nomination, TRIGGERS)
    return nomination


@transaction.atomic
def nomination_check_conflicts(*, nomination: Nomination, note: str = "", by=None) -> Nomination:
    """The process leader records that the nominee's declaration of interests has been checked."""
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if nomination.status != NominationStatus.SUBMITTED:
        raise ValidationError(_("Nomineringen är redan avgjord."))
    nomination.conflicts_checked = True
    nomination.conflicts_note = note
    nomination.conflicts_checked_by = acting_user(by)
    nomination.conflicts_checked_at = timezone.now()
    nomination.save(
        update_fields=["conflicts_checked", "conflicts_note", "conflicts_checked_by", "conflicts_checked_at"]
    )
    return nomination
