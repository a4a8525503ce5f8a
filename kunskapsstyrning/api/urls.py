"""/api/v1/: the schema, the documentation and each app's endpoints (one include per app)."""

from django.urls import include, path, re_path

from .views import DocumentationView, not_found, schema_file

urlpatterns = [
    path("schema/", schema_file, name="api-schema"),
    path("dokumentation/", DocumentationView.as_view(), name="api-documentation"),
    path("", include("kunskapsstyrning.organisation.api.urls")),
    path("", include("nkk.api.urls")),
    path("", include("svf.api.urls")),
    # Last: any other address under /api/v1/ is a JSON 404 like the endpoints', not an HTML page.
    re_path(r"", not_found),
]
