"""The lifecycle log: every transition of a vårdförlopp, append-only (a trigger refuses updates
and deletes)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import PathwayState
from .pathways import CarePathway
from .versions import PathwayVersion

__all__ = ("PathwayTransition",)


class PathwayTransition(models.Model):
    """Who moved a vårdförlopp from which state to which, when and why. Written only by
    svf.services."""

    pathway = models.ForeignKey(
        CarePathway, on_delete=models.PROTECT, related_name="transitions", verbose_name=_("vårdförlopp")
    )
    version = models.ForeignKey(
        PathwayVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transitions",
        verbose_name=_("version"),
    )
    action = models.CharField(_("åtgärd"), max_length=40)
    from_state = models.CharField(_("från"), max_length=20, choices=PathwayState.choices)
    to_state = models.CharField(_("till"), max_length=20, choices=PathwayState.choices)
    comment = models.TextField(_("kommentar"), blank=True)
    decided_on = models.DateField(_("beslutsdatum"), null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("av"),
    )
    at = models.DateTimeField(_("tidpunkt"), auto_now_add=True)

    class Meta:
        ordering = ("at", "pk")
        verbose_name = _("händelse i vårdförloppets livscykel")
        verbose_name_plural = _("händelser i vårdförloppets livscykel")

    def __str__(self) -> str:
        return f"{self.pathway}: {self.get_from_state_display()} → {self.get_to_state_display()}"
