from django.urls import path

from . import views

app_name = "consultations"

urlpatterns = [
    path("granskning/fonster/", views.WindowsView.as_view(), name="windows"),
    path("granskning/att-besvara/", views.ToAnswerView.as_view(), name="to_answer"),
    path("granskning/<int:pk>/", views.RoundDetailView.as_view(), name="round"),
    path("granskning/<int:pk>/svar/<int:recipient>/", views.AnswerView.as_view(), name="answer"),
    path("granskning/<int:pk>/sent-svar/<int:recipient>/", views.LateAnswerView.as_view(), name="late_answer"),
    path("granskning/<int:pk>/synpunkter/", views.LedgerView.as_view(), name="ledger"),
    path("granskning/<int:pk>/synpunkter/publicera/", views.LedgerPublishView.as_view(), name="ledger_publish"),
    path("granskning/bilagor/<int:pk>/", views.AttachmentView.as_view(), name="attachment"),
]
