from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views
from .accounts.views import LoginView

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("halsa/", views.health, name="health"),
    path("logga-in/", LoginView.as_view(), name="login"),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("oidc/", include("mozilla_django_oidc.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("kunskapsstyrning.api.urls")),
    path("api/", include("kunskapsstyrning.api.pages")),
    path("", include("kunskapsstyrning.organisation.urls")),
    path("", include("kunskapsstyrning.declarations.urls")),
    path("", include("kunskapsstyrning.nominations.urls")),
    path("", include("kunskapsstyrning.notices.urls")),
    path("", include("nkk.consultations.urls")),
    path("", include("plans.urls")),
    path("", include("svf.follow_up_urls")),
    path("", include("kunskapsstyrning.accounts.urls")),
    path("", include("nkk.urls")),
    path("", include("svf.urls")),
    path("", include("npo.urls")),
    path("", include("nsg.urls")),
]
