"""The workflow log: every transition, append-only (a trigger refuses updates and deletes)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import SecondRoundKind, State
from .publishing import PublishingDate
from .recommendations import Recommendation
from .versions import RecommendationVersion

__all__ = ("TransitionLogBase", "TransitionRecord")


class TransitionLogBase(models.Model):
    """What every append-only log of transitions has (a recommendation's here, a vårdförlopp's
    in svf): the action, the comment, who took it and when. A subclass adds its subject
    (`subject_field` names the foreign key), its version and its from/to states with their choices,
    and whatever its actions record besides."""

    #: The name of the subclass's foreign key to what moved.
    subject_field: str

    action = models.CharField(_("åtgärd"), max_length=40)
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

    class Meta:
        abstract = True
        ordering = ("at", "pk")

    def __str__(self) -> str:
        subject = getattr(self, self.subject_field)
        return f"{subject}: {self.get_from_state_display()} → {self.get_to_state_display()}"

    @classmethod
    def record(cls, subject, version, action, from_state, to_state, by, comment="", **extra):
        """Append one row; `by` is the user to store (None for loaders and tasks)."""
        return cls.objects.create(
            **{cls.subject_field: subject},
            version=version,
            action=action,
            from_state=from_state,
            to_state=to_state,
            by=by,
            comment=comment,
            **extra,
        )


class TransitionRecord(TransitionLogBase):
    """Who moved what from which state to which, when and why. Written only by nkk.services."""

    subject_field = "recommendation"

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
    from_state = models.CharField(_("från"), max_length=20, choices=State.choices)
    to_state = models.CharField(_("till"), max_length=20, choices=State.choices)
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

    class Meta(TransitionLogBase.Meta):
        verbose_name = _("händelse i arbetsflödet")
        verbose_name_plural = _("händelser i arbetsflödet")
