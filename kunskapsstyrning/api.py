"""The project's API root: /api/v1/. Each app contributes its own urls module."""

from django.urls import include, path

urlpatterns = [
    path("", include("kunskapsstyrning.organisation.api.urls")),
]
