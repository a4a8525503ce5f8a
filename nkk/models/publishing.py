"""Publishing dates (publiceringstillfällen): the fixed days on which approved revisions go out."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kunskapsstyrning.organisation.audit import audited

from ..choices import PublishingDateStatus

__all__ = ("PublishingDate",)


@audited()
class PublishingDate(models.Model):
    """A publishing date kept by the support function. Everything planned for it is published in
    one transaction (services.publishing_date_publish); the row is the lock two workers queue on."""

    date = models.DateField(_("datum"), unique=True)
    note = models.CharField(_("anmärkning"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=PublishingDateStatus.choices, default=PublishingDateStatus.OPEN
    )
    published_at = models.DateTimeField(_("publicerades"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("publicerad av"),
        help_text=_("Tomt när den schemalagda körningen publicerade."),
    )
    failure_reason = models.TextField(_("skäl till att publiceringen misslyckades"), blank=True)
    attempted_at = models.DateTimeField(_("senaste försök"), null=True, blank=True)

    class Meta:
        ordering = ("date",)
        verbose_name = _("publiceringstillfälle")
        verbose_name_plural = _("publiceringstillfällen")

    def __str__(self) -> str:
        return self.date.isoformat()
