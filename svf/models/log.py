"""The lifecycle log: every transition of a vårdförlopp, append-only (a trigger refuses updates
and deletes)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from nkk.models.log import TransitionLogBase

from ..choices import PathwayState
from .pathways import CarePathway
from .versions import PathwayVersion

__all__ = ("PathwayTransition",)


class PathwayTransition(TransitionLogBase):
    """Who moved a vårdförlopp from which state to which, when and why. Written only by
    svf.services."""

    subject_field = "pathway"

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
    from_state = models.CharField(_("från"), max_length=20, choices=PathwayState.choices)
    to_state = models.CharField(_("till"), max_length=20, choices=PathwayState.choices)
    decided_on = models.DateField(_("beslutsdatum"), null=True, blank=True)

    class Meta(TransitionLogBase.Meta):
        verbose_name = _("händelse i vårdförloppets livscykel")
        verbose_name_plural = _("händelser i vårdförloppets livscykel")
