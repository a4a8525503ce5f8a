from django.urls import path

from . import views

app_name = "nsg"

urlpatterns = [
    path("samverkansgrupper/", views.CollaborationGroupListView.as_view(), name="list"),
]
