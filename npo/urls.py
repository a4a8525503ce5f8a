from django.urls import path

from . import views

app_name = "npo"

urlpatterns = [
    path("programomraden/", views.ProgramAreaListView.as_view(), name="list"),
]
