"""The public list's filters (django-filter), for the HTML list and later the API alike."""

import django_filters
from django import forms
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, TrigramWordSimilarity
from django.db.models import F, Func, Q, TextField, Value
from django.utils.translation import gettext_lazy as _

from .choices import TargetPopulation
from .models import Recommendation, SubjectArea


def _fold(expression):
    """The portal's folding (organisation migration 0005): lower case, no diacritics."""
    return Func(expression, function="public.ks_fold", output_field=TextField())


class RecommendationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Sök"), method="filter_search")
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

    def filter_search(self, queryset, name, value):
        """Swedish full-text search on the title ("smärtor" finds "smärta"), ranked, with trigram
        word similarity on the folded title as a second signal (typos, a missing å/ä/ö)."""
        value = (value or "").strip()[:200]
        if not value:
            return queryset
        query = SearchQuery(value, config="swedish", search_type="websearch")
        vector = SearchVector("title", config="swedish")
        return (
            queryset.annotate(
                document=vector,
                rank=SearchRank(vector, query),
                similarity=TrigramWordSimilarity(_fold(Value(value)), _fold(F("title"))),
            )
            # ts_rank is never quite 0, so the match itself (@@) decides, not the rank.
            .filter(Q(document=query) | Q(similarity__gte=0.5))
            .order_by("subject_area__name", "-rank", "-similarity", "title")
        )

    def filter_population(self, queryset, name, value):
        return queryset.filter(target_populations__contains=[value]) if value else queryset
