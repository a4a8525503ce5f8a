"""Typed, dated relations between groups: who appointed whom, which LPO covers which NPO."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..audit import audited
from ..choices import ALLOWED_RELATIONS, GroupKind, RelationKind, RelationPurpose
from .groups import Group
from .periods import PeriodQuerySet, overlapping, period_check, validate_period

__all__ = ("GroupRelation", "allowed_relations_sql")


class GroupRelationQuerySet(PeriodQuerySet):
    def appointed_by(self, group, on: datetime.date | None = None):
        """Current relations of the working groups `group` appointed."""
        return self.current(on).filter(kind=RelationKind.APPOINTED_BY, to_group=group)

    def knowledge_support_group(self, npo, on: datetime.date | None = None) -> Group | None:
        """The NPO's current arbetsgrupp för kunskapsstöd, if any."""
        relation = (
            self.appointed_by(npo, on)
            .filter(purpose=RelationPurpose.KNOWLEDGE_SUPPORT)
            .select_related("from_group")
            .first()
        )
        return relation.from_group if relation else None


@audited()
class GroupRelation(models.Model):
    """`from_group` stands in relation `kind` to `to_group` during [start_date, end_date].

    Read it as a sentence: "NAG Hjärtsvikt — tillsatt av — NPO Hjärt- och kärlsjukdomar",
    "LPO MGIK — omfattar — NPO Endokrina sjukdomar". Only APPOINTED_BY gives the appointing
    group's leaders rights over the appointed group; COVERS and SERVES are information.
    """

    from_group = models.ForeignKey(
        Group, on_delete=models.CASCADE, related_name="relations_from", verbose_name=_("grupp")
    )
    to_group = models.ForeignKey(
        Group, on_delete=models.PROTECT, related_name="relations_to", verbose_name=_("relaterad grupp")
    )
    kind = models.CharField(_("relation"), max_length=20, choices=RelationKind.choices, db_index=True)
    purpose = models.CharField(
        _("uppdrag"),
        max_length=20,
        choices=RelationPurpose.choices,
        blank=True,
        help_text=_("Varför arbetsgruppen tillsattes, t.ex. arbetsgrupp för kunskapsstöd eller ett vårdförlopp."),
    )
    start_date = models.DateField(_("från och med"), null=True, blank=True)
    end_date = models.DateField(_("till och med"), null=True, blank=True)
    note = models.CharField(_("anmärkning"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True, db_index=True)

    objects = GroupRelationQuerySet.as_manager()

    class Meta:
        ordering = ("kind", "to_group__name", "from_group__name")
        verbose_name = _("relation mellan grupper")
        verbose_name_plural = _("relationer mellan grupper")
        constraints = [
            period_check("end_after_start"),
            models.CheckConstraint(
                condition=~Q(from_group=models.F("to_group")),
                name="%(app_label)s_%(class)s_not_to_itself",
                violation_error_message=_("En grupp kan inte ha en relation till sig själv."),
            ),
            models.CheckConstraint(
                condition=Q(kind=RelationKind.APPOINTED_BY) | Q(purpose=""),
                name="%(app_label)s_%(class)s_purpose_only_when_appointed",
                violation_error_message=_("Bara en tillsatt arbetsgrupp har ett uppdrag."),
            ),
        ]
        indexes = [models.Index(fields=("to_group", "kind"), name="org_grouprelation_to_kind_idx")]

    def __str__(self) -> str:
        return f"{self.from_group} – {self.get_kind_display().lower()} – {self.to_group}"

    def clean(self) -> None:
        super().clean()
        validate_period(self.start_date, self.end_date)
        if not (self.from_group_id and self.to_group_id and self.kind):
            return
        pair = (self.from_group.kind, self.to_group.kind)
        if pair not in ALLOWED_RELATIONS.get(self.kind, ()):
            raise ValidationError(
                _("%(from_kind)s kan inte ha relationen ”%(kind)s” till %(to_kind)s.")
                % {
                    "from_kind": GroupKind(pair[0]).label,
                    "kind": RelationKind(self.kind).label.lower(),
                    "to_kind": GroupKind(pair[1]).label,
                }
            )
        clash = GroupRelation.objects.filter(
            overlapping(self.start_date, self.end_date),
            from_group_id=self.from_group_id,
            to_group_id=self.to_group_id,
            kind=self.kind,
        ).exclude(pk=self.pk)
        if clash.exists():
            raise ValidationError(_("Grupperna har redan den relationen under en del av perioden."))


def allowed_relations_sql() -> str:
    """The ALLOWED_RELATIONS table as an SQL VALUES list, for the database trigger."""
    rows = sorted((kind, a, b) for kind, pairs in ALLOWED_RELATIONS.items() for a, b in pairs)
    return ", ".join(f"('{kind}', '{a}', '{b}')" for kind, a, b in rows)
