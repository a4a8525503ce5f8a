from django.urls import path

from . import views

app_name = "plans"

_plan = "verksamhetsplaner/<slug:slug>/<int:year>/"
_revision = _plan + "revision/<int:revision>/"

urlpatterns = [
    path("verksamhetsplaner/", views.OverviewView.as_view(), name="overview"),
    path("verksamhetsplaner/insatser.csv", views.OverviewExportView.as_view(format="csv"), name="export_csv"),
    path("verksamhetsplaner/insatser.xlsx", views.OverviewExportView.as_view(format="xlsx"), name="export_xlsx"),
    path("verksamhetsplaner/sammanfattning/", views.SummaryRequestView.as_view(), name="summary_request"),
    path("verksamhetsplaner/sammanfattning/<int:pk>/", views.SummaryView.as_view(), name="summary"),
    path("verksamhetsplaner/sammanfattning/<int:pk>/status/", views.summary_status, name="summary_status"),
    path("verksamhetsplaner/sammanfattning/<int:pk>/pdf/", views.summary_download, name="summary_download"),
    path("verksamhetsplaner/<slug:slug>/ny/", views.PlanCreateView.as_view(), name="plan_create"),
    path(_plan, views.PlanView.as_view(), name="plan"),
    path(_revision, views.PlanView.as_view(), name="revision"),
    path(_revision + "insatser/ny/", views.InitiativeFormView.as_view(), name="initiative_create"),
    path(_revision + "insatser/<int:pk>/", views.InitiativeFormView.as_view(), name="initiative_update"),
    path(_revision + "insatser/<int:pk>/ta-bort/", views.InitiativeDeleteView.as_view(), name="initiative_delete"),
    path(_revision + "lamna-in/", views.PlanActionView.as_view(action="submit"), name="submit"),
    path(_revision + "tillbaka/", views.PlanActionView.as_view(action="return"), name="return"),
    path(_revision + "godkann/", views.PlanActionView.as_view(action="approve"), name="approve"),
    path(_revision + "revidera/", views.PlanActionView.as_view(action="revise"), name="revise"),
    path("nulage/", views.NulageView.as_view(), name="nulage"),
    path("nulage/vakanta-platser/", views.VacantSeatsView.as_view(), name="vacant_seats"),
]
