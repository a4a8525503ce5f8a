"""Writes of the accounts app: sessions, invitations, password-reset throttling, pseudonymisation.

Sending e-mail happens in one place, `invitation_send`, called by the Celery task after the
transaction that created the invitation has committed; the lead can route it through the
notices engine later without touching the callers.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import secrets

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Max, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kunskapsstyrning.organisation.models import Membership, Person, RosterChange
from kunskapsstyrning.organisation.models.periods import today
from kunskapsstyrning.organisation.registry import registry
from kunskapsstyrning.organisation.services import acting_user

from .models import Invitation, PasswordResetRequest, Pseudonymisation, UserSession, token_hash

# --- Sessions -----------------------------------------------------------------------------------


def active_sessions(user):
    """The user's sessions that are still valid (their django_session row exists, unexpired)."""
    live = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
    return UserSession.objects.filter(user=user, session_key__in=live).order_by("-created_at")


@transaction.atomic
def sessions_end_all(*, user) -> int:
    """Log out everywhere: every session of the user ends, this one included."""
    keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    count, _deleted = UserSession.objects.filter(user=user).delete()
    return count


# --- Invitations --------------------------------------------------------------------------------


def invitation_valid_for() -> datetime.timedelta:
    return datetime.timedelta(days=settings.INVITATION_VALID_DAYS)


def needs_invitation(person: Person) -> bool:
    return bool(person.email) and person.user_id is None


def invitation_create(*, person: Person, by=None) -> Invitation | None:
    """An invitation for a person without an account, sent after the surrounding transaction
    commits. None if the person has no address, has an account, or already has an open
    invitation (one per person: the database's partial unique index holds it)."""
    if not needs_invitation(person):
        return None
    now = timezone.now()
    with transaction.atomic():
        # An expired, unused invitation is withdrawn so that a new one may be made.
        Invitation.objects.filter(
            person=person, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__lte=now
        ).update(revoked_at=now)
        if Invitation.objects.filter(person=person, accepted_at__isnull=True, revoked_at__isnull=True).exists():
            return None
        invitation = Invitation.objects.create(person=person, email=person.email, invited_by=acting_user(by))
    _send_on_commit(invitation)
    return invitation


def _send_on_commit(invitation: Invitation) -> None:
    from .tasks import deliver_invitation

    transaction.on_commit(lambda: deliver_invitation.delay(invitation.pk))


@transaction.atomic
def invitation_resend(*, person: Person, by=None) -> Invitation | None:
    """Withdraw the person's open invitation (its link stops working) and send a new one."""
    Invitation.objects.filter(person=person, accepted_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    return invitation_create(person=person, by=by)


def invitations_bulk_create(*, people, by=None) -> list[Invitation]:
    """Invite every one of `people` who needs it (support staff, e.g. a whole group at once)."""
    created = []
    with transaction.atomic():
        for person in people:
            if (invitation := invitation_create(person=person, by=by)) is not None:
                created.append(invitation)
    return created


def on_person_added_to_roster(person: Person, membership: Membership, by=None) -> None:
    """The structure's hook (registry.roster_additions): invite a new member without an account
    when a person added them (form, import, accepted nomination, API). Loaders, the demo data and
    shell sessions (no signed-in user) invite no one; support staff can invite those in bulk."""
    if acting_user(by) is not None:
        invitation_create(person=person, by=by)


def _message_id(invitation: Invitation) -> str:
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(" >") or "localhost"
    return f"<inbjudan-{invitation.pk}@{domain}>"


def invitation_send(invitation_id: int) -> bool:
    """Send one invitation, at most once: claim the row (SKIP LOCKED, so a second worker with the
    same task skips it), make the link's token, send, record sent_at and the hash in the same
    transaction. A failed send rolls back and the task is retried; a sent one is never sent
    again. Returns whether this call sent it."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(skip_locked=True)
            .select_related("person")
            .filter(pk=invitation_id, sent_at__isnull=True, revoked_at__isnull=True, accepted_at__isnull=True)
            .first()
        )
        if invitation is None:
            return False
        token = secrets.token_urlsafe(32)
        now = timezone.now()
        invitation.token_hash = token_hash(token)
        invitation.sent_at = now
        invitation.expires_at = now + invitation_valid_for()
        invitation.message_id = _message_id(invitation)
        invitation.save(update_fields=["token_hash", "sent_at", "expires_at", "message_id"])
        link = settings.SITE_URL.rstrip("/") + reverse("accounts:invitation", args=[token])
        with translation.override(settings.LANGUAGE_CODE):
            context = {
                "person": invitation.person,
                "link": link,
                "expires": timezone.localtime(invitation.expires_at),
                "days": settings.INVITATION_VALID_DAYS,
            }
            subject = _("Inbjudan till Kunskapsstyrningsportalen")
            body = render_to_string("accounts/email/invitation.txt", context)
        message = EmailMultiAlternatives(
            subject, body, to=[invitation.email], headers={"Message-ID": invitation.message_id}
        )
        message.send()
    return True


def invitation_for_token(token: str) -> Invitation | None:
    """The usable invitation a link names: sent, not used, not withdrawn, not expired."""
    if not token:
        return None
    return (
        Invitation.objects.select_related("person")
        .filter(
            token_hash=token_hash(token),
            sent_at__isnull=False,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .first()
    )


def _free_username(email: str) -> str:
    User = get_user_model()
    base = email.lower()[:140]
    name, n = base, 1
    while User.objects.filter(username__iexact=name).exists():
        n += 1
        name = f"{base}-{n}"
    return name


@transaction.atomic
def invitation_accept(*, token: str, password: str):
    """Use an invitation: create the account with the password, link it to the person, and mark
    the invitation used, all at once. Refused (nothing written) if the link is no longer valid."""
    invitation = invitation_for_token(token)
    if invitation is not None:
        invitation = Invitation.objects.select_for_update().select_related("person").get(pk=invitation.pk)
    if invitation is None or invitation.accepted_at is not None:
        raise ValidationError(_("Länken är inte längre giltig. Be processledaren om en ny inbjudan."), code="invalid")
    person = Person.objects.select_for_update().get(pk=invitation.person_id)
    if person.user_id is not None:
        raise ValidationError(_("Du har redan ett konto. Logga in i stället."), code="has_account")
    User = get_user_model()
    user = User(
        username=_free_username(person.email),
        email=person.email,
        first_name=person.first_name[:150],
        last_name=person.last_name[:150],
    )
    user.set_password(password)
    user.save()
    person.user = user
    person.save(update_fields=["user"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return user


def people_without_account(group_ids) -> list[Person]:
    """Current members of the groups who have an address but no account, with their newest
    invitation as `invitation` (None if never invited). Two queries, whatever the numbers."""
    on = today()
    from kunskapsstyrning.organisation.models.periods import active_on

    people = list(
        Person.objects.filter(
            Q(memberships__in=Membership.objects.filter(active_on(on), group_id__in=group_ids)),
            user__isnull=True,
        )
        .exclude(email="")
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )
    newest = {}
    for invitation in Invitation.objects.filter(person__in=people).order_by("created_at", "pk"):
        newest[invitation.person_id] = invitation
    for person in people:
        person.invitation = newest.get(person.pk)
    return people


# --- Password reset throttling ------------------------------------------------------------------


def _hash(value: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{value}".encode()).hexdigest()


def password_reset_allowed(*, email: str, ip: str | None) -> bool:
    """Record a request and say whether it may send mail: at most PASSWORD_RESET_PER_ADDRESS per
    address and PASSWORD_RESET_PER_CLIENT per client address within PASSWORD_RESET_WINDOW_MINUTES.
    The count is in the database, so every web server sees it."""
    since = timezone.now() - datetime.timedelta(minutes=settings.PASSWORD_RESET_WINDOW_MINUTES)
    email_hash, ip_hash = _hash(email.strip().lower()), _hash(ip or "")
    recent = PasswordResetRequest.objects.filter(at__gt=since)
    allowed = (
        recent.filter(email_hash=email_hash).count() < settings.PASSWORD_RESET_PER_ADDRESS
        and recent.filter(ip_hash=ip_hash).count() < settings.PASSWORD_RESET_PER_CLIENT
    )
    PasswordResetRequest.objects.create(email_hash=email_hash, ip_hash=ip_hash)
    PasswordResetRequest.objects.filter(at__lt=timezone.now() - datetime.timedelta(days=1)).delete()
    return allowed


# --- Pseudonymisation ---------------------------------------------------------------------------

PSEUDONYMISED_FIRST_NAME = "Pseudonymiserad"


def placeholder_for(person: Person) -> str:
    """Stable: the same person always gets the same placeholder, and no two people share one."""
    return f"{PSEUDONYMISED_FIRST_NAME} person {person.pk}"


def pseudonymisable_from(person: Person) -> datetime.date | None:
    """The first day the person may be pseudonymised (their last mandate's end plus the
    retention period), or None while they have a current or future mandate or never had one."""
    memberships = Membership.objects.filter(person=person)
    if not memberships.exists():
        return None
    if memberships.filter(Q(end_date__isnull=True) | Q(end_date__gte=today())).exists():
        return None
    last_end = memberships.aggregate(last=Max("end_date"))["last"]
    return last_end + datetime.timedelta(days=settings.PSEUDONYMISATION_RETENTION_DAYS)


def _rewrite_json(value, person_id: int, old_name: str, placeholder: str):
    if isinstance(value, dict):
        out = {k: _rewrite_json(v, person_id, old_name, placeholder) for k, v in value.items()}
        if out.get("person_id") == person_id and "person" in out:
            out["person"] = placeholder
        return out
    if isinstance(value, list):
        return [_rewrite_json(v, person_id, old_name, placeholder) for v in value]
    if isinstance(value, str) and old_name and old_name in value:
        return value.replace(old_name, placeholder)
    return value


PERSON_REPLACEMENTS = ("title", "employer", "email", "phone", "gender", "source_key")


@transaction.atomic
def person_pseudonymise(*, person: Person, reason: str, by) -> Pseudonymisation:
    """Replace a departed person's name with a stable placeholder and remove their contact data
    and free text, in the live rows and in the audit log; the shape of history stays (the person
    row, memberships and roster changes remain, naming the placeholder). Published documents
    (RosterSnapshot, the source lists) are public records and keep their names.
    Refused unless the person left every group at least the retention period ago."""
    if not reason.strip():
        raise ValidationError({"reason": _("Ange skälet till pseudonymiseringen.")})
    if acting_user(by) is None:
        raise ValidationError(_("Pseudonymisering kräver en inloggad handläggare."))
    person = Person.objects.select_for_update().get(pk=person.pk)
    if hasattr(person, "pseudonymisation"):
        raise ValidationError(_("Personen är redan pseudonymiserad."))
    allowed_from = pseudonymisable_from(person)
    if allowed_from is None or allowed_from > today():
        raise ValidationError(
            _(
                "Personen kan pseudonymiseras först när alla uppdrag har upphört och "
                "lagringstiden (%(days)s dagar) har gått."
            )
            % {"days": settings.PSEUDONYMISATION_RETENTION_DAYS}
        )
    old_name = person.full_name
    old = {"email": person.email, "phone": person.phone, "username": person.user.get_username() if person.user else ""}
    placeholder = placeholder_for(person)
    values = {
        "first_name": PSEUDONYMISED_FIRST_NAME,
        "last_name": f"person {person.pk}",
        "title": "",
        "employer": "",
        "email": "",
        "phone": "",
        "gender": "",
        "source_key": None,
    }
    user = person.user
    Person.objects.filter(pk=person.pk).update(user=None, **values)
    _rewrite_events(Person, Q(pgh_obj_id=person.pk), {**values, "user_id": None})
    Membership.objects.filter(person=person).update(note="")
    from .personal_data import audited_models

    for tracked, event_model in audited_models():
        if tracked is Membership:
            event_model.objects.filter(person_id=person.pk).update(note="")
    for p in registry.pseudonymisers:
        rows = p.model.objects.filter(**{p.person_field: person})
        if p.delete:
            rows.delete()
        else:
            rows.update(**p.replacements)
        event_model = _event_model(p.model)
        if event_model is not None:
            event_model.objects.filter(**{f"{p.person_field}_id": person.pk}).update(**p.replacements)
        for model in (p.model, event_model) if p.names_in else ():
            if model is not None:
                _replace_name(model, p.names_in, old_name, placeholder)
    # The roster's own history: the person's name in summaries and in the before/after states.
    changes = RosterChange.objects.filter(
        Q(membership__person=person) | Q(summary__contains=old_name) if old_name else Q(membership__person=person)
    )
    for change in changes.select_for_update(of=("self",)):
        change.summary = change.summary.replace(old_name, placeholder) if old_name else change.summary
        change.before = _rewrite_json(change.before, person.pk, old_name, placeholder)
        change.after = _rewrite_json(change.after, person.pk, old_name, placeholder)
        change.save(update_fields=["summary", "before", "after"])
    for change in RosterChange.objects.filter(Q(before__isnull=False) | Q(after__isnull=False)).filter(
        Q(before__icontains=f'"person_id": {person.pk}') | Q(after__icontains=f'"person_id": {person.pk}')
    ):
        change.before = _rewrite_json(change.before, person.pk, old_name, placeholder)
        change.after = _rewrite_json(change.after, person.pk, old_name, placeholder)
        change.save(update_fields=["before", "after"])
    Invitation.objects.filter(person=person).update(email="", token_hash="")
    # The admin's own log names the object as it was shown when it was edited there.
    LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Person), object_id=str(person.pk)).update(
        object_repr=placeholder
    )
    if user is not None:
        _retire_user(user, old)
    return Pseudonymisation.objects.create(person=person, placeholder=placeholder, reason=reason.strip(), by=by)


def _replace_name(model, fields: tuple[str, ...], old_name: str, placeholder: str) -> None:
    """The whole name, not a part of another word: "Per Ek" goes, "Per Eklund" stays."""
    if not old_name.strip():
        return
    pattern = re.compile(rf"(?<!\w){re.escape(old_name)}(?!\w)")
    names = Q()
    for name in fields:
        names |= Q(**{f"{name}__contains": old_name})
    changed = []
    for row in model.objects.filter(names).select_for_update().only("pk", *fields):
        for name in fields:
            setattr(row, name, pattern.sub(placeholder, getattr(row, name)))
        changed.append(row)
    model.objects.bulk_update(changed, fields, batch_size=500)


def _event_model(model):
    from django.apps import apps
    from pghistory.models import Event

    for candidate in apps.get_models():
        if issubclass(candidate, Event) and candidate.pgh_tracked_model is model:
            return candidate
    return None


def _rewrite_events(model, q: Q, values: dict) -> None:
    event_model = _event_model(model)
    if event_model is not None:
        fields = {f.attname for f in event_model._meta.concrete_fields}
        event_model.objects.filter(q).update(**{k: v for k, v in values.items() if k in fields})


def _retire_user(user, old: dict) -> None:
    """The account goes: it cannot sign in, and its name, address and sign-in traces are gone."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username__in=[v for v in (old["username"], old["email"], user.email) if v]).delete()
    sessions_end_all(user=user)
    user.username = f"pseudonymiserad-{user.pk}"
    user.email = ""
    user.first_name = ""
    user.last_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user=user).delete()
