"""Revision campaigns (revideringskampanjer): the support function sets a deadline by which the
recommendations in scope are to be revised ("377 kunskapsstöd, 295 kvar att revidera").

A recommendation counts as revised within a campaign when a version of it was published, or a
"granskad, ingen ändring" was confirmed, on or after the campaign's first day. Both services keep
that on the recommendation itself (`last_published_on`, `last_reviewed_on`), so progress is two
date comparisons in one aggregate query, not a walk through the transition log.
"""

import datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kunskapsstyrning.organisation.audit import audited

from ..choices import TargetPopulation
from .areas import SubjectArea

__all__ = ("Campaign", "CampaignSubjectArea")


@audited()
class Campaign(models.Model):
    """A revision campaign: from `starts_on` to `deadline`, every active published recommendation
    is in scope, narrowed to the chosen ämnesområden and/or target populations if any are chosen."""

    name = models.CharField(_("namn"), max_length=200, unique=True)
    description = models.TextField(
        _("beskrivning"), blank=True, help_text=_("Visas på den öppna sidan med kampanjens läge.")
    )
    starts_on = models.DateField(_("startar"))
    deadline = models.DateField(_("revideras senast"))
    subject_areas = models.ManyToManyField(
        SubjectArea,
        through="CampaignSubjectArea",
        blank=True,
        related_name="campaigns",
        verbose_name=_("ämnesområden"),
        help_text=_("Tomt: alla ämnesområden."),
    )
    target_populations = ArrayField(
        models.CharField(max_length=20, choices=TargetPopulation.choices),
        verbose_name=_("målgrupper"),
        default=list,
        blank=True,
        help_text=_("Tomt: alla målgrupper. Annars de kunskapsstöd som gäller någon av de valda."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("skapad av"),
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("senast ändrad"), auto_now=True)

    class Meta:
        ordering = ("-deadline", "name")
        verbose_name = _("revideringskampanj")
        verbose_name_plural = _("revideringskampanjer")
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gt=F("starts_on")),
                name="%(app_label)s_%(class)s_deadline_after_start",
                violation_error_message=_("Sista dagen för revidering ska komma efter kampanjens start."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("nkk:campaign", kwargs={"pk": self.pk})

    def is_over(self, on: datetime.date) -> bool:
        """After the deadline: what remains is overdue (the deadline day itself still counts)."""
        return on > self.deadline

    def revised_q(self) -> Q:
        """A recommendation revised within the campaign: published or confirmed unchanged since its start."""
        return Q(last_published_on__gte=self.starts_on) | Q(last_reviewed_on__gte=self.starts_on)

    def is_revised(self, last_published_on, last_reviewed_on) -> bool:
        """The same as revised_q(), for a row already read."""
        return any(day is not None and day >= self.starts_on for day in (last_published_on, last_reviewed_on))

    def covers(self, subject_area_id: int, target_populations, area_ids: set[int]) -> bool:
        """Whether a recommendation with this ämnesområde and these target populations is in scope
        (`area_ids` are the campaign's chosen ämnesområden, read by the caller)."""
        if area_ids and subject_area_id not in area_ids:
            return False
        return not self.target_populations or bool(set(self.target_populations) & set(target_populations or ()))


@audited()
class CampaignSubjectArea(models.Model):
    """One ämnesområde a campaign is narrowed to (its own row, so the narrowing keeps history)."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="area_links", verbose_name=_("revideringskampanj")
    )
    subject_area = models.ForeignKey(
        SubjectArea, on_delete=models.PROTECT, related_name="+", verbose_name=_("ämnesområde")
    )

    class Meta:
        ordering = ("campaign", "subject_area")
        verbose_name = _("ämnesområde i kampanj")
        verbose_name_plural = _("ämnesområden i kampanj")
        constraints = [
            models.UniqueConstraint(
                fields=("campaign", "subject_area"),
                name="%(app_label)s_%(class)s_unique",
                violation_error_message=_("Ämnesområdet är redan valt för kampanjen."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign}: {self.subject_area}"
