from django.urls import path

from . import views

app_name = "organisation-api"

urlpatterns = [
    path("grupper/", views.GroupListView.as_view(), name="group-list"),
    path("grupper/<slug:slug>/", views.GroupDetailView.as_view(), name="group-detail"),
    path("grupper/<slug:slug>/kontakter/", views.GroupContactsView.as_view(), name="group-contacts"),
    path("mina-uppdrag/", views.MyAssignmentsView.as_view(), name="my-assignments"),
]
