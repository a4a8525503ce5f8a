"""The public list's filters (django-filter), for the HTML list and later the API alike."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import TargetPopulation
from .models import Recommendation, SubjectArea


class RecommendationFilterSet(django_filters.FilterSet):
    omrade = django_filters.ModelChoiceFilter(
        label=_("Ämnesområde"),
        field_name="subject_area",
        to_field_name="slug",
        queryset=SubjectArea.objects.order_by("name"),
        empty_label=_("Alla ämnesområden"),
    )
    malgrupp = django_filters.ChoiceFilter(
        label=_("Målgrupp"),
        choices=TargetPopulation.choices,
        method="filter_population",
        empty_label=_("Alla målgrupper"),
    )
    uppdaterad_sedan = django_filters.DateFilter(
        label=_("Uppdaterad sedan"),
        field_name="last_published_on",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Recommendation
        fields: list[str] = []

    def filter_population(self, queryset, name, value):
        return queryset.filter(target_populations__contains=[value]) if value else queryset
