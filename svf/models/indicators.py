"""A vårdförlopp's indicators (process and outcome, with a målnivå) and the values regions report."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kunskapsstyrning.organisation.audit import audited
from kunskapsstyrning.organisation.models import Region

from ..follow_up_choices import IndicatorKind, TargetDirection
from .pathways import CarePathway

__all__ = ("Indicator", "IndicatorValue")

MIN_YEAR, MAX_YEAR = 2015, 2100


@audited()
class Indicator(models.Model):
    """An indicator of one vårdförlopp, followed at unit, region and national level. The målnivå
    (target) is what the pathway's working group set; `direction` says which side of it is good."""

    pathway = models.ForeignKey(
        CarePathway, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("vårdförlopp")
    )
    code = models.SlugField(_("kod"), max_length=40, help_text=_("Kort kod som används i CSV-filer, t.ex. pal-1."))
    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("typ"), max_length=20, choices=IndicatorKind.choices)
    definition = models.TextField(_("definition"))
    unit = models.CharField(_("enhet"), max_length=40, help_text=_("T.ex. procent, dagar, antal per 100 000."))
    target = models.DecimalField(_("målnivå"), max_digits=12, decimal_places=2, null=True, blank=True)
    direction = models.CharField(
        _("målnivåns riktning"), max_length=10, choices=TargetDirection.choices, default=TargetDirection.AT_LEAST
    )
    sort_order = models.PositiveSmallIntegerField(_("sorteringsordning"), default=0)
    is_demo = models.BooleanField(_("demodata"), default=False)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True, db_index=True)

    class Meta:
        ordering = ("pathway", "sort_order", "code")
        verbose_name = _("indikator")
        verbose_name_plural = _("indikatorer")
        constraints = [
            models.UniqueConstraint(
                fields=("pathway", "code"),
                name="%(app_label)s_%(class)s_unique_code",
                violation_error_message=_("Vårdförloppet har redan en indikator med den koden."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def meets_target(self, value) -> bool | None:
        if self.target is None or value is None:
            return None
        return value >= self.target if self.direction == TargetDirection.AT_LEAST else value <= self.target


@audited()
class IndicatorValue(models.Model):
    """One region's value of one indicator for one year, reported in a form or by CSV import.
    Reporting again for the same year replaces the value (the history keeps the old one)."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values", verbose_name=_("indikator")
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="indicator_values", verbose_name=_("region")
    )
    year = models.PositiveSmallIntegerField(
        _("år"), validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]
    )
    value = models.DecimalField(_("värde"), max_digits=12, decimal_places=2)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rapporterad av"),
    )
    is_demo = models.BooleanField(_("demodata"), default=False)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True, db_index=True)

    class Meta:
        ordering = ("indicator", "year", "region")
        verbose_name = _("indikatorvärde")
        verbose_name_plural = _("indikatorvärden")
        constraints = [
            models.UniqueConstraint(
                fields=("indicator", "region", "year"),
                name="%(app_label)s_%(class)s_one_per_region_and_year",
                violation_error_message=_("Regionen har redan ett värde för indikatorn det året."),
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=MIN_YEAR, year__lte=MAX_YEAR),
                name="%(app_label)s_%(class)s_year_in_range",
                violation_error_message=_("Året måste vara mellan 2015 och 2100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.region} {self.year}: {self.value}"
