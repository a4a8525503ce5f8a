"""The follow-up's pages, all under /uppfoljning/vardforlopp/ (the pathways' own pages are svf/urls.py)."""

from django.urls import include, path

from . import follow_up_views as views

app_name = "svf_follow_up"

#: A region's introduction of a pathway and what it reports, under
#: /uppfoljning/vardforlopp/<slug>/regioner/<region>/.
region_patterns = [
    path("", views.ImplementationView.as_view(), name="implementation"),
    path("andra/", views.ImplementationEditView.as_view(), name="implementation_edit"),
    path("rapport/", views.ReportCreateView.as_view(), name="report"),
    path("aktiviteter/ny/", views.ActivityAddView.as_view(), name="activity_add"),
    path("aktiviteter/<int:pk>/", views.ActivityUpdateView.as_view(), name="activity_update"),
    path("indikatorvarden/", views.ValuesReportView.as_view(), name="values"),
]

#: A pathway's indicators, under /uppfoljning/vardforlopp/<slug>/indikatorer/.
indicator_patterns = [
    path("", views.IndicatorListView.as_view(), name="indicators"),
    path("importera/", views.ImportView.as_view(), name="import"),
    path("mall.csv", views.ImportTemplateView.as_view(), name="import_template"),
    path("<slug:code>/", views.ComparisonView.as_view(), name="comparison"),
]

urlpatterns = [
    path("uppfoljning/vardforlopp/", views.MatrixView.as_view(), name="matrix"),
    path("uppfoljning/vardforlopp/<slug:slug>/indikatorer/", include(indicator_patterns)),
    path("uppfoljning/vardforlopp/<slug:slug>/regioner/<slug:region>/", include(region_patterns)),
]
