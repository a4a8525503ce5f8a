"""The roster's history: who changed what, when, with the state before and after."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .groups import Group
from .memberships import Membership

__all__ = ("RosterChange",)


class RosterChange(models.Model):
    """One change to a group's roster. Written by the roster services in the same transaction
    as the change itself, so history and roster can never disagree."""

    class Action(models.TextChoices):
        ADDED = "added", _("Lade till")
        ENDED = "ended", _("Avslutade")
        REPLACED = "replaced", _("Ersatte")
        CHANGED = "changed", _("Ändrade")
        IMPORTED = "imported", _("Importerade")
        #: Not a change of the roster: a reminder someone asked for from the roster editor. Kept in
        #: the roster's history at the version it was asked at (the version is not bumped).
        REMINDED = "reminded", _("Påminnelse begärd")

    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="roster_changes", verbose_name=_("grupp"))
    version = models.PositiveIntegerField(_("version"), help_text=_("Ledamotslistans version efter ändringen."))
    action = models.CharField(_("åtgärd"), max_length=20, choices=Action.choices)
    membership = models.ForeignKey(
        Membership,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="changes",
        verbose_name=_("uppdrag"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ändrad av"),
    )
    at = models.DateTimeField(_("tidpunkt"), auto_now_add=True, db_index=True)
    summary = models.CharField(_("sammanfattning"), max_length=500)
    before = models.JSONField(_("före"), null=True, blank=True)
    after = models.JSONField(_("efter"), null=True, blank=True)

    class Meta:
        ordering = ("-at", "-pk")
        verbose_name = _("ändring i ledamotslista")
        verbose_name_plural = _("ändringar i ledamotslistor")
        indexes = [models.Index(fields=("group", "version"), name="org_rosterchange_version_idx")]

    def __str__(self) -> str:
        return self.summary
