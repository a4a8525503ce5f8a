from django.urls import path

from . import views

app_name = "organisation-api"

urlpatterns = [
    path("grupper/", views.GroupListView.as_view(), name="group-list"),
    path("grupper/<slug:slug>/", views.GroupDetailView.as_view(), name="group-detail"),
    path("mina-uppdrag/", views.MyAssignmentsView.as_view(), name="my-assignments"),
]
