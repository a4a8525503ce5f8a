"""A group's activity plan for a year (PlanYear), its initiatives (insatser) and the generated
summary PDFs.

An approved plan is frozen: the services refuse to change it and database triggers (migration
0002) refuse any UPDATE or DELETE of an approved plan and any write to its initiatives or their
co-operating groups, whatever writes them. A later change is a new revision (a new PlanYear with
`revises` pointing at the approved one) that goes through submission and approval again; the
approved revision stays as it was.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kunskapsstyrning.organisation.audit import audited
from kunskapsstyrning.organisation.models import Group

from .choices import FIRST_YEAR, LAST_YEAR, PLANNING_KINDS, InitiativeKind, InitiativeStatus, PdfState, PlanState

__all__ = ("Initiative", "PlanYear", "SummaryPdf")


@audited(exclude_from_update=("version",))
class PlanYear(models.Model):
    """One revision of a group's activity plan (verksamhetsplan) for one year.

    Revision 1 is the first plan; each later revision revises the approved one before it. At most
    one revision of a group's year is open (utkast or inlämnad) at a time.
    """

    group = models.ForeignKey(
        Group,
        on_delete=models.PROTECT,
        related_name="plans",
        verbose_name=_("grupp"),
        limit_choices_to={"kind__in": PLANNING_KINDS},
    )
    year = models.PositiveSmallIntegerField(
        _("år"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    revises = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revisions",
        verbose_name=_("reviderar"),
        help_text=_("Den godkända planen som revisionen ändrar."),
    )
    state = models.CharField(_("status"), max_length=20, choices=PlanState.choices, default=PlanState.DRAFT)
    submitted_at = models.DateTimeField(_("inlämnad"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("inlämnad av"),
    )
    decided_on = models.DateField(_("SKS beslutsdatum"), null=True, blank=True)
    decision_reference = models.CharField(_("beslut (diarienummer eller protokoll)"), max_length=100, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("godkännande registrerat av"),
    )
    change_note = models.TextField(_("vad revisionen ändrar"), blank=True)
    version = models.PositiveIntegerField(
        _("version"),
        default=0,
        editable=False,
        help_text=_("Räknas upp vid varje ändring av planen eller dess insatser; sammanfattningens cache följer den."),
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
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        ordering = ("year", "group__name", "revision")
        verbose_name = _("verksamhetsplan")
        verbose_name_plural = _("verksamhetsplaner")
        constraints = [
            models.UniqueConstraint(
                fields=("group", "year", "revision"),
                name="%(app_label)s_%(class)s_unique_revision",
                violation_error_message=_("Gruppen har redan en plan med samma revision för året."),
            ),
            models.UniqueConstraint(
                fields=("group", "year"),
                condition=~Q(state=PlanState.APPROVED),
                name="%(app_label)s_%(class)s_one_open_revision",
                violation_error_message=_("Gruppen har redan en plan för året som inte är godkänd."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR),
                name="%(app_label)s_%(class)s_year_in_range",
                violation_error_message=_("Ange ett år mellan 2018 och 2100."),
            ),
            models.CheckConstraint(
                condition=~Q(state=PlanState.APPROVED) | Q(decided_on__isnull=False),
                name="%(app_label)s_%(class)s_approved_has_decision_date",
                violation_error_message=_("En godkänd plan måste ha SKS beslutsdatum."),
            ),
            models.CheckConstraint(
                condition=Q(revision=1, revises__isnull=True) | Q(revision__gt=1, revises__isnull=False),
                name="%(app_label)s_%(class)s_revision_revises",
                violation_error_message=_("En revision efter den första måste ange vilken godkänd plan den ändrar."),
            ),
        ]

    def __str__(self) -> str:
        return _("%(group)s %(year)s, revision %(revision)s") % {
            "group": self.group.name if self.group_id else "",
            "year": self.year,
            "revision": self.revision,
        }

    def get_absolute_url(self) -> str:
        return reverse("plans:revision", kwargs={"slug": self.group.slug, "year": self.year, "revision": self.revision})

    @property
    def is_frozen(self) -> bool:
        return self.state == PlanState.APPROVED

    @property
    def is_open(self) -> bool:
        return self.state != PlanState.APPROVED


@audited()
class Initiative(models.Model):
    """An initiative (insats) in a plan: what the group will do that year.

    `continues` is the same initiative in the revision before, so a revision's changes can be
    read initiative by initiative. What it produces is linked: the NKK recommendations and the
    vårdförlopp (svf) it writes or revises, frozen with the plan like the co-operating groups.
    """

    plan = models.ForeignKey(PlanYear, on_delete=models.CASCADE, related_name="initiatives", verbose_name=_("plan"))
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)
    title = models.CharField(_("rubrik"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    kind = models.CharField(_("typ"), max_length=30, choices=InitiativeKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=InitiativeStatus.choices, default=InitiativeStatus.PLANNED
    )
    cooperating_groups = models.ManyToManyField(
        Group,
        blank=True,
        related_name="cooperating_initiatives",
        verbose_name=_("samverkande grupper"),
        limit_choices_to={"kind__in": PLANNING_KINDS},
    )
    recommendations = models.ManyToManyField(
        "nkk.Recommendation",
        blank=True,
        related_name="initiatives",
        verbose_name=_("kunskapsstöd"),
        help_text=_("Rekommendationer som insatsen tar fram eller reviderar."),
    )
    care_pathways = models.ManyToManyField(
        "svf.CarePathway",
        blank=True,
        related_name="initiatives",
        verbose_name=_("vårdförlopp"),
        help_text=_("Vårdförlopp som insatsen tar fram eller reviderar."),
    )
    continues = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="continued_by",
        verbose_name=_("fortsätter"),
        help_text=_("Samma insats i den godkända plan som revisionen ändrar."),
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        ordering = ("plan", "position", "pk")
        verbose_name = _("insats")
        verbose_name_plural = _("insatser")
        indexes = [
            models.Index(fields=("kind", "status"), name="plans_initiative_kind_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class SummaryPdf(models.Model):
    """The summary PDF of a year, generated by a Celery task for one version of the data.

    The row is written (unique year and data version) before the task is queued, so one version
    is generated once however many people ask; the file stays valid until the data changes.
    """

    year = models.PositiveSmallIntegerField(_("år"))
    data_version = models.CharField(_("dataversion"), max_length=64)
    state = models.CharField(_("status"), max_length=10, choices=PdfState.choices, default=PdfState.QUEUED)
    progress = models.PositiveSmallIntegerField(_("förlopp (procent)"), default=0)
    file = models.FileField(_("fil"), upload_to="plans/sammanfattningar/", blank=True)
    error = models.TextField(_("fel"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beställd av"),
    )
    created_at = models.DateTimeField(_("beställd"), auto_now_add=True)
    finished_at = models.DateTimeField(_("klar"), null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("sammanfattning som PDF")
        verbose_name_plural = _("sammanfattningar som PDF")
        constraints = [
            models.UniqueConstraint(
                fields=("year", "data_version"),
                name="%(app_label)s_%(class)s_one_per_version",
                violation_error_message=_("Sammanfattningen för den här versionen av uppgifterna finns redan."),
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100),
                name="%(app_label)s_%(class)s_progress_percent",
                violation_error_message=_("Förloppet anges i procent."),
            ),
        ]

    def __str__(self) -> str:
        return _("Sammanfattning %(year)s (%(state)s)") % {"year": self.year, "state": self.get_state_display()}

    def get_absolute_url(self) -> str:
        return reverse("plans:summary", kwargs={"pk": self.pk})
