"""Access tokens for integrations: created, listed and revoked by their owner, stored hashed."""

import hashlib

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

__all__ = ("ApiToken", "TokenScope", "hash_secret")

#: Every token starts so, which makes a leaked one easy to recognise (and to scan for).
TOKEN_PREFIX = "ksp_"  # noqa: S105  (a marker, not a secret)


def hash_secret(secret: str) -> str:
    """SHA-256 of the whole token. The token is 256 random bits, so a fast hash is enough: there
    is nothing to guess, and a look-up by hash costs one indexed query."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


class TokenScope(models.TextChoices):
    READ = "read", _("Läsa")
    READ_WRITE = "read_write", _("Läsa och skriva")


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


@pghistory.track(
    pghistory.InsertEvent(),
    # Using a token is not an event worth a row each time; creating and revoking it are.
    pghistory.UpdateEvent(condition=pghistory.AnyChange(exclude=["last_used_at"])),
    pghistory.DeleteEvent(),
)
class ApiToken(models.Model):
    """A personal access token. The secret is shown once, when it is created; only its hash is
    kept. A token acts as its owner, limited by its scope: "read" tokens never write."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("ägare")
    )
    name = models.CharField(_("namn"), max_length=100, help_text=_("Vad nyckeln används till, t.ex. regionens system."))
    scope = models.CharField(_("behörighet"), max_length=20, choices=TokenScope.choices, default=TokenScope.READ)
    prefix = models.CharField(_("början av nyckeln"), max_length=16, editable=False)
    key_hash = models.CharField(_("kontrollsumma"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("senast använd"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("återkallad"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("API-nyckel")
        verbose_name_plural = _("API-nycklar")
        constraints = [
            models.CheckConstraint(
                condition=Q(scope__in=TokenScope.values),
                name="%(app_label)s_%(class)s_known_scope",
                violation_error_message=_("Okänd behörighet för nyckeln."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def can_write(self) -> bool:
        return self.scope == TokenScope.READ_WRITE
