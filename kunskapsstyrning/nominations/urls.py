from django.urls import path

from . import views

app_name = "nominations"

urlpatterns = [
    path("grupper/<slug:slug>/utlysningar/ny/", views.CallCreateView.as_view(), name="call_create"),
    path("utlysningar/<int:pk>/", views.CallDetailView.as_view(), name="call"),
    path("oversikt/utlysningar/", views.OpenCallsView.as_view(), name="open_calls"),
    path("nomineringar/<int:pk>/beslut/", views.NominationDecisionView.as_view(), name="decide"),
]
