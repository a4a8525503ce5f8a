"""The API's filters for NKK. Recommendations extend the public list's RecommendationFilterSet
(?q= with the same Swedish full-text search, ?omrade=, ?malgrupp=, ?uppdaterad_sedan=), so the
page and the API filter alike; every list has ?updated_since=."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kunskapsstyrning.api.filters import ApiFilterSet, NoEmptyValues, UpdatedSince

from ..filtersets import RecommendationFilterSet
from ..models import Recommendation, RecommendationVersion, SubjectArea


def _changed_since(model, value):
    """Rows of `model` with an audit event (insert or update, written by the database's triggers)
    at or after `value`."""
    return model.objects.filter(events__pgh_created_at__gte=value).values("pk")


class SubjectAreaFilterSet(ApiFilterSet):
    updated_since = UpdatedSince(method="changed_since")

    class Meta:
        model = SubjectArea
        fields = ("updated_since",)

    def changed_since(self, queryset, name, value):
        return queryset.filter(pk__in=_changed_since(SubjectArea, value))


class RecommendationApiFilterSet(NoEmptyValues, RecommendationFilterSet):
    """The public list's filters plus ?updated_since=."""

    updated_since = UpdatedSince(
        method="changed_since",
        help_text=_("Kunskapsstödet ändrat eller en ny version publicerad vid eller efter tidpunkten."),
    )

    class Meta:
        model = Recommendation
        fields = ("q", "omrade", "malgrupp", "uppdaterad_sedan", "updated_since")

    def changed_since(self, queryset, name, value):
        published = Recommendation.objects.filter(current_version__published_at__gte=value).values("pk")
        return queryset.filter(Q(pk__in=_changed_since(Recommendation, value)) | Q(pk__in=published))


class VersionFilterSet(ApiFilterSet):
    kunskapsstod = django_filters.ModelChoiceFilter(
        field_name="recommendation",
        queryset=Recommendation.objects.public(),
        to_field_name="slug",
        label=_("Kunskapsstödets kortnamn"),
    )
    omrade = django_filters.ModelChoiceFilter(
        field_name="recommendation__subject_area",
        queryset=SubjectArea.objects.all(),
        to_field_name="slug",
        label=_("Ämnesområde (kortnamn)"),
    )
    updated_since = UpdatedSince(field_name="published_at")

    class Meta:
        model = RecommendationVersion
        fields = ("kunskapsstod", "omrade", "updated_since")
