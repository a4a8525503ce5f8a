from django.urls import path

from . import views

app_name = "organisation"

urlpatterns = [
    path("katalog/", views.DirectoryView.as_view(), name="directory"),
    path("grupper/<slug:slug>/", views.GroupDetailView.as_view(), name="group"),
    path("sjukvardsregioner/", views.HealthcareRegionListView.as_view(), name="healthcare_regions"),
    path("sjukvardsregioner/<slug:slug>/", views.HealthcareRegionDetailView.as_view(), name="healthcare_region"),
]
