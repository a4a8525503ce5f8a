"""Accounts: the sessions a user has, invitations to people without an account, password-reset
requests (for throttling) and the log of pseudonymisations."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kunskapsstyrning.organisation.models import Person


def token_hash(token: str) -> str:
    """Only the SHA-256 of a secret link is stored: a copy of the database opens no account."""
    return hashlib.sha256(token.encode()).hexdigest()


class UserSession(models.Model):
    """A signed-in session, so that a person can list their sessions and end them all.

    Written when someone signs in (signals.py) and removed when they sign out; a row whose
    django_session row has expired or gone is not shown."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("användare")
    )
    session_key = models.CharField(_("sessionsnyckel"), max_length=40, unique=True)
    created_at = models.DateTimeField(_("inloggad"), auto_now_add=True)
    user_agent = models.CharField(_("webbläsare"), max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(_("adress"), null=True, blank=True)
    method = models.CharField(_("inloggningssätt"), max_length=30, blank=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("inloggning")
        verbose_name_plural = _("inloggningar")

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%Y-%m-%d %H:%M}"


class InvitationQuerySet(models.QuerySet):
    def pending(self, now):
        """Not accepted, not withdrawn, and either not sent yet or still valid."""
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class Invitation(models.Model):
    """An invitation to a person without an account. Created in the same transaction as the
    membership; sent once after commit by a Celery task that claims the row (tasks.py). The link's
    token exists only in the e-mail: the row keeps its hash, made when the mail is sent."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("person"))
    email = models.EmailField(_("skickad till"), blank=True)
    token_hash = models.CharField(_("nyckelns kontrollsumma"), max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("inbjuden av"),
    )
    sent_at = models.DateTimeField(_("skickad"), null=True, blank=True)
    message_id = models.CharField(_("meddelande-id"), max_length=200, blank=True)
    expires_at = models.DateTimeField(_("giltig till"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("använd"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("återkallad"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("inbjudan")
        verbose_name_plural = _("inbjudningar")
        constraints = [
            models.UniqueConstraint(
                fields=("token_hash",),
                condition=~models.Q(token_hash=""),
                name="%(app_label)s_%(class)s_unique_token",
            ),
            models.UniqueConstraint(
                fields=("person",),
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="%(app_label)s_%(class)s_one_open_per_person",
                violation_error_message=_("Personen har redan en öppen inbjudan."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.created_at:%Y-%m-%d}"


class PasswordResetRequest(models.Model):
    """One request for a password-reset e-mail, kept a day for throttling. Holds only hashes:
    the list of who asked is itself personal data."""

    email_hash = models.CharField(_("adressens kontrollsumma"), max_length=64, db_index=True)
    ip_hash = models.CharField(_("klientadressens kontrollsumma"), max_length=64, db_index=True)
    at = models.DateTimeField(_("tidpunkt"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ("-at",)
        verbose_name = _("begäran om nytt lösenord")
        verbose_name_plural = _("begäranden om nytt lösenord")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M}"


class Pseudonymisation(models.Model):
    """Who pseudonymised which person, when and why. The person row stays (with the placeholder
    name), so history that points at it keeps its shape."""

    person = models.OneToOneField(
        Person, on_delete=models.PROTECT, related_name="pseudonymisation", verbose_name=_("person")
    )
    placeholder = models.CharField(_("ersättningsnamn"), max_length=100)
    reason = models.TextField(_("skäl"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("utförd av")
    )
    at = models.DateTimeField(_("tidpunkt"), auto_now_add=True)

    class Meta:
        ordering = ("-at",)
        verbose_name = _("pseudonymisering")
        verbose_name_plural = _("pseudonymiseringar")

    def __str__(self) -> str:
        return self.placeholder


class OidcIdentity(models.Model):
    """A user's identity at an organisation's identity provider: the stable subject (`sub`) the
    provider gives, matched on every later sign-in whatever the e-mail address has become."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="oidc_identities", verbose_name=_("användare")
    )
    issuer = models.CharField(_("identitetsleverantör"), max_length=300)
    subject = models.CharField(_("stabil identitet (sub)"), max_length=255)
    created_at = models.DateTimeField(_("kopplad"), auto_now_add=True)

    class Meta:
        ordering = ("issuer", "subject")
        verbose_name = _("identitet hos organisationen")
        verbose_name_plural = _("identiteter hos organisationer")
        constraints = [
            models.UniqueConstraint(fields=("issuer", "subject"), name="%(app_label)s_%(class)s_unique_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.issuer} {self.subject}"
