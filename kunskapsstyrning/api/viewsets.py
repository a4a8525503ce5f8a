"""The base every endpoint is built on. A new endpoint in an app is a serializer, a viewset and
one router line:

    class RecommendationViewSet(ApiReadViewSet):
        \"\"\"Publicerade rekommendationer.\"\"\"   # becomes the documentation's text
        queryset = Recommendation.objects.published().select_related("owner")
        serializer_class = RecommendationSerializer
        filterset_class = RecommendationFilterSet  # an ApiFilterSet: ?updated_since= comes with it
        public_read = True                         # or view_perm = SOME_RULE
        ordering_fields = ("title", "updated_at")
        search_fields = ("title",)

    router.register("rekommendationer", RecommendationViewSet, basename="recommendation")

From the base it gets: authentication (session or token), the deny-by-default rule permission,
throttles, filtering, strict ordering, `?q=` search, stable cursor pagination, ETag and
Last-Modified with 304s, JSON errors with codes, and its place in the OpenAPI schema.
"""

from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import mixins, viewsets
from rest_framework.exceptions import NotFound

from .conditional import ConditionalMixin
from .filters import Search, StrictOrderingFilter
from .pagination import StableCursorPagination
from .permissions import RulesPermission


class ApiViewSetMixin(ConditionalMixin):
    permission_classes = [RulesPermission]
    filter_backends = [DjangoFilterBackend, StrictOrderingFilter, Search]
    pagination_class = StableCursorPagination
    #: The default order of a list (the primary key is appended). Sync clients may ask
    #: ?ordering=updated_at to read changes oldest first.
    ordering = ("pk",)
    ordering_fields = ("pk", "updated_at")
    lookup_value_regex = "[^/]+"
    public_read = False
    #: JSON has its own validators (api/conditional.py); the page cache never stores it and
    #: skips it without asking the database for its version.
    page_cache_exempt = True
    #: An API key's GET of the list or a detail is answered from the page cache before the
    #: session, authentication or DRF run (response_cache.py).
    response_cache = True
    view_perm: str | None = None
    change_perm: str | None = None

    def validated_lookup(self) -> str:
        """The URL's lookup value, refused as a 404 before the database sees it if it cannot be
        one (an id that is not a 64-bit number, a NUL character)."""
        value = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        numeric = self.lookup_field in ("pk", "id")
        if (
            "\x00" in value
            or len(value) > 200
            or (numeric and not (value.isascii() and value.isdigit() and len(value) <= 18))
        ):
            raise NotFound(_("Det som efterfrågades finns inte."))
        return value

    def get_object(self):
        self.validated_lookup()
        return super().get_object()


class ApiReadViewSet(ApiViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """List and detail, read-only."""


class ApiReadCreateViewSet(ApiViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """List, detail and create; the view's create asks `change_perm` itself and calls a service."""
