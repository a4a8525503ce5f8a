"""A recommendation: the stable identity of a text whose versions are written and published."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kunskapsstyrning.organisation.audit import audited
from kunskapsstyrning.organisation.models import Group

from ..choices import RecommendationStatus, TargetPopulation
from .areas import SubjectArea

__all__ = ("Recommendation", "RecommendationSlug", "RecommendationTitle")


def fold(expression):
    """The portal's folding (organisation migration 0005): lower case, no diacritics."""
    return models.Func(expression, function="public.ks_fold", output_field=models.TextField())


def title_vector():
    """The title as a Swedish search document. The public search (filtersets.py) and the GIN index
    below use this one expression, so that the index serves the query."""
    return SearchVector("title", config="swedish")


ICD10_CODE = RegexValidator(r"^[A-Z][0-9]{2}(\.[0-9A-Z]{1,4})?$", _("Ange en ICD-10-SE-kod, t.ex. R10.4."))
KSH97P_CODE = RegexValidator(r"^[A-Z][0-9]{2}[0-9A-Z.]{0,5}(-P)?$", _("Ange en KSH97-P-kod, t.ex. M54-P."))


class RecommendationQuerySet(models.QuerySet):
    def public(self):
        """Recommendations readers see: published at least once, neither withdrawn nor merged."""
        return self.filter(status=RecommendationStatus.ACTIVE, current_version__isnull=False)


@audited()
class Recommendation(models.Model):
    """One recommendation of Nationellt kliniskt kunskapsstöd, owned by a group (since 2022 the NPO's
    arbetsgrupp för kunskapsstöd, whose roster decides who edits).

    The title, slug and dates here follow the published versions; the text itself lives in the
    versions (RecommendationVersion), of which the published ones never change."""

    slug = models.SlugField(_("kortnamn i adress"), max_length=200, unique=True)
    title = models.CharField(_("titel"), max_length=300)
    subject_area = models.ForeignKey(
        SubjectArea, on_delete=models.PROTECT, related_name="recommendations", verbose_name=_("ämnesområde")
    )
    owning_group = models.ForeignKey(
        Group, on_delete=models.PROTECT, related_name="recommendations", verbose_name=_("ägande grupp")
    )
    target_populations = ArrayField(
        models.CharField(max_length=20, choices=TargetPopulation.choices),
        verbose_name=_("målgrupper"),
        default=list,
        blank=True,
    )
    icd10_codes = ArrayField(
        models.CharField(max_length=12, validators=[ICD10_CODE]),
        verbose_name=_("diagnoskoder ICD-10-SE"),
        default=list,
        blank=True,
    )
    ksh97p_codes = ArrayField(
        models.CharField(max_length=12, validators=[KSH97P_CODE]),
        verbose_name=_("diagnoskoder KSH97-P"),
        default=list,
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RecommendationStatus.choices, default=RecommendationStatus.ACTIVE
    )
    approved_on = models.DateField(_("godkänd"), null=True, blank=True)
    revision_deadline = models.DateField(_("revideras senast"), null=True, blank=True)
    last_reviewed_on = models.DateField(_("senast granskad"), null=True, blank=True)
    current_version = models.ForeignKey(
        "nkk.RecommendationVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gällande version"),
    )
    last_published_on = models.DateField(_("senast publicerad"), null=True, blank=True, db_index=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
        verbose_name=_("ersatt av"),
    )
    withdrawn_on = models.DateField(_("återkallad"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("skapad av"),
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ("title",)
        verbose_name = _("kunskapsstöd")
        verbose_name_plural = _("kunskapsstöd")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=RecommendationStatus.MERGED) | Q(merged_into__isnull=False),
                name="%(app_label)s_%(class)s_merged_names_target",
                violation_error_message=_("Ett sammanslaget kunskapsstöd ska peka på det som ersätter det."),
            ),
            models.CheckConstraint(
                condition=~Q(merged_into=models.F("pk")),
                name="%(app_label)s_%(class)s_not_merged_into_itself",
                violation_error_message=_("Ett kunskapsstöd kan inte ersättas av sig självt."),
            ),
        ]
        indexes = [
            models.Index(fields=["subject_area", "status"], name="nkk_rec_area_status"),
            # The public search's full text on the title (@@), the same expression as
            # RecommendationFilterSet.filter_search. Its trigram match (%>) on the folded title
            # has a GIN index made in SQL by migration 0005_search_indexes (nkk_rec_title_trgm):
            # an operator class in Meta needs django.contrib.postgres installed, which it is not.
            GinIndex(title_vector(), name="nkk_rec_title_fts"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("nkk:recommendation", kwargs={"slug": self.slug})


@audited()
class RecommendationTitle(models.Model):
    """An earlier title of a recommendation: a rename, or the title of one it replaced in a merge."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="earlier_titles", verbose_name=_("kunskapsstöd")
    )
    title = models.CharField(_("tidigare titel"), max_length=300)
    used_until = models.DateField(_("använd till och med"), null=True, blank=True)
    merged = models.BooleanField(_("från sammanslagning"), default=False)

    class Meta:
        ordering = ("recommendation", "used_until", "title")
        verbose_name = _("tidigare titel")
        verbose_name_plural = _("tidigare titlar")
        constraints = [
            models.UniqueConstraint(
                fields=("recommendation", "title"),
                name="%(app_label)s_%(class)s_unique_title",
                violation_error_message=_("Titeln finns redan bland kunskapsstödets tidigare titlar."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


@audited()
class RecommendationSlug(models.Model):
    """An old address of a recommendation (before a rename): answered with a permanent redirect."""

    slug = models.SlugField(_("tidigare kortnamn i adress"), max_length=200, unique=True)
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="old_slugs", verbose_name=_("kunskapsstöd")
    )

    class Meta:
        ordering = ("slug",)
        verbose_name = _("tidigare adress")
        verbose_name_plural = _("tidigare adresser")

    def __str__(self) -> str:
        return self.slug
