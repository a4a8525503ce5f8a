from django.urls import path

from .views import assignments, hosting, oversight, roster
from .views import public as views

app_name = "organisation"

urlpatterns = [
    path("katalog/", views.DirectoryView.as_view(), name="directory"),
    path("grupper/<slug:slug>/", views.GroupDetailView.as_view(), name="group"),
    path("grupper/<slug:slug>/ledamotslista/", roster.RosterEditView.as_view(), name="roster_edit"),
    path("grupper/<slug:slug>/ledamotslista/paminn/", roster.RosterRemindView.as_view(), name="roster_remind"),
    path("grupper/<slug:slug>/ledamotslista/importera/", roster.RosterImportView.as_view(), name="roster_import"),
    path("grupper/<slug:slug>/ledamoter.csv", roster.RosterExportView.as_view(), name="roster_csv"),
    path("grupper/<slug:slug>/ledamoter.xlsx", roster.RosterExportView.as_view(), {"fmt": "xlsx"}, name="roster_xlsx"),
    path("grupper/<slug:slug>/ledamotsforteckning.pdf", roster.RosterPdfView.as_view(), name="roster_pdf"),
    path("grupper/<slug:slug>/vardskap/", hosting.HostingTransferView.as_view(), name="hosting_transfer"),
    path("grupper/<slug:slug>/historik/", roster.RosterHistoryView.as_view(), name="roster_history"),
    path(
        "grupper/<slug:slug>/historik/<int:version>/angra-import/",
        roster.RosterImportUndoView.as_view(),
        name="roster_import_undo",
    ),
    path("grupper/<slug:slug>/uppdrag/<int:pk>/avsluta/", roster.MembershipEndView.as_view(), name="membership_end"),
    path(
        "grupper/<slug:slug>/uppdrag/<int:pk>/ersatt/",
        roster.MembershipReplaceView.as_view(),
        name="membership_replace",
    ),
    path("mina-uppdrag/", assignments.MyAssignmentsView.as_view(), name="my_assignments"),
    path("oversikt/sammansattning/", oversight.CompositionOverviewView.as_view(), name="composition_overview"),
    path("oversikt/sammansattning/csv/", oversight.CompositionExportView.as_view(), name="composition_csv"),
    path("sjukvardsregioner/", views.HealthcareRegionListView.as_view(), name="healthcare_regions"),
    path("sjukvardsregioner/<slug:slug>/", views.HealthcareRegionDetailView.as_view(), name="healthcare_region"),
]
