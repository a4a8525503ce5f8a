"""Versions of a vårdförlopp and their content in structure: the flow as ordered, lettered steps
(each with the care system's and the patient's own actions: the åtgärdstabell) and the named
sections (omfattning, ingång och utgång, patientkontrakt, konsekvensbeskrivning).

Only a draft (`utkast`) changes. A version sent on remiss, decided by SKS or published is frozen,
and the database holds it (migration 0003_frozen_versions): such a row cannot be updated (beyond
beslutad → publicerad) or deleted, and its steps and sections cannot be added, changed or
removed, whatever writes them (a service, the admin, a shell)."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kunskapsstyrning.organisation.audit import audited
from nkk.models.versions import SectionBase, VersionBase, version_constraints

from ..choices import SectionKind, VersionStatus
from .pathways import CarePathway

__all__ = ("FlowStep", "PathwaySection", "PathwayVersion", "VERSION_IS_FROZEN")

#: The message of the freezing triggers; services map the trigger's constraint name to it.
VERSION_IS_FROZEN = _("Versionen är skickad på remiss, beslutad eller publicerad och kan inte ändras.")
TRIGGERS = {"svf_version_is_frozen": VERSION_IS_FROZEN}


@audited()
class PathwayVersion(VersionBase):
    """Version `number` of a vårdförlopp. A published one is reached at
    /vardforlopp/<slug>/version/<number>/ and never changes; a revision is a new row."""

    pathway = models.ForeignKey(
        CarePathway, on_delete=models.PROTECT, related_name="versions", verbose_name=_("vårdförlopp")
    )
    title = models.CharField(_("namn i versionen"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT, db_index=True
    )
    decided_on = models.DateField(_("beslutad av SKS"), null=True, blank=True)

    state_field = "status"

    class Meta:
        ordering = ("pathway", "number")
        verbose_name = _("version av vårdförlopp")
        verbose_name_plural = _("versioner av vårdförlopp")
        constraints = [
            *version_constraints(
                "pathway",
                state_field="status",
                open_states=["utkast", "beslutad"],
                number_taken=_("Vårdförloppet har redan en version med det numret."),
                open_taken=_("Vårdförloppet har redan en version under arbete."),
            ),
            models.CheckConstraint(
                condition=~Q(status="publicerad") | Q(published_at__isnull=False, decided_on__isnull=False),
                name="%(app_label)s_%(class)s_published_is_decided",
                violation_error_message=_("En publicerad version ska ha beslutsdatum och publiceringstid."),
            ),
            models.CheckConstraint(
                condition=~Q(status="beslutad") | Q(decided_on__isnull=False),
                name="%(app_label)s_%(class)s_decided_has_date",
                violation_error_message=_("En beslutad version ska ha SKS beslutsdatum."),
            ),
        ]

    def __str__(self) -> str:
        return _("%(title)s, version %(number)s") % {"title": self.title, "number": self.number}

    def get_absolute_url(self) -> str:
        return reverse("svf:version", kwargs={"slug": self.pathway.slug, "number": self.number})

    @property
    def is_frozen(self) -> bool:
        return self.status != VersionStatus.DRAFT


@audited()
class FlowStep(models.Model):
    """One lettered step of the flödesschema (A, B, C …) with its row of the åtgärdstabell: what
    the care system does and what the patient does. Markdown is kept; the HTML beside it is
    rendered and sanitised on save (nkk.content)."""

    version = models.ForeignKey(
        PathwayVersion, on_delete=models.CASCADE, related_name="steps", verbose_name=_("version")
    )
    position = models.PositiveSmallIntegerField(_("ordning"))
    letter = models.CharField(_("bokstav"), max_length=3)
    title = models.CharField(_("steg"), max_length=200)
    care_actions_markdown = models.TextField(_("hälso- och sjukvårdens åtgärder (Markdown)"), blank=True)
    care_actions_html = models.TextField(_("hälso- och sjukvårdens åtgärder (HTML)"), editable=False, blank=True)
    patient_actions_markdown = models.TextField(_("patientens åtgärder (Markdown)"), blank=True)
    patient_actions_html = models.TextField(_("patientens åtgärder (HTML)"), editable=False, blank=True)

    class Meta:
        ordering = ("version", "position")
        verbose_name = _("steg i flödet")
        verbose_name_plural = _("steg i flödet")
        constraints = [
            models.UniqueConstraint(
                fields=("version", "position"),
                name="%(app_label)s_%(class)s_unique_position",
                violation_error_message=_("Versionen har redan ett steg på den platsen."),
            ),
            models.UniqueConstraint(
                fields=("version", "letter"),
                name="%(app_label)s_%(class)s_unique_letter",
                violation_error_message=_("Versionen har redan ett steg med den bokstaven."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.letter}. {self.title}"


@audited()
class PathwaySection(SectionBase):
    """One named section of a vårdförlopp's version (omfattning, ingång och utgång …)."""

    version = models.ForeignKey(
        PathwayVersion, on_delete=models.CASCADE, related_name="sections", verbose_name=_("version")
    )
    kind = models.CharField(_("avsnitt"), max_length=30, choices=SectionKind.choices)
