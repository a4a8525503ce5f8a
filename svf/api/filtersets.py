"""Filters of the care-pathway API; every list has ?updated_since=."""

import django_filters
from django.utils.translation import gettext_lazy as _

from kunskapsstyrning.api.filters import ApiFilterSet
from kunskapsstyrning.organisation.api.filtersets import SlugFilter
from kunskapsstyrning.organisation.choices import GroupKind
from kunskapsstyrning.organisation.models import Group, HealthcareRegion, Region

from ..follow_up_choices import Stage
from ..models import CarePathway, Implementation, Indicator, IndicatorValue
from ..models.indicators import MAX_YEAR, MIN_YEAR


def _pathway_filter(field_name: str) -> SlugFilter:
    """?vardforlopp=<slug>, on the model's own path to the pathway."""
    return SlugFilter(
        field_name=field_name,
        queryset=CarePathway.objects.all(),
        to_field_name="slug",
        label=_("Vårdförlopp (kortnamn)"),
    )


class CarePathwayFilterSet(ApiFilterSet):
    npo = SlugFilter(
        field_name="responsible_npos",
        queryset=Group.objects.filter(kind=GroupKind.NPO),
        to_field_name="slug",
        label=_("Ansvarigt NPO (kortnamn)"),
    )

    class Meta:
        model = CarePathway
        fields = ("npo", "updated_since")


class _PlaceFilters(ApiFilterSet):
    region = SlugFilter(
        field_name="region", queryset=Region.objects.all(), to_field_name="slug", label=_("Region (kortnamn)")
    )
    sjukvardsregion = SlugFilter(
        field_name="region__healthcare_region",
        queryset=HealthcareRegion.objects.all(),
        to_field_name="slug",
        label=_("Sjukvårdsregion (kortnamn)"),
    )


class ImplementationFilterSet(_PlaceFilters):
    vardforlopp = _pathway_filter("pathway")
    stage = django_filters.MultipleChoiceFilter(choices=Stage.choices, label=_("Läge"))

    class Meta:
        model = Implementation
        fields = ("vardforlopp", "region", "sjukvardsregion", "stage", "updated_since")


class IndicatorFilterSet(ApiFilterSet):
    vardforlopp = _pathway_filter("pathway")

    class Meta:
        model = Indicator
        fields = ("vardforlopp", "updated_since")


class IndicatorValueFilterSet(_PlaceFilters):
    vardforlopp = _pathway_filter("indicator__pathway")
    indikator = django_filters.CharFilter(field_name="indicator__code", max_length=40, label=_("Indikatorns kod"))
    ar = django_filters.NumberFilter(
        field_name="year", min_value=MIN_YEAR, max_value=MAX_YEAR, max_digits=4, decimal_places=0, label=_("År")
    )

    class Meta:
        model = IndicatorValue
        fields = ("vardforlopp", "indikator", "region", "sjukvardsregion", "ar", "updated_since")
