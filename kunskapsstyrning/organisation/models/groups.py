"""Groups of every kind (NPO, NAG, NSG, RPO, LPO, SKS …) and their names over time."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..audit import audited
from ..choices import KIND_LEVEL, MIRROR_TARGET_KIND, GroupKind, Level
from .regions import HealthcareRegion, Region

__all__ = ("Group", "GroupName")


def _kinds_at(level: str) -> list[str]:
    return [kind for kind, kind_level in KIND_LEVEL.items() if kind_level == level]


class GroupQuerySet(models.QuerySet):
    def of_kind(self, *kinds: str):
        return self.filter(kind__in=kinds)

    def active(self):
        return self.filter(closed_on__isnull=True)

    def editable_by(self, user):
        """The groups whose rosters the user may edit (permissions.EDIT_ROSTER), for lists, the
        admin and the API. Groups have no visible_to: the directory is public; what the rules
        guard is a roster's contact data (VIEW_CONTACTS) and who edits it."""
        from ..permissions import editable_groups_filter  # the rules import the models

        q = editable_groups_filter(user)
        return self if q is None else self.filter(q)


@audited(exclude_from_update=("roster_version",))
class Group(models.Model):
    """A group in the knowledge-governance structure, at national, sjukvårdsregional or local level.

    National groups have no region; RPO/RSG/RAG sit in one sjukvårdsregion; LPO/LAG in one
    region. An RPO or RSG mirrors one national group (`mirror_of`); how groups relate otherwise
    (appointed by, covers, serves) is a dated `GroupRelation`.
    """

    kind = models.CharField(_("typ"), max_length=20, choices=GroupKind.choices, db_index=True)
    name = models.CharField(_("namn"), max_length=200)
    short_name = models.CharField(_("kortnamn"), max_length=60, blank=True)
    slug = models.SlugField(_("kortnamn i adress"), max_length=120, unique=True)
    description = models.TextField(_("beskrivning"), blank=True)
    healthcare_region = models.ForeignKey(
        HealthcareRegion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="groups",
        verbose_name=_("sjukvårdsregion"),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="groups",
        verbose_name=_("region"),
    )
    mirror_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mirrors",
        verbose_name=_("speglar"),
        help_text=_("Den nationella grupp som gruppen speglar i sin sjukvårdsregion (RPO, RSG och RAG)."),
    )
    founded_on = models.DateField(_("inrättad"), null=True, blank=True)
    closed_on = models.DateField(_("avvecklad"), null=True, blank=True)
    roster_version = models.PositiveIntegerField(
        _("version av ledamotslistan"),
        default=0,
        editable=False,
        help_text=_("Räknas upp vid varje ändring, så att två samtidiga ändringar inte skriver över varandra."),
    )
    note = models.TextField(
        _("anmärkning"),
        blank=True,
        help_text=_('Källa eller osäkerhet i uppgiften, t.ex. "härledd uppgift".'),
    )
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True, db_index=True)

    objects = GroupQuerySet.as_manager()

    class Meta:
        ordering = ("name",)
        verbose_name = _("grupp")
        verbose_name_plural = _("grupper")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind__in=_kinds_at(Level.NATIONAL))
                | Q(healthcare_region__isnull=True, region__isnull=True),
                name="%(app_label)s_%(class)s_national_has_no_region",
                violation_error_message=_("En nationell grupp hör inte till någon sjukvårdsregion eller region."),
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=_kinds_at(Level.HEALTHCARE_REGIONAL))
                | Q(healthcare_region__isnull=False, region__isnull=True),
                name="%(app_label)s_%(class)s_meso_has_healthcare_region",
                violation_error_message=_("En sjukvårdsregional grupp måste höra till en sjukvårdsregion."),
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=_kinds_at(Level.REGIONAL)) | Q(region__isnull=False),
                name="%(app_label)s_%(class)s_local_has_region",
                violation_error_message=_("En lokal grupp (LPO, LAG) måste höra till en region."),
            ),
            models.UniqueConstraint(
                fields=("mirror_of", "healthcare_region"),
                condition=Q(kind__in=[GroupKind.RPO, GroupKind.RSG], closed_on__isnull=True),
                name="%(app_label)s_%(class)s_one_mirror_per_healthcare_region",
                violation_error_message=_(
                    "Sjukvårdsregionen har redan en aktiv grupp som speglar den nationella gruppen."
                ),
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True)
                | Q(founded_on__isnull=True)
                | Q(closed_on__gte=models.F("founded_on")),
                name="%(app_label)s_%(class)s_closed_after_founded",
                violation_error_message=_("En grupp kan inte avvecklas innan den inrättades."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisation:group", kwargs={"slug": self.slug})

    @property
    def level(self) -> str:
        return KIND_LEVEL[self.kind]

    def clean(self) -> None:
        super().clean()
        # A region implies its sjukvårdsregion; keep the two in step for local groups.
        if self.level == Level.REGIONAL and self.region_id and not self.healthcare_region_id:
            self.healthcare_region_id = self.region.healthcare_region_id
        if self.level == Level.REGIONAL and self.region_id and self.healthcare_region_id:
            if self.region.healthcare_region_id != self.healthcare_region_id:
                raise ValidationError({"region": _("Regionen hör inte till den angivna sjukvårdsregionen.")})
        if self.pk is not None and (self.founded_on or self.closed_on):
            self._check_memberships_within_lifetime()
        target_kind = MIRROR_TARGET_KIND.get(self.kind)
        if self.mirror_of_id is not None:
            if target_kind is None:
                raise ValidationError({"mirror_of": _("Bara RPO, RSG och RAG speglar en nationell grupp.")})
            if self.mirror_of.kind != target_kind:
                raise ValidationError(
                    {
                        "mirror_of": _("Fel grupptyp att spegla: %(kind)s speglar %(target)s, inte %(actual)s.")
                        % {
                            "kind": self.get_kind_display(),
                            "target": GroupKind(target_kind).label,
                            "actual": self.mirror_of.get_kind_display(),
                        }
                    }
                )

    def _check_memberships_within_lifetime(self) -> None:
        """The group's dates may not leave a membership outside them (the database trigger
        organisation_group_lifetime_covers_memberships says the same; this names the field)."""
        from .memberships import outside_lifetime  # memberships import this module

        for start, end in self.memberships.values_list("start_date", "end_date"):
            if outside_lifetime(start, end, self.founded_on, self.closed_on):
                field = "founded_on" if self.founded_on and start < self.founded_on else "closed_on"
                raise ValidationError(
                    {field: _("Gruppen har uppdrag utanför sin livstid. Avsluta eller ändra uppdragen först.")}
                )


@audited()
class GroupName(models.Model):
    """A former name of a group (e.g. Äldres hälsa → Äldres hälsa och palliativ vård)."""

    group = models.ForeignKey(
        Group,
        on_delete=models.PROTECT,
        related_name="former_names",
        verbose_name=_("grupp"),
    )
    name = models.CharField(_("tidigare namn"), max_length=200)
    used_until = models.DateField(_("använt till och med"), null=True, blank=True)
    note = models.CharField(_("anmärkning"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("namnbyte registrerat av"),
        help_text=_("Tomt för det som strukturdatan läst in."),
    )

    class Meta:
        ordering = ("group", "used_until", "name")
        verbose_name = _("tidigare gruppnamn")
        verbose_name_plural = _("tidigare gruppnamn")
        constraints = [
            models.UniqueConstraint(
                fields=("group", "name"),
                name="%(app_label)s_%(class)s_unique_name",
                violation_error_message=_("Namnet finns redan i gruppens namnhistorik."),
            ),
        ]

    def __str__(self) -> str:
        return self.name
