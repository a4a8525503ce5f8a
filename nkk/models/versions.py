"""Versions of a recommendation: drafts move through the workflow; a published one never changes.

The database holds the immutability (migration 0002_invariants): a version row whose state is
`publicerad` cannot be updated or deleted, and its sections and merge rows cannot be added,
changed or removed, whatever writes them (a service, the admin, a shell)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kunskapsstyrning.organisation.audit import audited

from ..choices import OPEN_STATES, ChangeKind, SecondRoundKind, SectionKind, State
from .publishing import PublishingDate
from .recommendations import Recommendation

__all__ = (
    "RecommendationSection",
    "RecommendationVersion",
    "SectionBase",
    "VersionBase",
    "VersionReplacement",
    "PUBLISHED_IS_FINAL",
)

#: The message of the immutability triggers; services map the trigger's constraint name to it.
PUBLISHED_IS_FINAL = _("En publicerad version kan inte ändras. Öppna en ny version i stället.")
TRIGGERS = {
    "nkk_published_version_is_final": PUBLISHED_IS_FINAL,
    "nkk_version_state_transition": _("Övergången finns inte i arbetsflödet."),
}


class VersionBase(models.Model):
    """What every numbered version of published content has (a recommendation's here, a
    vårdförlopp's in svf): its number under its parent, change note, publishing time and who
    created it when. A subclass names its parent foreign key, its title and its state field, and
    takes its two uniqueness rules from version_constraints()."""

    number = models.PositiveIntegerField(_("versionsnummer"))
    change_note = models.TextField(_("ändringsbeskrivning"), blank=True)
    published_at = models.DateTimeField(_("publicerad"), null=True, blank=True)
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

    #: The name of the subclass's state field (a choices field).
    state_field = "state"

    class Meta:
        abstract = True

    @property
    def state_label(self) -> str:
        """The version's state as shown (the display value of its state field, whatever its name)."""
        return getattr(self, f"get_{self.state_field}_display")()


def version_constraints(parent: str, *, state_field: str, open_states, number_taken, open_taken) -> list:
    """A parent's version numbers are unique, and it has at most one version under work (in one of
    `open_states`): the two rules every VersionBase subclass declares, with its own messages."""
    return [
        models.UniqueConstraint(
            fields=(parent, "number"),
            name="%(app_label)s_%(class)s_unique_number",
            violation_error_message=number_taken,
        ),
        models.UniqueConstraint(
            fields=(parent,),
            condition=Q(**{f"{state_field}__in": open_states}),
            name="%(app_label)s_%(class)s_one_open_version",
            violation_error_message=open_taken,
        ),
    ]


@audited()
class RecommendationVersion(VersionBase):
    """Version `number` of a recommendation: its title, change note and sections, and where it
    stands in the workflow. Reached at /kunskapsstod/<slug>/version/<number>/ once published."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="versions", verbose_name=_("kunskapsstöd")
    )
    title = models.CharField(_("titel"), max_length=300)
    state = models.CharField(_("läge"), max_length=20, choices=State.choices, default=State.DRAFT, db_index=True)
    change_kind = models.CharField(_("typ av ändring"), max_length=30, choices=ChangeKind.choices)
    change_subject = models.CharField(
        _("förtydligande av"),
        max_length=300,
        blank=True,
        help_text=_("Vid förtydligande: vad som förtydligas, t.ex. ”syrgasbehandling”."),
    )
    change_heading = models.CharField(
        _("under rubriken"),
        max_length=300,
        blank=True,
        help_text=_("Vid förtydligande: rubriken där ändringen finns."),
    )
    replaced_titles = models.CharField(
        _("ersatta titlar"),
        max_length=1000,
        blank=True,
        editable=False,
        help_text=_("Skrivs vid publiceringen: den tidigare titeln eller de sammanslagna titlarna."),
    )
    second_round_kind = models.CharField(
        _("granskningsrunda 2"), max_length=30, choices=SecondRoundKind.choices, blank=True
    )
    publishing_date = models.ForeignKey(
        PublishingDate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="versions",
        verbose_name=_("publiceringstillfälle"),
    )

    class Meta:
        ordering = ("recommendation", "number")
        verbose_name = _("version")
        verbose_name_plural = _("versioner")
        constraints = [
            *version_constraints(
                "recommendation",
                state_field="state",
                open_states=OPEN_STATES,
                number_taken=_("Kunskapsstödet har redan en version med det numret."),
                open_taken=_("Kunskapsstödet har redan en version under arbete."),
            ),
            models.CheckConstraint(
                condition=~Q(state=State.PUBLISHED) | Q(published_at__isnull=False),
                name="%(app_label)s_%(class)s_published_has_time",
                violation_error_message=_("En publicerad version ska ha en publiceringstid."),
            ),
            models.CheckConstraint(
                condition=~Q(state=State.PLANNED) | Q(publishing_date__isnull=False),
                name="%(app_label)s_%(class)s_planned_has_date",
                violation_error_message=_("En planerad version ska ha ett publiceringstillfälle."),
            ),
            models.CheckConstraint(
                condition=~Q(state__in=[State.REVIEW_2]) | ~Q(second_round_kind=""),
                name="%(app_label)s_%(class)s_second_round_has_kind",
                violation_error_message=_("Ange om granskningsrunda 2 är remiss eller synpunktsinhämtning."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.number})"

    def get_absolute_url(self) -> str:
        return reverse("nkk:version", kwargs={"slug": self.recommendation.slug, "number": self.number})

    @property
    def is_published(self) -> bool:
        return self.state == State.PUBLISHED

    @property
    def change_tag(self) -> str:
        """The change note as the newsletter writes it after a title: "(ny)", "(tidigare titel
        ”…”)", "(förtydligande av … under rubriken ”…”)", "(tidigare titlar ”…” och ”…”)"."""
        titles = [t for t in self.replaced_titles.split("; ") if t]
        if self.change_kind == ChangeKind.NEW:
            return _("(ny)")
        if self.change_kind == ChangeKind.CLARIFIED:
            return _("(förtydligande av %(subject)s under rubriken ”%(heading)s”)") % {
                "subject": self.change_subject,
                "heading": self.change_heading,
            }
        if self.change_kind == ChangeKind.REVIEWED:
            return _("(granskad utan ändring)")
        if self.change_kind in (ChangeKind.RENAMED, ChangeKind.MERGED) and titles:
            if len(titles) == 1:
                return _("(tidigare titel ”%(title)s”)") % {"title": titles[0]}
            quoted = [f"”{t}”" for t in titles]
            return _("(tidigare titlar %(titles)s och %(last)s)") % {
                "titles": ", ".join(quoted[:-1]),
                "last": quoted[-1],
            }
        return ""


class SectionBase(models.Model):
    """One named section of a version (a recommendation's here, a vårdförlopp's in svf). The
    Markdown source is kept; the HTML beside it is rendered and sanitised on save (nkk.content),
    so no page ever renders unsanitised text. A subclass adds `version` and `kind` (its own
    choices); the order and the uniqueness of a kind per version are declared here."""

    position = models.PositiveSmallIntegerField(_("ordning"))
    body_markdown = models.TextField(_("text (Markdown)"))
    body_html = models.TextField(_("text (HTML)"), editable=False)

    class Meta:
        abstract = True
        ordering = ("version", "position")
        verbose_name = _("avsnitt")
        verbose_name_plural = _("avsnitt")
        constraints = [
            models.UniqueConstraint(
                fields=("version", "kind"),
                name="%(app_label)s_%(class)s_unique_kind",
                violation_error_message=_("Versionen har redan det avsnittet."),
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


@audited()
class RecommendationSection(SectionBase):
    """One named section of a recommendation's version."""

    version = models.ForeignKey(
        RecommendationVersion, on_delete=models.CASCADE, related_name="sections", verbose_name=_("version")
    )
    kind = models.CharField(_("avsnitt"), max_length=30, choices=SectionKind.choices)


@audited()
class VersionReplacement(models.Model):
    """A recommendation that this version replaces when it is published (a merge: "Långvarig
    smärta" replacing three titles)."""

    version = models.ForeignKey(
        RecommendationVersion, on_delete=models.CASCADE, related_name="replacements", verbose_name=_("version")
    )
    replaced = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="replaced_by_versions", verbose_name=_("ersätter")
    )

    class Meta:
        ordering = ("version", "replaced")
        verbose_name = _("ersatt kunskapsstöd")
        verbose_name_plural = _("ersatta kunskapsstöd")
        constraints = [
            models.UniqueConstraint(
                fields=("version", "replaced"),
                name="%(app_label)s_%(class)s_unique",
                violation_error_message=_("Kunskapsstödet är redan angivet som ersatt."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.replaced)


# The SQL of the freezing triggers -------------------------------------------------------------
# Migrations that are already applied call these (nkk 0002_invariants, svf 0003_frozen_versions):
# what they return must stay the same to the letter.


def row_trigger_sql(trigger: str, *, table: str, events: str, function: str) -> str:
    """A BEFORE … FOR EACH ROW trigger on `table` that runs `function`."""
    return f"""CREATE TRIGGER {trigger}
    BEFORE {events} ON {table}
    FOR EACH ROW EXECUTE FUNCTION {function}();
"""


def append_only_sql(name: str, *, table: str, message: str) -> tuple[str, str]:
    """(create, drop): a function and trigger, both called `name`, that refuse every update and
    delete on `table` with `message`, as a check violation of the constraint `name` (which the
    services map to a Swedish message)."""
    create = f"""CREATE FUNCTION {name}() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '{message}'
        USING ERRCODE = 'check_violation', CONSTRAINT = '{name}';
END
$$;
""" + row_trigger_sql(name, table=table, events="UPDATE OR DELETE", function=name)
    drop = f"""DROP TRIGGER {name} ON {table};
DROP FUNCTION {name}();
"""
    return create, drop
