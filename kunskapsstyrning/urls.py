from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from . import views
from .accounts.views import LoginView

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("halsa/", views.health, name="health"),
    path("logga-in/", LoginView.as_view(), name="login"),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    # Without CSRF protection, so that the switch on every page needs no token (a token would
    # tie each page to the visitor's cookie and keep anonymous pages out of the page cache).
    # The most a forged request can do is change someone's language; `next` stays on this host.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
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
