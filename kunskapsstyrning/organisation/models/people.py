"""People and organisations that take part in the system."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from ..audit import audited
from ..choices import Gender, OrganisationKind

__all__ = ("Organisation", "Person")


@audited()
class Organisation(models.Model):
    """An organisation that hosts, supports or is represented: SKR, the partner authorities …"""

    name = models.CharField(_("namn"), max_length=200, unique=True)
    short_name = models.CharField(_("förkortning"), max_length=30, blank=True)
    slug = models.SlugField(_("kortnamn i adress"), max_length=100, unique=True)
    kind = models.CharField(_("typ"), max_length=30, choices=OrganisationKind.choices)
    note = models.CharField(_("anmärkning"), max_length=300, blank=True)

    class Meta:
        ordering = ("name",)
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")

    def __str__(self) -> str:
        return self.short_name or self.name


class PersonQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The people whose personal data (e-mail, phone) the user may see: the list side of
        permissions.VIEW_PERSON, built from the same filter. Support staff: everyone; a logged-in
        person: themself and the current members of the groups whose contacts they see;
        anonymous: no one. Names alone are public (the directory shows them)."""
        from ..permissions import visible_people_filter  # the rules import the models

        q = visible_people_filter(user)
        return self if q is None else self.filter(q)


@audited()
class Person(models.Model):
    """A person who holds or held assignments. Contact data is never shown to anonymous visitors."""

    first_name = models.CharField(_("förnamn"), max_length=100)
    last_name = models.CharField(_("efternamn"), max_length=100)
    title = models.CharField(_("titel"), max_length=200, blank=True)
    employer = models.CharField(_("arbetsgivare"), max_length=200, blank=True)
    gender = models.CharField(
        _("kön"),
        max_length=10,
        choices=Gender.choices,
        blank=True,
        help_text=_("Används bara för att följa könsfördelningen i grupperna. Tomt: uppgift saknas."),
    )
    email = models.EmailField(_("e-post"), blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("användarkonto"),
    )
    is_demo = models.BooleanField(
        _("demoperson"),
        default=False,
        help_text=_("Påhittad person för demonstration. Visas alltid märkt som demo."),
    )
    source_key = models.SlugField(
        _("källnyckel"),
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Stabil nyckel för personer som läses in från källor, så att inläsningen kan köras om."),
    )
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True, db_index=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ("last_name", "first_name")
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        indexes = [models.Index(fields=("last_name", "first_name"), name="org_person_name_idx")]
        constraints = [
            # One person per address, whatever its case, so that look-ups by e-mail (roster
            # import, the add-member form) find exactly one person. Blank means "not known".
            models.UniqueConstraint(
                Lower("email"),
                condition=~Q(email=""),
                name="%(app_label)s_%(class)s_unique_email",
                violation_error_message=_("Det finns redan en person med den e-postadressen."),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()
