"""Memberships: a person's role in a group for a mandate period, and what they represent."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..audit import audited
from ..choices import SINGLE_HOLDER_ROLES, Role
from .groups import Group
from .people import Organisation, Person
from .periods import PeriodQuerySet, no_overlap, overlapping, period_check, validate_period
from .regions import HealthcareRegion, Municipality, Region

__all__ = ("GROUP_LIFETIME_TRIGGERS", "Membership", "outside_lifetime")

_REPRESENTS_FIELDS = (
    "represents_healthcare_region",
    "represents_region",
    "represents_municipality",
    "represents_organisation",
)


# Raised by the database triggers of migration 0002 (a rule across two tables, so no CHECK);
# the services turn the trigger's error into these messages, and clean() checks the same first.
OUTSIDE_GROUP_LIFETIME = _(
    "Ett uppdrag måste ligga inom gruppens livstid, från att gruppen inrättades till att den avvecklades."
)
GROUP_LIFETIME_TRIGGERS = {
    "organisation_membership_within_group_lifetime": OUTSIDE_GROUP_LIFETIME,
    "organisation_group_lifetime_covers_memberships": _(
        "Gruppen har uppdrag utanför sin livstid. Avsluta eller ändra uppdragen först."
    ),
}


def outside_lifetime(start_date, end_date, founded_on, closed_on) -> bool:
    """Python twin of the trigger's test: does a mandate fall outside the group's lifetime?"""
    if founded_on is not None and start_date is not None and start_date < founded_on:
        return True
    if closed_on is not None:
        return (start_date is not None and start_date > closed_on) or end_date is None or end_date > closed_on
    return False


@audited()
class Membership(models.Model):
    """A person's assignment in a group. Ended by an end date, never deleted: history stays."""

    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("person"),
    )
    group = models.ForeignKey(
        Group,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("grupp"),
    )
    role = models.CharField(_("roll"), max_length=30, choices=Role.choices, default=Role.MEMBER)
    represents_healthcare_region = models.ForeignKey(
        HealthcareRegion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("företräder sjukvårdsregion"),
    )
    represents_region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("företräder region"),
    )
    represents_municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("företräder kommun"),
    )
    represents_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("företräder organisation"),
    )
    start_date = models.DateField(_("mandat från"))
    end_date = models.DateField(_("mandat till och med"), null=True, blank=True)
    note = models.CharField(_("anmärkning"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True, db_index=True)

    objects = PeriodQuerySet.as_manager()

    class Meta:
        ordering = ("group", "role", "start_date")
        verbose_name = _("uppdrag")
        verbose_name_plural = _("uppdrag")
        constraints = [
            period_check("end_after_start"),
            models.CheckConstraint(
                condition=(
                    Q(
                        represents_healthcare_region__isnull=True,
                        represents_region__isnull=True,
                        represents_municipality__isnull=True,
                    )
                    | Q(
                        represents_healthcare_region__isnull=True,
                        represents_region__isnull=True,
                        represents_organisation__isnull=True,
                    )
                    | Q(
                        represents_healthcare_region__isnull=True,
                        represents_municipality__isnull=True,
                        represents_organisation__isnull=True,
                    )
                    | Q(
                        represents_region__isnull=True,
                        represents_municipality__isnull=True,
                        represents_organisation__isnull=True,
                    )
                ),
                name="%(app_label)s_%(class)s_represents_at_most_one",
                violation_error_message=_(
                    "Ett uppdrag företräder högst en sjukvårdsregion, region, kommun eller organisation."
                ),
            ),
            # The overlap rule of clean(), held by the database whatever writes the row.
            no_overlap(
                "one_holder_at_a_time",
                "group",
                "role",
                condition=Q(role__in=SINGLE_HOLDER_ROLES),
                message=_(
                    "Gruppen har redan en innehavare av rollen under perioden. En grupp kan bara ha en åt gången."
                ),
            ),
            no_overlap(
                "no_double_role",
                "person",
                "group",
                "role",
                message=_("Personen har redan samma roll i gruppen under perioden."),
            ),
        ]
        indexes = [
            models.Index(fields=("group", "role"), name="org_membership_role_idx"),
            models.Index(fields=("person", "end_date"), name="org_membership_person_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()} – {self.group}"

    @property
    def represents(self):
        """What the member represents, whichever kind it is."""
        for field in _REPRESENTS_FIELDS:
            value = getattr(self, field)
            if value is not None:
                return value
        return None

    def clean(self) -> None:
        super().clean()
        validate_period(self.start_date, self.end_date)
        if self.group_id and outside_lifetime(
            self.start_date, self.end_date, self.group.founded_on, self.group.closed_on
        ):
            raise ValidationError({"start_date": OUTSIDE_GROUP_LIFETIME})
        if self.group_id and self.role in SINGLE_HOLDER_ROLES:
            clash = (
                Membership.objects.filter(group_id=self.group_id, role=self.role)
                .filter(overlapping(self.start_date, self.end_date))
                .exclude(pk=self.pk)
                .select_related("person")
                .first()
            )
            if clash is not None:
                raise ValidationError(
                    {
                        "role": _(
                            "%(group)s har redan en %(role)s under perioden: %(person)s (från %(start)s). "
                            "En grupp kan bara ha en %(role)s åt gången."
                        )
                        % {
                            "group": self.group,
                            "role": self.get_role_display().lower(),
                            "person": clash.person,
                            "start": clash.start_date.isoformat(),
                        }
                    }
                )
