from django.urls import path

from . import views

app_name = "notices"

urlpatterns = [
    path("mina-uppdrag/kalender/", views.CalendarFeedManageView.as_view(), name="calendar_manage"),
    path("kalender/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("min-sida/", views.MyPageView.as_view(), name="my_page"),
    path("notiser/", views.NoticeListView.as_view(), name="list"),
    path("notiser/lasta/", views.NoticeReadView.as_view(), name="read_all"),
    path("notiser/<int:pk>/last/", views.NoticeReadView.as_view(), name="read"),
    path("notiser/installningar/", views.PreferencesView.as_view(), name="preferences"),
    path("oversikt/paminnelser/", views.ReminderOverviewView.as_view(), name="reminders"),
    path("oversikt/paminnelser/csv/", views.ReminderExportView.as_view(), name="reminders_csv"),
    path("oversikt/paminnelser/<int:pk>/skicka-igen/", views.ReminderResendView.as_view(), name="resend"),
]
