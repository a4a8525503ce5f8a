from django.urls import path

from . import views

app_name = "nkk"

urlpatterns = [
    path("kunskapsstod/", views.RecommendationListView.as_view(), name="list"),
    path("kunskapsstod/nyligen-publicerade/", views.RecentView.as_view(), name="recent"),
    path("kunskapsstod/nyligen-publicerade/atom/", views.RecentFeed(), name="feed"),
    path("kunskapsstod/<slug:slug>/", views.RecommendationDetailView.as_view(), name="recommendation"),
    path("kunskapsstod/<slug:slug>/version/<int:number>/", views.VersionDetailView.as_view(), name="version"),
    path("kunskapsstod/<slug:slug>/jamfor/", views.CompareView.as_view(), name="compare"),
    path("redaktion/kunskapsstod/", views.WorkListView.as_view(), name="work_list"),
    path("redaktion/kunskapsstod/ny/", views.RecommendationCreateView.as_view(), name="create"),
    path("redaktion/kunskapsstod/<slug:slug>/", views.RecommendationWorkView.as_view(), name="work"),
    path("redaktion/kunskapsstod/<slug:slug>/utkast/", views.DraftEditView.as_view(), name="draft"),
    path("redaktion/kunskapsstod/<slug:slug>/overgang/", views.TransitionView.as_view(), name="transition"),
    path("redaktion/kunskapsstod/<slug:slug>/revidera/", views.OpenRevisionView.as_view(), name="open_revision"),
    path("redaktion/kunskapsstod/<slug:slug>/granskad/", views.ConfirmUnchangedView.as_view(), name="confirm"),
    path("redaktion/kunskapsstod/<slug:slug>/aterkalla/", views.WithdrawView.as_view(), name="withdraw"),
    path("redaktion/publiceringskalender/", views.CalendarView.as_view(), name="calendar"),
    path(
        "redaktion/publiceringskalender/<str:date>/publicera/",
        views.PublishDateView.as_view(),
        name="publish_date",
    ),
    path("redaktion/version/<int:pk>/", views.VersionWorkRedirectView.as_view(), name="version_work"),
]

# Regionala tillägg and the recommendation as PDF (nkk/supplement_views.py).
from . import supplement_views  # noqa: E402

urlpatterns += [
    path("kunskapsstod/<slug:slug>/pdf/", supplement_views.RecommendationPdfView.as_view(), name="recommendation_pdf"),
    path(
        "redaktion/kunskapsstod/<slug:slug>/regionala-tillagg/",
        supplement_views.SupplementIndexView.as_view(),
        name="supplements",
    ),
    path(
        "redaktion/kunskapsstod/<slug:slug>/regionala-tillagg/<slug:region>/",
        supplement_views.SupplementEditView.as_view(),
        name="supplements_edit",
    ),
]

# Revision campaigns (campaign_views.py): the support function's list and form, the open progress page.
from . import campaign_views  # noqa: E402

urlpatterns += [
    path("redaktion/revideringskampanjer/", campaign_views.CampaignListView.as_view(), name="campaigns"),
    path("redaktion/revideringskampanjer/ny/", campaign_views.CampaignFormView.as_view(), name="campaign_create"),
    path(
        "redaktion/revideringskampanjer/<int:pk>/andra/",
        campaign_views.CampaignFormView.as_view(),
        name="campaign_edit",
    ),
    path("revideringskampanjer/<int:pk>/", campaign_views.CampaignProgressView.as_view(), name="campaign"),
]
