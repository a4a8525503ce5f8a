"""NKK's read-only endpoints: ämnesområden, the public recommendations and their published
versions. The same queryset as the public pages (RecommendationQuerySet.public()), the same
filters (nkk.filtersets), on kunskapsstyrning.api's base (authentication, throttles, cursor pages,
ETags, JSON errors). Nothing here shows a draft, a withdrawn or merged recommendation, the
workflow's comments or anyone's contact data.

Recommendations and ämnesområden have no `updated_at`; their ETags and `updated_since` use the
audit events the database writes on every insert and update (pghistory), so a change made by a
service, the admin or a shell is seen alike.
"""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view

from kunskapsstyrning.api.viewsets import ApiReadViewSet

from ..choices import RecommendationStatus, State
from ..models import Recommendation, RecommendationSection, RecommendationVersion, SubjectArea
from .filtersets import RecommendationApiFilterSet, SubjectAreaFilterSet, VersionFilterSet
from .serializers import (
    RecommendationDetailSerializer,
    RecommendationSerializer,
    SubjectAreaSerializer,
    VersionSerializer,
)


def _sections():
    return Prefetch("sections", queryset=RecommendationSection.objects.order_by("position"))


def published_versions():
    """Published versions of public recommendations (active, published at least once)."""
    return RecommendationVersion.objects.filter(
        state=State.PUBLISHED,
        recommendation__status=RecommendationStatus.ACTIVE,
        recommendation__current_version__isnull=False,
    )


@extend_schema_view(
    list=extend_schema(
        description="Ämnesområdena i Nationellt kliniskt kunskapsstöd med ansvarig sjukvårdsregion och styrande NPO."
    ),
    retrieve=extend_schema(description="Ett ämnesområde."),
)
class SubjectAreaViewSet(ApiReadViewSet):
    """Ämnesområden (offentliga)."""

    queryset = SubjectArea.objects.select_related("healthcare_region", "steering_npo")
    serializer_class = SubjectAreaSerializer
    filterset_class = SubjectAreaFilterSet
    lookup_field = "slug"
    public_read = True
    ordering = ("name",)
    ordering_fields = ("pk", "name", "slug")
    conditional_fields = ("events__pgh_created_at",)


@extend_schema_view(
    list=extend_schema(
        description=(
            "Publicerade kunskapsstöd (aktiva, publicerade minst en gång) med gällande versions "
            "ändringsbeskrivning. Samma filter som den offentliga listan: q (svensk fritextsökning i titeln, "
            "”smärtor” hittar ”smärta”), omrade, malgrupp och uppdaterad_sedan. Återkallade och sammanslagna "
            "kunskapsstöd och versioner under arbete finns inte här."
        )
    ),
    retrieve=extend_schema(
        description=(
            "Ett publicerat kunskapsstöd med gällande versions text (HTML, sanerad), tidigare titlar "
            "och alla publicerade versioner."
        )
    ),
)
class RecommendationViewSet(ApiReadViewSet):
    """Publicerade kunskapsstöd (offentliga)."""

    filterset_class = RecommendationApiFilterSet
    lookup_field = "slug"
    public_read = True
    ordering = ("pk",)
    ordering_fields = ("pk", "title")
    conditional_fields = ("events__pgh_created_at", "current_version__updated_at")

    def get_queryset(self):
        queryset = Recommendation.objects.public().select_related(
            "subject_area", "owning_group", "current_version__publishing_date", "current_version__recommendation"
        )
        if self.action == "retrieve":
            versions = published_versions().select_related("publishing_date").order_by("-number")
            queryset = queryset.prefetch_related(
                "earlier_titles",
                Prefetch("versions", queryset=versions, to_attr="published_versions"),
                Prefetch("current_version__sections", queryset=RecommendationSection.objects.order_by("position")),
            )
        return queryset

    def get_serializer_class(self):
        return RecommendationDetailSerializer if self.action == "retrieve" else RecommendationSerializer


@extend_schema_view(
    list=extend_schema(
        description=(
            "Publicerade versioner av publicerade kunskapsstöd, med text (HTML, sanerad) och "
            "ändringsbeskrivning. En publicerad version ändras aldrig; updated_since avser publiceringstiden."
        )
    ),
    retrieve=extend_schema(description="En publicerad version."),
)
class VersionViewSet(ApiReadViewSet):
    """Publicerade versioner (offentliga)."""

    queryset = published_versions().select_related("recommendation", "publishing_date").prefetch_related(_sections())
    serializer_class = VersionSerializer
    filterset_class = VersionFilterSet
    public_read = True
    ordering = ("pk",)
    ordering_fields = ("pk", "published_at")
