from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy
from django.views.generic import TemplateView

from . import views

app_name = "accounts"

urlpatterns = [
    path("tillganglighet/", views.AccessibilityView.as_view(), name="accessibility"),
    path("behandling-av-personuppgifter/", views.PrivacyView.as_view(), name="privacy"),
    path("kakor/", views.CookiesView.as_view(), name="cookies"),
    path("konto/", views.AccountView.as_view(), name="account"),
    path(
        "logga-in/misslyckades/",
        TemplateView.as_view(template_name="accounts/oidc_failed.html"),
        name="oidc_failed",
    ),
    path("konto/logga-ut-overallt/", views.LogOutEverywhereView.as_view(), name="logout_everywhere"),
    path("konto/registerutdrag.json", views.PersonalDataView.as_view(fmt="json"), name="personal_data_json"),
    path("konto/registerutdrag.pdf", views.PersonalDataView.as_view(fmt="pdf"), name="personal_data_pdf"),
    path("konto/inbjudan/", views.InvitationAcceptView.as_view(), name="invitation_accept"),
    path("konto/inbjudan/<str:token>/", views.invitation_link, name="invitation"),
    path("grupper/<slug:slug>/inbjudningar/", views.GroupInvitationsView.as_view(), name="group_invitations"),
    path("konto/tvastegsverifiering/", views.OtpSetupView.as_view(), name="otp_setup"),
    path("logga-in/kod/", views.OtpVerifyView.as_view(), name="otp_verify"),
    path(
        "konto/byt-losenord/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html", success_url=reverse_lazy("accounts:account")
        ),
        name="password_change",
    ),
    path("glomt-losenord/", views.ThrottledPasswordResetView.as_view(), name="password_reset"),
    path(
        "glomt-losenord/skickat/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "glomt-losenord/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "glomt-losenord/klart/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("oversikt/pseudonymisering/<int:pk>/", views.PseudonymiseView.as_view(), name="pseudonymise"),
]
