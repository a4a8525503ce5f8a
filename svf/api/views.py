"""The care-pathway endpoints: published pathways, the regions' introductions (the national matrix
as rows), the indicators and the values regions reported. All public reads, on the API's base
(cursor pages, ETag/304, JSON errors). A (pathway, region) without a row has no decision yet."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view

from kunskapsstyrning.api.viewsets import ApiReadViewSet

from ..follow_up_choices import FOLLOWED_STATES
from ..follow_up_selectors import followed_pathways
from ..models import Implementation, ImplementationReport, Indicator, IndicatorValue
from .filtersets import CarePathwayFilterSet, ImplementationFilterSet, IndicatorFilterSet, IndicatorValueFilterSet
from .serializers import (
    CarePathwaySerializer,
    ImplementationSerializer,
    IndicatorSerializer,
    IndicatorValueSerializer,
)


@extend_schema_view(
    list=extend_schema(description="Publicerade vårdförlopp (också medan en revidering pågår) med ansvariga NPO."),
    retrieve=extend_schema(description="Ett publicerat vårdförlopp."),
)
class CarePathwayViewSet(ApiReadViewSet):
    """Publicerade vårdförlopp (offentliga)."""

    queryset = followed_pathways().select_related("working_group").prefetch_related("responsible_npos")
    serializer_class = CarePathwaySerializer
    filterset_class = CarePathwayFilterSet
    lookup_field = "slug"
    public_read = True
    ordering = ("name",)
    ordering_fields = ("name", "slug", "decided_on", "updated_at")
    search_fields = ("name", "diagnosis_area")


@extend_schema_view(
    list=extend_schema(
        description=(
            "Regionernas införande av publicerade vårdförlopp: läge, datum, ansvarigt LPO eller LAG och "
            "rapporterna per period. Matrisen vårdförlopp × region som rader; en region utan rad för ett "
            "vårdförlopp har inget beslut registrerat."
        )
    ),
    retrieve=extend_schema(description="En regions införande av ett vårdförlopp med rapporterna."),
)
class ImplementationViewSet(ApiReadViewSet):
    """Införande av vårdförlopp per region (offentligt)."""

    queryset = (
        Implementation.objects.filter(pathway__state__in=FOLLOWED_STATES)
        .select_related("pathway", "region__healthcare_region", "responsible_group")
        .prefetch_related(Prefetch("reports", queryset=ImplementationReport.objects.order_by("-year", "kind")))
    )
    serializer_class = ImplementationSerializer
    filterset_class = ImplementationFilterSet
    public_read = True
    ordering_fields = ("pk", "updated_at")
    conditional_fields = ("updated_at", "reports__updated_at")


@extend_schema_view(
    list=extend_schema(description="Indikatorerna för publicerade vårdförlopp med målnivå och definition."),
    retrieve=extend_schema(description="En indikator."),
)
class IndicatorViewSet(ApiReadViewSet):
    """Indikatorer för vårdförlopp (offentliga)."""

    queryset = Indicator.objects.filter(pathway__state__in=FOLLOWED_STATES).select_related("pathway")
    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilterSet
    public_read = True
    ordering_fields = ("pk", "code", "updated_at")


@extend_schema_view(
    list=extend_schema(
        description=(
            "Regionernas rapporterade indikatorvärden per år. Filtrera på vårdförlopp, indikator, region, "
            "sjukvårdsregion och år."
        )
    ),
    retrieve=extend_schema(description="Ett indikatorvärde."),
)
class IndicatorValueViewSet(ApiReadViewSet):
    """Indikatorvärden per region och år (offentliga)."""

    queryset = IndicatorValue.objects.filter(indicator__pathway__state__in=FOLLOWED_STATES).select_related(
        "indicator__pathway", "region"
    )
    serializer_class = IndicatorValueSerializer
    filterset_class = IndicatorValueFilterSet
    public_read = True
    ordering_fields = ("pk", "year", "updated_at")
