"""The public list's filters (django-filter), for the HTML list and later the API alike."""

import django_filters
from django import forms
from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorExact, TrigramWordSimilarity
from django.db.models import F, Q, Value
from django.utils.translation import gettext_lazy as _

from .choices import TargetPopulation
from .models import Recommendation, SubjectArea
from .models.recommendations import fold, title_vector


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
        word similarity on the folded title as a second signal (typos, a missing å/ä/ö).

        Both conditions are written as the operators the title's two GIN indexes serve (@@ on
        title_vector(), %> on the folded title: pg_trgm's word_similarity_threshold, 0.6), so
        that PostgreSQL combines two index scans instead of reading every title."""
        value = (value or "").strip()[:200]
        if not value:
            return queryset
        query = SearchQuery(value, config="swedish", search_type="websearch")
        vector = title_vector()
        folded = fold(F("title"))
        return (
            queryset.annotate(
                rank=SearchRank(vector, query),
                similarity=TrigramWordSimilarity(fold(Value(value)), folded),
            )
            # ts_rank is never quite 0, so the match itself (@@) decides, not the rank.
            .filter(Q(SearchVectorExact(vector, query)) | Q(TrigramWordSimilar(folded, fold(Value(value)))))
            .order_by("subject_area__name", "-rank", "-similarity", "title", "pk")
        )

    def filter_population(self, queryset, name, value):
        return queryset.filter(target_populations__contains=[value]) if value else queryset
