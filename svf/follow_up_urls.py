"""The follow-up's pages, all under /uppfoljning/vardforlopp/ (the pathways' own pages are svf/urls.py)."""

from django.urls import path

from . import follow_up_views as views

app_name = "svf_follow_up"

urlpatterns = [
    path("uppfoljning/vardforlopp/", views.MatrixView.as_view(), name="matrix"),
    path("uppfoljning/vardforlopp/<slug:slug>/indikatorer/", views.IndicatorListView.as_view(), name="indicators"),
    path("uppfoljning/vardforlopp/<slug:slug>/indikatorer/importera/", views.ImportView.as_view(), name="import"),
    path(
        "uppfoljning/vardforlopp/<slug:slug>/indikatorer/mall.csv",
        views.ImportTemplateView.as_view(),
        name="import_template",
    ),
    path(
        "uppfoljning/vardforlopp/<slug:slug>/indikatorer/<slug:code>/",
        views.ComparisonView.as_view(),
        name="comparison",
    ),
    path(
        "uppfoljning/vardforlopp/<slug:slug>/regioner/<slug:region>/",
        views.ImplementationView.as_view(),
        name="implementation",
    ),
    path(
        "uppfoljning/vardforlopp/<slug:slug>/regioner/<slug:region>/andra/",
        views.ImplementationEditView.as_view(),
        name="implementation_edit",
    ),
    path(
        "uppfoljning/vardforlopp/<slug:slug>/regioner/<slug:region>/rapport/",
        views.ReportCreateView.as_view(),
        name="report",
    ),
    path(
        "uppfoljning/vardforlopp/<slug:slug>/regioner/<slug:region>/aktiviteter/ny/",
        views.ActivityAddView.as_view(),
        name="activity_add",
    ),
    path(
        "uppfoljning/vardforlopp/<slug:slug>/regioner/<slug:region>/aktiviteter/<int:pk>/",
        views.ActivityUpdateView.as_view(),
        name="activity_update",
    ),
    path(
        "uppfoljning/vardforlopp/<slug:slug>/regioner/<slug:region>/indikatorvarden/",
        views.ValuesReportView.as_view(),
        name="values",
    ),
]
