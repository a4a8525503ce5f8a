from django.urls import path

from . import views

app_name = "notices"

urlpatterns = [
    path("mina-uppdrag/kalender/", views.CalendarFeedManageView.as_view(), name="calendar_manage"),
    path("kalender/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
