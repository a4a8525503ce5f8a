"""Dated rosters taken from a source document, kept apart from live memberships.

A source such as the 2019 presentation tells who held a role at one point in time, not the
mandate period; recording it as a membership would invent dates. A snapshot says exactly what
the source says.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..audit import audited
from ..choices import Role
from .groups import Group
from .people import Person

__all__ = ("RosterSnapshot", "RosterSnapshotEntry")


@audited()
class RosterSnapshot(models.Model):
    """A group's roster as a named source gives it at one date or year."""

    group = models.ForeignKey(
        Group,
        on_delete=models.PROTECT,
        related_name="snapshots",
        verbose_name=_("grupp"),
    )
    source = models.CharField(_("källa"), max_length=200)
    year = models.PositiveSmallIntegerField(_("år"))
    note = models.CharField(_("anmärkning"), max_length=300, blank=True)

    class Meta:
        ordering = ("group", "-year")
        verbose_name = _("historisk förteckning")
        verbose_name_plural = _("historiska förteckningar")
        constraints = [
            models.UniqueConstraint(
                fields=("group", "source"),
                name="%(app_label)s_%(class)s_unique_source",
                violation_error_message=_("Gruppen har redan en förteckning från den källan."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group} ({self.year}, {self.source})"


@audited()
class RosterSnapshotEntry(models.Model):
    """One named person and role in a historical roster."""

    snapshot = models.ForeignKey(
        RosterSnapshot,
        on_delete=models.CASCADE,
        related_name="entries",
        verbose_name=_("förteckning"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="snapshot_entries",
        verbose_name=_("person"),
    )
    role = models.CharField(_("roll"), max_length=30, choices=Role.choices)
    note = models.CharField(_("anmärkning"), max_length=300, blank=True)

    class Meta:
        ordering = ("snapshot", "role")
        verbose_name = _("post i historisk förteckning")
        verbose_name_plural = _("poster i historisk förteckning")

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()}"
