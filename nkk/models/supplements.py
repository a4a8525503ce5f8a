"""Regionala tillägg: a region's own text to a national recommendation, per section.

A supplement belongs to the recommendation, not to a version: it survives a new version and is
shown with whichever version is current (the published recommendation page and its PDF). The
national text says what is agreed nationally; the region says how it is done there (level of
care, referral routines, its drug list). Each supplement records the version number that was
current when it was last saved, so the page can say that the national text has been revised
since, and the region's editors know to read their text again.

One supplement per (recommendation, region, section); only the sections where a region has
something of its own to say take one (SUPPLEMENT_SECTIONS). The Markdown source is kept and the
HTML beside it is rendered and sanitised on save (nkk.content), like the sections' texts.
Writes go through nkk.supplement_services; every change is in the pghistory event table.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kunskapsstyrning.organisation.audit import audited
from kunskapsstyrning.organisation.models import Region

from ..choices import SectionKind
from .recommendations import Recommendation

__all__ = ("RegionalSupplement", "SUPPLEMENT_SECTIONS")

#: The sections a region may add its own text to, in page order: level of care and referral
#: routines, the region's own tests and assessment routines, drug choice (its list) under
#: treatment, and follow-up. What the condition is stays national.
SUPPLEMENT_SECTIONS = (
    SectionKind.CARE_LEVEL,
    SectionKind.ASSESSMENT,
    SectionKind.TREATMENT,
    SectionKind.FOLLOW_UP,
)

#: The longest supplement text, in characters of Markdown.
MAX_SUPPLEMENT_LENGTH = 20_000


class RegionalSupplementQuerySet(models.QuerySet):
    def for_region(self, recommendation, region):
        return self.filter(recommendation=recommendation, region=region)


@audited()
class RegionalSupplement(models.Model):
    """A region's text under one section of a recommendation (Regionalt tillägg – Region X)."""

    recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.PROTECT,
        related_name="regional_supplements",
        verbose_name=_("kunskapsstöd"),
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="nkk_supplements", verbose_name=_("region")
    )
    section = models.CharField(
        _("avsnitt"), max_length=30, choices=[(kind.value, kind.label) for kind in SUPPLEMENT_SECTIONS]
    )
    body_markdown = models.TextField(_("text (Markdown)"))
    body_html = models.TextField(_("text (HTML)"), editable=False)
    version_number = models.PositiveIntegerField(
        _("skriven till version"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Den gällande versionen av kunskapsstödet när tillägget senast sparades."),
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("senast ändrad"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("senast ändrad av"),
    )

    objects = RegionalSupplementQuerySet.as_manager()

    class Meta:
        ordering = ("recommendation", "region__name", "section")
        verbose_name = _("regionalt tillägg")
        verbose_name_plural = _("regionala tillägg")
        constraints = [
            models.UniqueConstraint(
                fields=("recommendation", "region", "section"),
                name="%(app_label)s_%(class)s_unique_section",
                violation_error_message=_("Regionen har redan ett tillägg till det avsnittet."),
            ),
            models.CheckConstraint(
                condition=Q(section__in=[kind.value for kind in SUPPLEMENT_SECTIONS]),
                name="%(app_label)s_%(class)s_section_takes_supplements",
                violation_error_message=_("Avsnittet kan inte ha regionala tillägg."),
            ),
            models.CheckConstraint(
                condition=~Q(body_markdown=""),
                name="%(app_label)s_%(class)s_not_empty",
                violation_error_message=_("Ett regionalt tillägg måste ha en text."),
            ),
        ]

    def __str__(self) -> str:
        return _("%(region)s: %(section)s i ”%(title)s”") % {
            "region": self.region,
            "section": self.get_section_display(),
            "title": self.recommendation,
        }
