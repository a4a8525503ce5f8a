"""Private calendar feeds: a secret URL per person, revocable, for mandate ends and deadlines."""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from kunskapsstyrning.organisation.audit import audited
from kunskapsstyrning.organisation.models import Person


def new_token() -> str:
    return secrets.token_urlsafe(32)


@audited()
class CalendarFeed(models.Model):
    """A person's iCal feed. Revoking sets revoked_at; a new feed gets a new token, so an old,
    leaked URL stops working at once."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="calendar_feeds", verbose_name=_("person")
    )
    token = models.CharField(_("hemlig nyckel"), max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("återkallad"), null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("kalenderflöde")
        verbose_name_plural = _("kalenderflöden")
        constraints = [
            models.UniqueConstraint(
                fields=("person",),
                condition=models.Q(revoked_at__isnull=True),
                name="%(app_label)s_%(class)s_one_active_per_person",
                violation_error_message=_("Personen har redan ett aktivt kalenderflöde."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({'återkallad' if self.revoked_at else 'aktiv'})"
