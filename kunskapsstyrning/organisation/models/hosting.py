"""Värdskap: who hosts a group, over time. A change of host ends one row and starts another."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..audit import audited
from ..choices import HostingKind
from .groups import Group
from .people import Organisation
from .periods import PeriodQuerySet, no_overlap, overlapping, period_check, validate_period
from .regions import HealthcareRegion

__all__ = ("Hosting",)


@audited()
class Hosting(models.Model):
    """A sjukvårdsregion or an organisation (SKR) hosting a group, or holding a dormant hosting.

    The host supplies the process leader and development capacity; a dormant host (vilande
    värdskap) stands ready to take over where SKR hosts.
    """

    group = models.ForeignKey(
        Group,
        on_delete=models.PROTECT,
        related_name="hostings",
        verbose_name=_("grupp"),
    )
    kind = models.CharField(_("typ"), max_length=20, choices=HostingKind.choices, default=HostingKind.HOST)
    healthcare_region = models.ForeignKey(
        HealthcareRegion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hostings",
        verbose_name=_("värd (sjukvårdsregion)"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hostings",
        verbose_name=_("värd (organisation)"),
    )
    start_date = models.DateField(_("från"), null=True, blank=True, help_text=_("Lämna tomt om datumet är okänt."))
    end_date = models.DateField(_("till och med"), null=True, blank=True)
    source = models.CharField(_("källa"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registrerat av"),
        help_text=_("Tomt för det som strukturdatan läst in."),
    )
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True, db_index=True)

    objects = PeriodQuerySet.as_manager()

    class Meta:
        ordering = ("group", "kind", "start_date")
        verbose_name = _("värdskap")
        verbose_name_plural = _("värdskap")
        constraints = [
            models.CheckConstraint(
                condition=Q(healthcare_region__isnull=False, organisation__isnull=True)
                | Q(healthcare_region__isnull=True, organisation__isnull=False),
                name="%(app_label)s_%(class)s_exactly_one_host",
                violation_error_message=_("Ange antingen en sjukvårdsregion eller en organisation som värd."),
            ),
            period_check("end_after_start"),
            # One host and one dormant host at a time; the database holds it, not only clean().
            no_overlap(
                "one_per_kind_at_a_time",
                "group",
                "kind",
                message=_("Gruppen har redan ett värdskap av samma typ under samma period. Avsluta det först."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.host} – {self.group}"

    @property
    def host(self) -> HealthcareRegion | Organisation | None:
        return self.healthcare_region or self.organisation

    def clean(self) -> None:
        super().clean()
        validate_period(self.start_date, self.end_date)
        if self.group_id is None:
            return
        clash = (
            Hosting.objects.filter(group_id=self.group_id, kind=self.kind)
            .filter(overlapping(self.start_date, self.end_date))
            .exclude(pk=self.pk)
        )
        if clash.exists():
            # Keyed to "kind" so that the exclusion constraint, which says the same less
            # precisely, is not checked a second time by full_clean().
            raise ValidationError(
                {
                    "kind": _("Gruppen har redan ett %(kind)s under samma period. Avsluta det först.")
                    % {"kind": self.get_kind_display().lower()}
                }
            )
