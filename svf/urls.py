from django.urls import path

from . import views

app_name = "svf"

urlpatterns = [
    path("vardforlopp/", views.PathwayListView.as_view(), name="list"),
    path("vardforlopp/<slug:slug>/", views.PathwayDetailView.as_view(), name="pathway"),
    path("vardforlopp/<slug:slug>/version/<int:number>/", views.VersionDetailView.as_view(), name="version"),
    path("vardforlopp/<slug:slug>/version/<int:number>/pdf/", views.VersionPdfView.as_view(), name="pdf"),
    path("vardforlopp/<slug:slug>/jamfor/", views.CompareView.as_view(), name="compare"),
    path("redaktion/vardforlopp/ny/", views.PathwayCreateView.as_view(), name="create"),
    path("redaktion/vardforlopp/<slug:slug>/", views.WorkView.as_view(), name="work"),
    path("redaktion/vardforlopp/<slug:slug>/utkast/", views.DraftEditView.as_view(), name="draft"),
    path("redaktion/vardforlopp/<slug:slug>/overgang/", views.TransitionView.as_view(), name="transition"),
]
