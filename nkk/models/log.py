"""The workflow log: every transition, append-only (a trigger refuses updates and deletes)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import SecondRoundKind, State
from .publishing import PublishingDate
from .recommendations import Recommendation
from .versions import RecommendationVersion

__all__ = ("TransitionRecord",)


class TransitionRecord(models.Model):
    """Who moved what from which state to which, when and why. Written only by nkk.services."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="transitions", verbose_name=_("kunskapsstöd")
    )
    version = models.ForeignKey(
        RecommendationVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transitions",
        verbose_name=_("version"),
    )
    action = models.CharField(_("åtgärd"), max_length=40)
    from_state = models.CharField(_("från"), max_length=20, choices=State.choices)
    to_state = models.CharField(_("till"), max_length=20, choices=State.choices)
    comment = models.TextField(_("kommentar"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("av"),
    )
    at = models.DateTimeField(_("tidpunkt"), auto_now_add=True)
    publishing_date = models.ForeignKey(
        PublishingDate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("publiceringstillfälle"),
    )
    second_round_kind = models.CharField(
        _("granskningsrunda 2"), max_length=30, choices=SecondRoundKind.choices, blank=True
    )

    class Meta:
        ordering = ("at", "pk")
        verbose_name = _("händelse i arbetsflödet")
        verbose_name_plural = _("händelser i arbetsflödet")

    def __str__(self) -> str:
        return f"{self.recommendation}: {self.get_from_state_display()} → {self.get_to_state_display()}"
