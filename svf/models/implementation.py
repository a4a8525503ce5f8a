"""A region's introduction (införande) of a vårdförlopp: the decision, the stages with their dates,
the responsible LPO or LAG, the twice-yearly reports and the gap analysis's activities."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kunskapsstyrning.organisation.audit import audited
from kunskapsstyrning.organisation.choices import GroupKind
from kunskapsstyrning.organisation.models import Group, Region

from ..follow_up_choices import ActivityStatus, ReportKind, Stage
from .indicators import MAX_YEAR, MIN_YEAR
from .pathways import CarePathway

__all__ = ("GapActivity", "Implementation", "ImplementationReport")


@audited()
class Implementation(models.Model):
    """One region's introduction of one vårdförlopp: one row per (pathway, region), created when the
    region first records something. `stage` follows from the dates (services.implementation_update)."""

    pathway = models.ForeignKey(
        CarePathway, on_delete=models.CASCADE, related_name="implementations", verbose_name=_("vårdförlopp")
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="pathway_implementations", verbose_name=_("region")
    )
    responsible_group = models.ForeignKey(
        Group,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        limit_choices_to={"kind__in": (GroupKind.LPO, GroupKind.LAG)},
        related_name="pathway_implementations",
        verbose_name=_("ansvarigt LPO eller LAG"),
    )
    stage = models.CharField(
        _("läge"), max_length=20, choices=Stage.choices, default=Stage.NOT_DECIDED, db_index=True, editable=False
    )
    declined = models.BooleanField(
        _("regionen avstår"), default=False, help_text=_("Regionen har beslutat att inte införa vårdförloppet.")
    )
    decided_on = models.DateField(_("beslut om införande"), null=True, blank=True)
    gap_analysis_on = models.DateField(_("gapanalys påbörjad"), null=True, blank=True)
    action_plan_on = models.DateField(_("handlingsplan fastställd"), null=True, blank=True)
    introduced_on = models.DateField(_("införande påbörjat"), null=True, blank=True)
    follow_up_on = models.DateField(_("uppföljning påbörjad"), null=True, blank=True)
    note = models.TextField(_("kommentar"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ändrad av"),
    )
    is_demo = models.BooleanField(_("demodata"), default=False)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True, db_index=True)

    class Meta:
        ordering = ("pathway", "region")
        verbose_name = _("införande i region")
        verbose_name_plural = _("införanden i regioner")
        constraints = [
            models.UniqueConstraint(
                fields=("pathway", "region"),
                name="%(app_label)s_%(class)s_one_per_region",
                violation_error_message=_("Regionen har redan ett införande av vårdförloppet."),
            ),
            models.CheckConstraint(
                condition=models.Q(declined=False) | models.Q(decided_on__isnull=True),
                name="%(app_label)s_%(class)s_declined_or_decided",
                violation_error_message=_("En region som avstår kan inte ha ett beslut om införande."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pathway} – {self.region}"

    def get_absolute_url(self) -> str:
        return reverse("svf_follow_up:implementation", kwargs={"slug": self.pathway.slug, "region": self.region.slug})


@audited()
class ImplementationReport(models.Model):
    """A region's report for one period: the progress report (by 30 September) or the yearly report
    (by 31 March, about the year before). One per kind and year; each kept as it was submitted,
    with the stage the introduction was in then."""

    implementation = models.ForeignKey(
        Implementation, on_delete=models.CASCADE, related_name="reports", verbose_name=_("införande")
    )
    kind = models.CharField(_("rapport"), max_length=20, choices=ReportKind.choices)
    year = models.PositiveSmallIntegerField(_("år"), help_text=_("Året då rapporten ska vara inne."))
    stage = models.CharField(_("läge vid rapporten"), max_length=20, choices=Stage.choices)
    summary = models.TextField(_("sammanfattning"))
    submitted_on = models.DateField(_("inlämnad"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("inlämnad av"),
    )
    is_demo = models.BooleanField(_("demodata"), default=False)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True, db_index=True)

    class Meta:
        ordering = ("implementation", "-year", "kind")
        verbose_name = _("införanderapport")
        verbose_name_plural = _("införanderapporter")
        constraints = [
            models.UniqueConstraint(
                fields=("implementation", "kind", "year"),
                name="%(app_label)s_%(class)s_one_per_period",
                violation_error_message=_("Regionen har redan lämnat den rapporten för perioden."),
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=MIN_YEAR, year__lte=MAX_YEAR),
                name="%(app_label)s_%(class)s_year_in_range",
                violation_error_message=_("Året måste vara mellan 2015 och 2100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.implementation} {self.get_kind_display()} {self.year}"


@audited()
class GapActivity(models.Model):
    """One activity of a region's gap analysis: what is to be done, who owns it, its status and due date."""

    implementation = models.ForeignKey(
        Implementation, on_delete=models.CASCADE, related_name="activities", verbose_name=_("införande")
    )
    title = models.CharField(_("aktivitet"), max_length=300)
    owner = models.CharField(_("ansvarig"), max_length=200, help_text=_("Verksamhet, funktion eller person."))
    status = models.CharField(
        _("status"), max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.NOT_STARTED
    )
    due_on = models.DateField(_("klart senast"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)
    is_demo = models.BooleanField(_("demodata"), default=False)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True, db_index=True)

    class Meta:
        ordering = ("implementation", "position", "pk")
        verbose_name = _("aktivitet i gapanalys")
        verbose_name_plural = _("aktiviteter i gapanalys")

    def __str__(self) -> str:
        return self.title
