"""Filters for group lists, shared by the HTML directory and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import DIRECTORY_KINDS, GroupKind, HostingKind
from .models import Group, HealthcareRegion
from .models.periods import active_on, today


class GroupFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Sök namn"))
    kind = django_filters.ChoiceFilter(choices=GroupKind.choices, label=_("Typ"), empty_label=_("Alla typer"))
    host = django_filters.ModelChoiceFilter(
        queryset=HealthcareRegion.objects.all(),
        method="hosted_by",
        label=_("Värd"),
        empty_label=_("Alla värdar"),
        to_field_name="slug",
    )

    class Meta:
        model = Group
        fields = ("q", "kind", "host")

    def search(self, queryset, name, value):
        """Match the current name and former names (old documents use old names)."""
        matching = Group.objects.filter(
            Q(name__icontains=value) | Q(short_name__icontains=value) | Q(former_names__name__icontains=value)
        ).values("pk")
        return queryset.filter(pk__in=matching)

    def hosted_by(self, queryset, name, value):
        hosted = Group.objects.filter(
            active_on(today(), prefix="hostings__"),
            hostings__healthcare_region=value,
            hostings__kind=HostingKind.HOST,
        ).values("pk")
        return queryset.filter(pk__in=hosted)


class DirectoryFilterSet(GroupFilterSet):
    """The directory lists only NPOs, NSGs and the primary-care council: offer only those kinds."""

    kind = django_filters.ChoiceFilter(
        choices=[(k.value, k.label) for k in GroupKind if k in DIRECTORY_KINDS],
        label=_("Typ"),
        empty_label=_("Alla typer"),
    )


def _checked_kind_choices():
    from .composition import checked_kinds  # the composition rules import the models

    return [(k, GroupKind(k).label) for k in checked_kinds()]


class CompositionFilterSet(GroupFilterSet):
    """The support staff's composition overview: the checked kinds only, by name, by host (the
    sjukvårdsregion that hosts the group now) and by the sjukvårdsregion a regional group
    belongs to. ?typ= as before."""

    kind = None
    typ = django_filters.ChoiceFilter(
        field_name="kind", choices=_checked_kind_choices, label=_("Typ"), empty_label=_("Alla typer")
    )
    sjukvardsregion = django_filters.ModelChoiceFilter(
        field_name="healthcare_region",
        queryset=HealthcareRegion.objects.all(),
        label=_("Sjukvårdsregion"),
        empty_label=_("Alla sjukvårdsregioner"),
        to_field_name="slug",
    )

    class Meta:
        model = Group
        fields = ("q", "typ", "host", "sjukvardsregion")
