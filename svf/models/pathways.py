"""A vårdförlopp: the stable identity of a care pathway whose versions go on remiss and are decided."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kunskapsstyrning.organisation.audit import audited
from kunskapsstyrning.organisation.choices import GroupKind
from kunskapsstyrning.organisation.models import Group

from ..choices import PathwayState

__all__ = ("CarePathway",)


@audited()
class CarePathway(models.Model):
    """A personcentrerat och sammanhållet vårdförlopp, developed by one NAG under one or more NPOs
    and decided by SKS. The content lives in its versions; the state here is the pathway's own."""

    name = models.CharField(_("namn"), max_length=200, unique=True)
    slug = models.SlugField(_("kortnamn i adress"), max_length=120, unique=True)
    diagnosis_area = models.CharField(_("diagnosområde"), max_length=200, blank=True)
    responsible_npos = models.ManyToManyField(
        Group,
        limit_choices_to={"kind": GroupKind.NPO},
        related_name="care_pathways",
        verbose_name=_("ansvariga NPO"),
    )
    working_group = models.ForeignKey(
        Group,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        limit_choices_to={"kind": GroupKind.NAG},
        related_name="developed_care_pathways",
        verbose_name=_("nationell arbetsgrupp"),
    )
    definition = models.TextField(_("definition"), blank=True)
    state = models.CharField(
        _("läge"), max_length=20, choices=PathwayState.choices, default=PathwayState.STARTED, db_index=True
    )
    decided_on = models.DateField(_("beslutad av SKS"), null=True, blank=True)
    is_demo = models.BooleanField(_("demodata"), default=False)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        ordering = ("name",)
        verbose_name = _("vårdförlopp")
        verbose_name_plural = _("vårdförlopp")

    def __str__(self) -> str:
        return self.name
