"""Sjukvårdsregioner, regions, kommuner and their names over time."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..audit import audited

__all__ = ("HealthcareRegion", "HealthcareRegionName", "Municipality", "Region")


@audited()
class HealthcareRegion(models.Model):
    """A sjukvårdsregion: one of six, each a collaboration of regions (the meso level)."""

    name = models.CharField(_("namn"), max_length=100, unique=True)
    slug = models.SlugField(_("kortnamn i adress"), max_length=100, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("sorteringsordning"), default=0)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True, db_index=True)

    class Meta:
        ordering = ("sort_order", "name")
        verbose_name = _("sjukvårdsregion")
        verbose_name_plural = _("sjukvårdsregioner")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisation:healthcare_region", kwargs={"slug": self.slug})


@audited()
class HealthcareRegionName(models.Model):
    """A former name of a sjukvårdsregion, kept so that old documents still match."""

    healthcare_region = models.ForeignKey(
        HealthcareRegion,
        on_delete=models.PROTECT,
        related_name="former_names",
        verbose_name=_("sjukvårdsregion"),
    )
    name = models.CharField(_("tidigare namn"), max_length=100)
    used_until = models.DateField(_("använt till och med"), null=True, blank=True)
    note = models.CharField(_("anmärkning"), max_length=200, blank=True)

    class Meta:
        ordering = ("healthcare_region", "name")
        verbose_name = _("tidigare namn på sjukvårdsregion")
        verbose_name_plural = _("tidigare namn på sjukvårdsregioner")
        constraints = [
            models.UniqueConstraint(
                fields=("healthcare_region", "name"),
                name="%(app_label)s_%(class)s_unique_name",
                violation_error_message=_("Namnet finns redan i sjukvårdsregionens namnhistorik."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


@audited()
class Region(models.Model):
    """One of the 21 regions (formerly landsting): the principal that provides care."""

    name = models.CharField(_("namn"), max_length=100, unique=True)
    slug = models.SlugField(_("kortnamn i adress"), max_length=100, unique=True)
    healthcare_region = models.ForeignKey(
        HealthcareRegion,
        on_delete=models.PROTECT,
        related_name="regions",
        verbose_name=_("sjukvårdsregion"),
    )
    note = models.CharField(_("anmärkning"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True, db_index=True)

    class Meta:
        ordering = ("name",)
        verbose_name = _("region")
        verbose_name_plural = _("regioner")

    def __str__(self) -> str:
        return self.name


@audited()
class Municipality(models.Model):
    """A kommun, recorded where a kommunrepresentant or a local group needs one."""

    name = models.CharField(_("namn"), max_length=100)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="municipalities",
        verbose_name=_("region"),
    )

    class Meta:
        ordering = ("name",)
        verbose_name = _("kommun")
        verbose_name_plural = _("kommuner")
        constraints = [
            models.UniqueConstraint(
                fields=("name",),
                name="%(app_label)s_%(class)s_unique_name",
                violation_error_message=_("Det finns redan en kommun med det namnet."),
            ),
        ]

    def __str__(self) -> str:
        return self.name
