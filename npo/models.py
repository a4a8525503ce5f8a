"""National program areas (NPO) on the one shared Group table: a proxy with its own manager, so
code that means "a program area" says so and cannot be handed another kind of group."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kunskapsstyrning.organisation.choices import GroupKind
from kunskapsstyrning.organisation.models import Group
from kunskapsstyrning.organisation.models.groups import GroupQuerySet


class ProgramAreaQuerySet(GroupQuerySet):
    pass


class ProgramAreaManager(models.Manager.from_queryset(ProgramAreaQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(kind=GroupKind.NPO)


class ProgramArea(Group):
    objects = ProgramAreaManager()

    class Meta:
        proxy = True
        verbose_name = _("nationellt programområde")
        verbose_name_plural = _("nationella programområden")

    def save(self, *args, **kwargs):
        self.kind = GroupKind.NPO
        super().save(*args, **kwargs)
