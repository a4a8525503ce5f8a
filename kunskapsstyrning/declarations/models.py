"""Declarations of interest (jävsdeklarationer). Filed anew, never edited: the file is history."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from kunskapsstyrning.organisation.audit import audited
from kunskapsstyrning.organisation.models import Person

from .choices import DECLARATION_VALID_DAYS, DeclarationForm


class DeclarationQuerySet(models.QuerySet):
    def current(self, on: datetime.date):
        return self.filter(submitted_on__gt=on - datetime.timedelta(days=DECLARATION_VALID_DAYS), submitted_on__lte=on)

    def visible_to(self, user):
        """The declarations the user may read: the list side of permissions.VIEW_DECLARATION,
        built from the same filter (the author, the leaders of the author's current groups,
        support staff)."""
        from kunskapsstyrning.organisation.permissions import readable_declarations_filter

        q = readable_declarations_filter(user)
        return self if q is None else self.filter(q)


@audited()
class InterestDeclaration(models.Model):
    """A member's declaration of interests. The text is seen only by the member, the process
    leaders of the member's groups and the support function (permissions.VIEW_DECLARATION)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="declarations", verbose_name=_("person"))
    form = models.CharField(_("blankett"), max_length=20, choices=DeclarationForm.choices)
    submitted_on = models.DateField(_("inlämnad"))
    has_interests = models.BooleanField(
        _("har intressen att redovisa"),
        help_text=_("Uppdrag, anställningar, ägande eller annat som kan påverka opartiskheten."),
    )
    text = models.TextField(_("redovisade intressen"), blank=True)
    created_at = models.DateTimeField(_("registrerad"), auto_now_add=True)

    objects = DeclarationQuerySet.as_manager()

    class Meta:
        ordering = ("-submitted_on", "-pk")
        verbose_name = _("jävsdeklaration")
        verbose_name_plural = _("jävsdeklarationer")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(has_interests=False) | ~models.Q(text=""),
                name="%(app_label)s_%(class)s_interests_described",
                violation_error_message=_("Beskriv intressena du redovisar."),
            ),
        ]
        indexes = [models.Index(fields=("person", "submitted_on"), name="declaration_person_idx")]

    def __str__(self) -> str:
        return f"{self.person} {self.submitted_on:%Y-%m-%d}"

    @property
    def valid_until(self) -> datetime.date:
        return self.submitted_on + datetime.timedelta(days=DECLARATION_VALID_DAYS - 1)
