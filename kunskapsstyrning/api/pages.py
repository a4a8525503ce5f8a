"""The API app's portal pages (/api/nycklar/): a person's own access tokens."""

from django.urls import path

from . import views

app_name = "api-pages"

urlpatterns = [
    path("nycklar/", views.TokenListView.as_view(), name="tokens"),
    path("nycklar/<int:pk>/aterkalla/", views.TokenRevokeView.as_view(), name="token_revoke"),
]
