"""National collaboration groups (NSG) on the one shared Group table: a proxy with its own manager, so
code that means "a collaboration group" says so and cannot be handed another kind of group."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kunskapsstyrning.organisation.choices import GroupKind
from kunskapsstyrning.organisation.models import Group
from kunskapsstyrning.organisation.models.groups import GroupQuerySet


class CollaborationGroupQuerySet(GroupQuerySet):
    pass


class CollaborationGroupManager(models.Manager.from_queryset(CollaborationGroupQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(kind=GroupKind.NSG)


class CollaborationGroup(Group):
    objects = CollaborationGroupManager()

    class Meta:
        proxy = True
        verbose_name = _("nationell samverkansgrupp")
        verbose_name_plural = _("nationella samverkansgrupper")

    def save(self, *args, **kwargs):
        self.kind = GroupKind.NSG
        super().save(*args, **kwargs)
