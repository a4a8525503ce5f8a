"""The portal's URLs plus a minimal view, the baseline every page is compared with."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from kunskapsstyrning.pagecache.decorators import never_page_cached


@never_page_cached
def minimal(request: HttpRequest) -> HttpResponse:
    """The cheapest Django response: the same middleware and server, no database, no template.

    Outside the page cache, which would otherwise cost it a version query per request: the
    baseline is an empty view, not a cache check.
    """
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [
    path("bench/minimal/", minimal, name="bench-minimal"),
    path("", include("kunskapsstyrning.urls")),
]
