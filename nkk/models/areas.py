"""Ämnesområden: a subject area is the responsibility of one sjukvårdsregion and steered by an NPO."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kunskapsstyrning.organisation.audit import audited
from kunskapsstyrning.organisation.choices import GroupKind
from kunskapsstyrning.organisation.models import Group, HealthcareRegion

__all__ = ("SubjectArea",)


@audited()
class SubjectArea(models.Model):
    """An ämnesområde of NKK (e.g. "Barn och ungdomar"), with its responsible sjukvårdsregion and
    steering NPO. How often its recommendations are revised is data, not code."""

    name = models.CharField(_("namn"), max_length=200, unique=True)
    slug = models.SlugField(_("kortnamn i adress"), max_length=120, unique=True)
    healthcare_region = models.ForeignKey(
        HealthcareRegion,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ansvarig sjukvårdsregion"),
    )
    steering_npo = models.ForeignKey(
        Group,
        on_delete=models.PROTECT,
        limit_choices_to={"kind": GroupKind.NPO},
        related_name="steered_subject_areas",
        verbose_name=_("styrande NPO"),
    )
    revision_interval_months = models.PositiveSmallIntegerField(
        _("revideringsintervall (månader)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("Hur långt fram revideringsdatumet flyttas när ett kunskapsstöd granskats eller publicerats."),
    )
    description = models.TextField(_("beskrivning"), blank=True)

    class Meta:
        ordering = ("name",)
        verbose_name = _("ämnesområde")
        verbose_name_plural = _("ämnesområden")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("nkk:list") + f"?omrade={self.slug}"
