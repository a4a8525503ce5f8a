"""The portal's URLs plus a minimal view, the baseline every page is compared with."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def minimal(request: HttpRequest) -> HttpResponse:
    """The cheapest Django response: the same middleware and server, no database, no template."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [
    path("bench/minimal/", minimal, name="bench-minimal"),
    path("", include("kunskapsstyrning.urls")),
]
