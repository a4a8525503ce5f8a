"""Calls for seats and nominations, as the system runs them.

A group publishes a call (task, competences wanted, closing date). A sjukvårdsregion or an RPO
nominates someone, or a person nominates themself with their manager's approval. Conflicts of
interest are checked, the deciding body accepts or declines, and acceptance creates the
membership (services.nomination_decide).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kunskapsstyrning.organisation.audit import audited
from kunskapsstyrning.organisation.choices import GroupKind, Role
from kunskapsstyrning.organisation.models import Group, HealthcareRegion, Membership, Person

from .choices import DecidingBody, NominatedBy, NominationStatus


@audited()
class SeatCall(models.Model):
    """A call for nominations to one or more seats in a group. Calls are public (no visible_to):
    anyone may read one and nominate; who may publish one is EDIT_ROSTER on the group."""

    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="calls", verbose_name=_("grupp"))
    title = models.CharField(_("rubrik"), max_length=200)
    role = models.CharField(_("roll"), max_length=30, choices=Role.choices, default=Role.MEMBER)
    healthcare_region = models.ForeignKey(
        HealthcareRegion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("för sjukvårdsregion"),
        help_text=_("Tomt om platsen inte är knuten till en sjukvårdsregion."),
    )
    task = models.TextField(_("uppdragsbeskrivning"))
    competences = models.TextField(_("efterfrågad kompetens"))
    seats = models.PositiveSmallIntegerField(_("antal platser"), default=1)
    closes_on = models.DateField(_("sista dag att nominera"))
    mandate_start = models.DateField(_("mandatet börjar"))
    mandate_end = models.DateField(_("mandatet slutar"), null=True, blank=True)
    deciding_body = models.CharField(_("beslutas av"), max_length=20, choices=DecidingBody.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("skapad av"),
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    class Meta:
        ordering = ("closes_on", "title")
        verbose_name = _("utlysning")
        verbose_name_plural = _("utlysningar")
        constraints = [
            models.CheckConstraint(
                condition=Q(mandate_end__isnull=True) | Q(mandate_end__gte=models.F("mandate_start")),
                name="%(app_label)s_%(class)s_mandate_end_after_start",
                violation_error_message=_("Mandatet kan inte sluta före det börjar."),
            ),
            models.CheckConstraint(
                condition=Q(seats__gte=1),
                name="%(app_label)s_%(class)s_at_least_one_seat",
                violation_error_message=_("En utlysning gäller minst en plats."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group}: {self.title}"


# The message for the database trigger below; nominations.services maps the trigger's error to it.
NOMINATING_GROUP_NOT_RPO = _("Bara ett RPO kan nominera.")


class NominationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The nominations the user may read (permissions.VIEW_NOMINATION): support staff all,
        otherwise those to calls of groups whose rosters the user may edit (the deciders)."""
        return self.filter(call__group__in=Group.objects.editable_by(user))


@audited()
class Nomination(models.Model):
    """A person put forward for a call. Decided once; acceptance links the new membership."""

    call = models.ForeignKey(
        SeatCall, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("utlysning")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("nominerad")
    )
    nominated_by = models.CharField(_("nominerad av"), max_length=20, choices=NominatedBy.choices)
    nominating_healthcare_region = models.ForeignKey(
        HealthcareRegion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("nominerande sjukvårdsregion"),
    )
    # Only an RPO nominates: limit_choices_to makes forms and full_clean() say so, and the
    # trigger nominations_nominating_group_is_rpo (migration 0002) holds it for every write.
    nominating_group = models.ForeignKey(
        Group,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        limit_choices_to={"kind": GroupKind.RPO},
        related_name="+",
        verbose_name=_("nominerande RPO"),
    )
    motivation = models.TextField(_("motivering och kompetens"))
    manager_approval = models.BooleanField(_("chefens godkännande finns"), default=False)
    manager_name = models.CharField(_("godkännande chef"), max_length=200, blank=True)
    conflicts_checked = models.BooleanField(_("jäv kontrollerat"), default=False)
    conflicts_note = models.TextField(_("anteckning om jäv"), blank=True)
    conflicts_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("jäv kontrollerat av"),
    )
    conflicts_checked_at = models.DateTimeField(_("jäv kontrollerat"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=NominationStatus.choices, default=NominationStatus.SUBMITTED
    )
    decision_note = models.TextField(_("beslutsanteckning"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beslut registrerat av"),
    )
    decided_at = models.DateTimeField(_("beslutad"), null=True, blank=True)
    membership = models.OneToOneField(
        Membership,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nomination",
        verbose_name=_("uppdrag"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("inlämnad av"),
    )
    submitted_at = models.DateTimeField(_("inlämnad"), auto_now_add=True)

    objects = NominationQuerySet.as_manager()

    class Meta:
        ordering = ("call", "submitted_at")
        verbose_name = _("nominering")
        verbose_name_plural = _("nomineringar")
        constraints = [
            models.CheckConstraint(
                condition=~Q(nominated_by=NominatedBy.SELF) | Q(manager_approval=True),
                name="%(app_label)s_%(class)s_self_needs_manager",
                violation_error_message=_("En egen intresseanmälan kräver chefens godkännande."),
            ),
            models.CheckConstraint(
                condition=~Q(nominated_by=NominatedBy.HEALTHCARE_REGION)
                | Q(nominating_healthcare_region__isnull=False),
                name="%(app_label)s_%(class)s_region_named",
                violation_error_message=_("Ange vilken sjukvårdsregion som nominerar."),
            ),
            models.CheckConstraint(
                condition=~Q(nominated_by=NominatedBy.RPO) | Q(nominating_group__isnull=False),
                name="%(app_label)s_%(class)s_rpo_named",
                violation_error_message=_("Ange vilket RPO som nominerar."),
            ),
            models.CheckConstraint(
                condition=~Q(status=NominationStatus.ACCEPTED) | Q(membership__isnull=False),
                name="%(app_label)s_%(class)s_accepted_has_membership",
                violation_error_message=_("En antagen nominering ska ha ett uppdrag."),
            ),
            models.UniqueConstraint(
                fields=("call", "person"),
                condition=Q(status__in=[NominationStatus.SUBMITTED, NominationStatus.ACCEPTED]),
                name="%(app_label)s_%(class)s_once_per_call",
                violation_error_message=_("Personen är redan nominerad till den här utlysningen."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.call}"
